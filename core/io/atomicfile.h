// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

namespace Cors {

/**
 * Writes @p data to @p path through QSaveFile: the file is either replaced whole or left as it
 * was. On failure returns false and sets @p error to a message naming the file.
 */
bool writeFileAtomically(const QString &path, const QByteArray &data, QString *error);

} // namespace Cors
