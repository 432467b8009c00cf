// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>
#include <QStringView>

#include <cstddef>
#include <cstring>

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
    JsonWriter &key(JsonKey name)
    {
        separate();
        char *p = room(name.size + 3);
        *p = '"';
        std::memcpy(p + 1, name.text, size_t(name.size));
        p[name.size + 1] = '"';
        p[name.size + 2] = ':';
        m_cursor = p + name.size + 3;
        m_afterKey = true;
        return *this;
    }
    JsonWriter &value(QStringView text)
    {
        separate();
        putString(text);
        m_needComma = true;
        return *this;
    }
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
    /** Any JSON value (an answer's echoed "id"), compact, as QJsonDocument writes it. */
    static QByteArray valueText(const QJsonValue &value);

private:
    // Inline, like room() and put(): called for every member of an answer (about 300 strings
    // and as many separators in a simulated answer with its trace).
    void separate()
    {
        if (m_afterKey)
            m_afterKey = false;
        else if (m_needComma)
            put(',');
    }
    /** Where the next @p bytes go: the buffer grows ahead of the cursor. */
    char *room(qsizetype bytes) { return m_limit - m_cursor >= bytes ? m_cursor : grow(bytes); }
    char *grow(qsizetype bytes);
    void put(char c)
    {
        char *p = room(1);
        *p = c;
        m_cursor = p + 1;
    }
    void put(const char *bytes, qsizetype size);
    void putString(QStringView text) { m_cursor = writeString(room(6 * text.size() + 2), text); }
    /** Writes @p text as a JSON string literal at @p p (room for 6 bytes a unit plus 2). */
    static char *writeString(char *p, QStringView text);

    // Written through a cursor into m_out's own buffer: QByteArray's appends (a call, a detach
    // check and a reallocation check each) cost more than the bytes of a simulated answer.
    mutable QByteArray m_out;
    mutable char *m_cursor = nullptr;
    mutable char *m_limit = nullptr;
    bool m_needComma = false;
    bool m_afterKey = false;
};

} // namespace Cors
