// SPDX-License-Identifier: MIT
#pragma once

#include "engines/browserengine.h"
#include "engines/enginefailure.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Cors {

/** One engine message found in pasted text. */
struct RecognisedMessage
{
    BrowserEngine engine = BrowserEngine::Chromium;
    /** The engine's identifier (as in EngineFailure::identifier); "" for a script error. */
    QString identifier;
    /** The text the message was read from (normalised). */
    QString text;
    /** Only a fragment of the engine's sentence was found: the quoted values may be missing. */
    bool partial = false;
    /** A script error ("TypeError: Failed to fetch"), not a console line. */
    bool scriptError = false;
    /**
     * A line that accompanies another (Firefox's "CORS request did not succeed" after a failed
     * preflight, WebKit's "Fetch API cannot load ..." and "Failed to load resource: ...").
     */
    bool companion = false;
    std::optional<RequestInitiator> initiator;
    QString url;
    QString firstUrl;
    QString origin;
    QString parameter;
    QString status;
};

/** What pasted console text or a script error says, as far as the text tells. */
struct ErrorExplanation
{
    bool recognised = false;
    /** The engine that wrote it, when the messages agree on one. */
    std::optional<BrowserEngine> engine;
    /** Several engines' wordings were pasted together. */
    bool mixedEngines = false;
    QList<RecognisedMessage> messages;

    /** The main failure: the engine's identifier, empty for a lone script error. */
    QString identifier;
    /** Where it failed, when the text tells. */
    std::optional<FailureStage> stage;
    /** What failed, in a sentence; and what to change on the server. */
    QString what;
    QString fix;

    /** The request the text implies; empty when it does not tell. */
    QString url;
    QString firstUrl;
    QString origin;
    QString method;
    QString credentials; ///< "include" when the text says credentials were sent
    QStringList requestHeaders;
    std::optional<RequestInitiator> initiator;
    /** The value quoted by the message (Allow-Origin value, token, header, status). */
    QString parameter;
    QString status;

    /** When nothing was recognised: the known messages closest to the text, best first. */
    QStringList closest;
};

/**
 * Reads console messages or script errors as copied from Chromium, Firefox or Safari, whole or
 * partial, one or several, wrapped or not. The engines' own sentence builders (enginewords.h,
 * corserror.h) give the patterns, so every message the simulator produces reads back.
 */
ErrorExplanation explainErrorText(const QString &text);

/** Every known message pattern with <url>, <origin>, <value>, <status> markers (for help). */
QStringList knownMessagePatterns();

} // namespace Cors
