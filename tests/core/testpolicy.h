// SPDX-License-Identifier: MIT
#pragma once

// Reads the reference test cases of tests/data (engine/ and checks/): Python settings values,
// policies, requests and view responses written as JSON.
//
// Settings encoding (a JSON object: setting name -> value):
//   "text" -> str, true/false -> bool, null -> None, 42 (integral number) -> int,
//   [ ... ] -> list,
//   {"tuple": [ ... ]}, {"set": [ ... ]}, {"dict": [[key, value], ...]},
//   {"float": 1.5}, {"int": "123456789012345678901234"} (ints beyond 2^53),
//   {"pattern": "^https://", "flags": 2} -> re.compile(pattern, flags),
//   {"default_headers": true} / {"default_methods": true} -> corsheaders.defaults.*.
//
// A case names its profile ("4.x" or "3.14") in "profile"; a request is
// {"method", "path", "headers": {name: value}, "secure"}; a view response (endpoint) is
// {"status", "headers": [[name, value], ...]} with the headers in order.

#include "policy/policy.h"
#include "policy/profile.h"
#include "policy/setting.h"
#include "python/pyvalue.h"
#include "server/httpmessage.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <cmath>
#include <optional>
#include <utility>

namespace Cors::Test {

/** One case of a reference data file. */
struct ReferenceCase
{
    /** The data file's base name, e.g. "probes-4x". */
    QString file;
    QJsonObject object;

    QString name() const { return object.value(QLatin1String("name")).toString(); }
    /** "file: name", the data row's name. */
    QString rowName() const { return file + QLatin1String(": ") + name(); }
    /** Why the case cannot be run, or empty. */
    QString skipReason() const { return object.value(QLatin1String("skipped")).toString(); }
    QJsonObject expect() const { return object.value(QLatin1String("expect")).toObject(); }
};

/**
 * Every case of every *.json file in tests/data/<subdir>, files in name order and cases in file
 * order. Sets @p error (and returns what it read so far) when a file is missing or malformed.
 */
inline QList<ReferenceCase> loadReferenceCases(const QString &subdir, QString *error)
{
    QList<ReferenceCase> cases;
    const QDir dir(QStringLiteral(CORS_TEST_DATA_DIR) + QLatin1Char('/') + subdir);
    const QStringList files
            = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name | QDir::IgnoreCase);
    if (files.isEmpty()) {
        *error = QStringLiteral("no *.json files in %1").arg(dir.absolutePath());
        return cases;
    }
    for (const QString &fileName : files) {
        QFile file(dir.filePath(fileName));
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("%1: %2").arg(file.fileName(), file.errorString());
            return cases;
        }
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
            *error = QStringLiteral("%1: offset %2: %3")
                             .arg(file.fileName())
                             .arg(parseError.offset)
                             .arg(parseError.errorString());
            return cases;
        }
        const QString base = QFileInfo(fileName).completeBaseName();
        const QJsonArray array = document.object().value(QLatin1String("cases")).toArray();
        for (const QJsonValue &value : array)
            cases.append({base, value.toObject()});
    }
    return cases;
}

/** A Python value from the settings encoding above; None and @p error set when malformed. */
inline PyValue pyValueFromJson(const QJsonValue &json, QString *error)
{
    const auto items = [error](const QJsonValue &array) {
        QList<PyValue> values;
        if (!array.isArray()) {
            *error = QStringLiteral("expected a JSON array");
            return values;
        }
        for (const QJsonValue &item : array.toArray())
            values.append(pyValueFromJson(item, error));
        return values;
    };

    switch (json.type()) {
    case QJsonValue::Null:
        return PyValue::none();
    case QJsonValue::Bool:
        return PyValue::boolean(json.toBool());
    case QJsonValue::String:
        return PyValue::str(json.toString());
    case QJsonValue::Double: {
        const double number = json.toDouble();
        if (std::floor(number) != number || std::fabs(number) > 9007199254740992.0) {
            *error = QStringLiteral("%1: write floats as {\"float\": x} and big ints as {\"int\": "
                                    "\"...\"}")
                             .arg(number);
            return PyValue::none();
        }
        return PyValue::integer(qint64(number));
    }
    case QJsonValue::Array:
        return PyValue::list(items(json));
    case QJsonValue::Object: {
        const QJsonObject object = json.toObject();
        if (object.contains(QLatin1String("tuple")))
            return PyValue::tuple(items(object.value(QLatin1String("tuple"))));
        if (object.contains(QLatin1String("set")))
            return PyValue::set(items(object.value(QLatin1String("set"))));
        if (object.contains(QLatin1String("dict"))) {
            QList<std::pair<PyValue, PyValue>> pairs;
            for (const QJsonValue &pair : object.value(QLatin1String("dict")).toArray()) {
                const QJsonArray keyValue = pair.toArray();
                if (keyValue.size() != 2) {
                    *error = QStringLiteral("a dict item must be [key, value]");
                    return PyValue::none();
                }
                pairs.append({pyValueFromJson(keyValue.at(0), error),
                              pyValueFromJson(keyValue.at(1), error)});
            }
            return PyValue::dict(std::move(pairs));
        }
        if (object.contains(QLatin1String("float")))
            return PyValue::floating(object.value(QLatin1String("float")).toDouble());
        if (object.contains(QLatin1String("int"))) {
            const QString decimal = object.value(QLatin1String("int")).toString();
            const PyValue value = PyValue::integerFromDecimal(decimal);
            if (value.isNone())
                *error = QStringLiteral("malformed int \"%1\"").arg(decimal);
            return value;
        }
        if (object.contains(QLatin1String("pattern")))
            return PyValue::pattern(object.value(QLatin1String("pattern")).toString(),
                                    object.value(QLatin1String("flags")).toInt(0));
        if (object.value(QLatin1String("default_headers")).toBool())
            return PyValue::defaultHeaders();
        if (object.value(QLatin1String("default_methods")).toBool())
            return PyValue::defaultMethods();
        *error = QStringLiteral("unknown value object %1")
                         .arg(QString::fromUtf8(
                                 QJsonDocument(object).toJson(QJsonDocument::Compact)));
        return PyValue::none();
    }
    case QJsonValue::Undefined:
        break;
    }
    *error = QStringLiteral("undefined value");
    return PyValue::none();
}

