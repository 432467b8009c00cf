// SPDX-License-Identifier: MIT
#include "io/requestjson.h"

#include "io/jsonwriter.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("RequestJson", text);
}

QByteArray idJson(const QJsonValue &id)
{
    // QJsonDocument serialises only containers: wrap the value and strip the brackets.
    const QByteArray array = QJsonDocument(QJsonArray{ id }).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

QString verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Pass:
        return QStringLiteral("pass");
    case Verdict::Fail:
        return QStringLiteral("fail");
    case Verdict::Skip:
        return QStringLiteral("skip");
    case Verdict::Error:
        return QStringLiteral("error");
    }
    return QString();
}

} // namespace

std::optional<RequestLine> parseRequestLine(const QByteArray &line, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = tr("invalid JSON at offset %1: %2")
                         .arg(parseError.offset)
                         .arg(parseError.errorString());
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = tr("expected a JSON object");
        return std::nullopt;
    }
    RequestLine out;
    const QJsonObject object = doc.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString &key = it.key();
        const QJsonValue value = it.value();
        if (key == QLatin1String("method")) {
            if (!value.isString()) {
                *error = tr("\"method\" must be a string");
                return std::nullopt;
            }
            out.request.method = value.toString();
        } else if (key == QLatin1String("path")) {
            if (!value.isString()) {
                *error = tr("\"path\" must be a string");
                return std::nullopt;
            }
            out.request.path = value.toString();
        } else if (key == QLatin1String("secure")) {
            if (!value.isBool()) {
                *error = tr("\"secure\" must be true or false");
                return std::nullopt;
            }
            out.request.secure = value.toBool();
        } else if (key == QLatin1String("headers")) {
            if (!value.isObject()) {
                *error = tr("\"headers\" must be an object of header names to string values");
                return std::nullopt;
            }
            const QJsonObject headers = value.toObject();
            for (auto h = headers.begin(); h != headers.end(); ++h) {
                if (!h.value().isString()) {
                    *error = tr("header \"%1\" must have a string value").arg(h.key());
                    return std::nullopt;
                }
                out.request.headers.append({ h.key(), h.value().toString() });
            }
        } else if (key == QLatin1String("id")) {
            out.id = value;
        } else {
            *error = tr("unknown member \"%1\" (expected method, path, headers, secure, id)")
                             .arg(key);
            return std::nullopt;
        }
    }
    return out;
}

QByteArray engineResponseToJson(const EngineResponse &response, const QJsonValue &id, bool explain)
{
    JsonWriter json;
    json.beginObject();
    if (!id.isUndefined())
        json.key(u"id").raw(idJson(id));
    json.key(u"status").value(response.status);
    if (!response.error.isEmpty()) {
        json.key(u"error").value(response.error);
    } else {
        json.key(u"short_circuit").value(response.shortCircuit);
        json.key(u"headers").beginObject();
        for (const HttpHeader &h : response.corsHeaders)
            json.key(h.name).value(h.value);
        json.endObject();
    }
    if (explain) {
        json.key(u"explanation").beginArray();
        for (const ExplanationStep &step : response.explanation) {
            json.beginObject();
            json.key(u"topic").value(step.topic);
            json.key(u"verdict").value(verdictName(step.verdict));
            json.key(u"text").value(step.text);
            json.key(u"setting");
            if (step.setting)
                json.value(settingName(*step.setting));
            else
                json.null();
            if (step.entry >= 0)
                json.key(u"entry").value(step.entry);
            json.endObject();
        }
        json.endArray();
    }
    json.endObject();
    return json.data();
}

QByteArray inputErrorToJson(qint64 lineNumber, const QString &error)
{
    JsonWriter json;
    json.beginObject().key(u"line").value(lineNumber).key(u"error").value(error).endObject();
    return json.data();
}

} // namespace Cors
