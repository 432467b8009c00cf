// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <cstddef>

namespace Cors {

/**
 * An object key written in the source: checked when compiling to need no escaping (printable
 * ASCII without '"' or '\\'), so that it is copied as it is. Most of an answer's keys are these.
 */
struct JsonKey
{
    template<std::size_t N>
    consteval JsonKey(const char (&name)[N])
        : text(name)
        , size(qsizetype(N) - 1)
    {
        for (std::size_t i = 0; i + 1 < N; ++i) {
            if (name[i] < 0x20 || name[i] > 0x7e || name[i] == '"' || name[i] == '\\')
                throw "a JsonKey must be printable ASCII without quotes or backslashes";
        }
    }
    const char *text;
    qsizetype size;
};

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
    JsonWriter &key(JsonKey name);
    JsonWriter &value(QStringView text);
    JsonWriter &value(const char *latin1) { return value(QString::fromLatin1(latin1)); }
    JsonWriter &value(qint64 number);
    JsonWriter &value(int number) { return value(qint64(number)); }
    JsonWriter &value(bool flag);
    JsonWriter &null();
    /** Inserts an already serialised JSON value. */
    JsonWriter &raw(const QByteArray &json);

    /** What has been written. */
    const QByteArray &data() const;

    /** @p text as a JSON string literal (with quotes), UTF-8. */
    static void appendString(QByteArray &out, QStringView text);

private:
    void separate();
    /** Where the next @p bytes go: m_out grows ahead of m_size, which counts what is written. */
    char *room(qsizetype bytes)
    {
        // Inline: called for every comma, bracket and string of an answer.
        return m_out.size() - m_size >= bytes ? m_out.data() + m_size : grow(bytes);
    }
    char *grow(qsizetype bytes);
    void put(char c) { *room(1) = c, ++m_size; }
    void put(const char *bytes, qsizetype size);
    void putString(QStringView text);

    // Written through a cursor: QByteArray's own appends (a call, a detach check and a
    // reallocation check each) cost more than the bytes of a simulated answer's 300 strings.
    mutable QByteArray m_out;
    qsizetype m_size = 0;
    bool m_needComma = false;
    bool m_afterKey = false;
};

} // namespace Cors
