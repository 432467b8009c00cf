// SPDX-License-Identifier: MIT
#pragma once

#include "server/corsengine.h"

#include <QByteArray>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace Cors {

/**
 * The longest line of JSON Lines input (`respond`, `simulate --batch`) that is read: a request
 * is a few hundred bytes; a longer line is answered with an error naming this limit.
 */
inline constexpr qsizetype MaxJsonLineBytes = 1024 * 1024;

/** The error for a line longer than MaxJsonLineBytes. */
QString jsonLineTooLongError(qint64 length);

/** "pass", "fail", "skip" or "error": a step's verdict as every JSON answer names it. */
QString verdictName(Verdict verdict);

/** One line of `cors-studio respond` input, parsed. */
struct RequestLine
{
    HttpRequest request;
    /** The optional "id" member, echoed in the answer (undefined when absent). */
    QJsonValue id = QJsonValue(QJsonValue::Undefined);
};

/**
 * Parses {"method": "OPTIONS", "path": "/api/x", "headers": {"Origin": "..."}, "secure": false,
 * "id": ...}. Every member is optional (GET, "/", no headers, not secure); unknown members and
 * wrong types are errors naming the member.
 */
std::optional<RequestLine> parseRequestLine(const QByteArray &line, QString *error);

/**
 * {"status": 200, "short_circuit": true, "headers": {...}} with the middleware's headers in
 * order, or {"status": 500, "error": "..."}; "explanation" added when @p explain.
 */
QByteArray engineResponseToJson(const EngineResponse &response, const QJsonValue &id, bool explain);

/** A request line read at byte level: views into the line. */
struct RawRequestLine
{
    RawRequest request;
    /** The "id" member's JSON text as written (empty when absent). */
    QByteArrayView id;
};

/**
 * The common request line (the shape parseRequestLine() reads without a QJsonDocument:
 * printable ASCII without escapes, known members at most once, a string or small non-negative
 * integer id) as views of @p line in @p out, keeping only the headers the middleware reads.
 * False for anything else, including a header the middleware reads given twice (even in
 * different spellings): parseRequestLine() and CorsEngine::respond() then answer. Filled in
 * place: a returned copy cost respond a quarter of its reading (stores forwarded to wide loads).
 */
bool readRawRequestLine(QByteArrayView line, RawRequestLine *out);

/**
 * Appends engineResponseToJson() of a RawResponse, byte for byte what the general path writes
 * for the same answer (without explanation).
 */
void appendRawAnswer(QByteArray &out, const RawResponse &response, QByteArrayView id);

/** {"line": N, "error": "..."} for an input line that could not be used. */
QByteArray inputErrorToJson(qint64 lineNumber, const QString &error);

} // namespace Cors
