// SPDX-License-Identifier: MIT
#pragma once

#include "engines/errorexplainer.h"

#include <QByteArray>
#include <QString>

namespace Cors {

/** `explain --format json`: the explanation, the implied request and the simulate arguments. */
QByteArray explanationToJson(const ErrorExplanation &explanation);

/**
 * The explanation in words: engine, error, step, what failed, the fix, the request it implies,
 * the messages read and the simulate command line (or the closest known messages).
 */
QString explanationToText(const ErrorExplanation &explanation);

} // namespace Cors