/** The case's "profile" member. */
inline std::optional<Profile> profileFromCase(const QJsonObject &testCase, QString *error)
{
    const QString name = testCase.value(QLatin1String("profile")).toString();
    const std::optional<Profile> profile = profileFromName(name);
    if (!profile)
        *error = QStringLiteral("unknown profile \"%1\"").arg(name);
    return profile;
}

/** The settings object of a case as a Policy for the case's profile; nullopt and @p error when malformed. */
inline std::optional<Policy> policyFromCase(const QJsonObject &testCase, QString *error)
{
    const std::optional<Profile> profile = profileFromCase(testCase, error);
    if (!profile)
        return std::nullopt;
    Policy policy(*profile);
    const QJsonObject settings = testCase.value(QLatin1String("settings")).toObject();
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        const std::optional<SettingId> id = settingFromName(it.key());
        if (!id) {
            *error = QStringLiteral("unknown setting %1").arg(it.key());
            return std::nullopt;
        }
        QString valueError;
        PyValue value = pyValueFromJson(it.value(), &valueError);
        if (!valueError.isEmpty()) {
            *error = it.key() + QLatin1String(": ") + valueError;
            return std::nullopt;
        }
        policy.setValue(*id, std::move(value));
    }
    return policy;
}

/** [[name, value], ...] in order. */
inline HttpHeaders headersFromJson(const QJsonValue &json)
{
    HttpHeaders headers;
    for (const QJsonValue &pair : json.toArray()) {
        const QJsonArray nameValue = pair.toArray();
        headers.append({nameValue.at(0).toString(), nameValue.at(1).toString()});
    }
    return headers;
}

/** {"method", "path", "headers": {name: value}, "secure"}; absent members keep HttpRequest's defaults. */
inline HttpRequest requestFromJson(const QJsonObject &json)
{
    HttpRequest request;
    if (json.contains(QLatin1String("method")))
        request.method = json.value(QLatin1String("method")).toString();
    if (json.contains(QLatin1String("path")))
        request.path = json.value(QLatin1String("path")).toString();
    const QJsonObject headers = json.value(QLatin1String("headers")).toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it)
        request.headers.append({it.key(), it.value().toString()});
    request.secure = json.value(QLatin1String("secure")).toBool(false);
    return request;
}

/** {"status", "headers": [[name, value], ...]}; absent members keep the defaults (200, none). */
inline EndpointResponse endpointFromJson(const QJsonObject &json)
{
    EndpointResponse endpoint;
    endpoint.status = json.value(QLatin1String("status")).toInt(200);
    endpoint.headers = headersFromJson(json.value(QLatin1String("headers")));
    return endpoint;
}

/** @p text with control characters and backslashes escaped, for failure messages. */
inline QString escaped(const QString &text)
{
    QString out;
    for (const QChar c : text) {
        if (c == QLatin1Char('\\'))
            out += QLatin1String("\\\\");
        else if (c == QLatin1Char('\t'))
            out += QLatin1String("\\t");
        else if (c == QLatin1Char('\n'))
            out += QLatin1String("\\n");
        else if (c == QLatin1Char('\r'))
            out += QLatin1String("\\r");
        else if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

/** One "name: value" line per header, values escaped. */
inline QStringList headerLines(const HttpHeaders &headers)
{
    QStringList lines;
    for (const HttpHeader &header : headers)
        lines.append(escaped(header.name) + QLatin1String(": ") + escaped(header.value));
    return lines;
}

/** A Python-like rendering of @p value for failure messages (not Python's exact repr). */
inline QString pyDebug(const PyValue &value)
{
    const auto join = [](const QList<PyValue> &items) {
        QStringList parts;
        for (const PyValue &item : items)
            parts.append(pyDebug(item));
        return parts.join(QLatin1String(", "));
    };
    switch (value.kind()) {
    case PyValue::Kind::None:
        return QStringLiteral("None");
    case PyValue::Kind::Bool:
        return value.boolValue() ? QStringLiteral("True") : QStringLiteral("False");
    case PyValue::Kind::Int:
        return value.intText();
    case PyValue::Kind::Float:
        return QString::number(value.floatValue());
    case PyValue::Kind::Str:
        return QLatin1Char('\'') + escaped(value.text()) + QLatin1Char('\'');
    case PyValue::Kind::List:
        return QLatin1Char('[') + join(value.items()) + QLatin1Char(']');
    case PyValue::Kind::Tuple:
        return QLatin1Char('(') + join(value.items()) + QLatin1String(",)");
    case PyValue::Kind::Set:
        return QLatin1Char('{') + join(value.items()) + QLatin1Char('}');
    case PyValue::Kind::Dict:
        return QLatin1String("dict(") + join(value.items()) + QLatin1Char(')');
    case PyValue::Kind::Pattern:
        return QStringLiteral("re.compile('%1', %2)")
                .arg(escaped(value.text()))
                .arg(value.patternFlags());
    case PyValue::Kind::DefaultHeaders:
        return QStringLiteral("default_headers");
    case PyValue::Kind::DefaultMethods:
        return QStringLiteral("default_methods");
    }
    return QString();
}

} // namespace Cors::Test
