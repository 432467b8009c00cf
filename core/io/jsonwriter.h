// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>

namespace Cors {

/**
 * Writes one compact JSON value with object keys in insertion order (QJsonObject sorts them,
 * but header order is part of what the engine reproduces). Strings are escaped as JSON
 * requires and written as UTF-8.
 */
class JsonWriter
{
public:
    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();
    /** The key of the next member of the current object. */
    JsonWriter &key(QStringView name);
    JsonWriter &value(QStringView text);
    JsonWriter &value(const char *latin1) { return value(QString::fromLatin1(latin1)); }
    JsonWriter &value(qint64 number);
    JsonWriter &value(int number) { return value(qint64(number)); }
    JsonWriter &value(bool flag);
    JsonWriter &null();
    /** Inserts an already serialised JSON value. */
    JsonWriter &raw(const QByteArray &json);

    const QByteArray &data() const { return m_out; }

    /** @p text as a JSON string literal (with quotes), UTF-8. */
    static void appendString(QByteArray &out, QStringView text);

private:
    void separate();

    QByteArray m_out;
    bool m_needComma = false;
    bool m_afterKey = false;
};

} // namespace Cors
