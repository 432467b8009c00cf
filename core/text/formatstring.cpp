// SPDX-License-Identifier: MIT
#include "text/formatstring.h"

#include <QVarLengthArray>

#include <algorithm>
#include <bit>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace Cors {

namespace {

// QChar::digitValue() knows the digits of every script; for ASCII only '0'-'9' are digits.
constexpr int notDigit = -1;
constexpr int askQt = -2;

int asciiDigit(QChar c)
{
    if (c.unicode() >= 0x80)
        return askQt;
    return c >= u'0' && c <= u'9' ? c.unicode() - u'0' : notDigit;
}

struct Marker
{
    qsizetype start; // the '%'
    qsizetype end;   // just after the marker
    int number;
};

enum class Read { Marker, NotMarker, AskQt };

/**
 * The single-argument grammar of QString::arg() at the '%' at @p at: an optional 'L' and one or
 * two digits. NotMarker sets @p marker->end to where the search for the next '%' resumes.
 */
Read readSingleMarker(QStringView text, qsizetype at, Marker *marker)
{
    const qsizetype size = text.size();
    qsizetype i = at + 1;
    marker->start = at;
    marker->end = i;
    if (i == size)
        return Read::NotMarker;
    if (text[i] == u'L') {
        // A locale marker formats numbers with the system locale: Qt's business.
        ++i;
        marker->end = i;
        if (i == size)
            return Read::NotMarker;
        return asciiDigit(text[i]) == notDigit ? Read::NotMarker : Read::AskQt;
    }
    const int first = asciiDigit(text[i]);
    if (first == askQt)
        return Read::AskQt;
    if (first == notDigit)
        return Read::NotMarker;
    ++i;
    int number = first;
    if (i < size) {
        const int second = asciiDigit(text[i]);
        if (second == askQt)
            return Read::AskQt;
        if (second != notDigit) {
            number = number * 10 + second;
            ++i;
        }
    }
    marker->end = i;
    marker->number = number;
    return Read::Marker;
}

/**
 * The grammar of the multi-argument QString::arg(a, b, ...): ASCII digits after an optional 'L'.
 * More than two digits (numbers up to 999 count there) and locale markers are left to Qt.
 */
Read readMultiMarker(QStringView text, qsizetype at, Marker *marker)
{
    const qsizetype size = text.size();
    qsizetype i = at + 1;
    marker->start = at;
    marker->end = i;
    if (i == size)
        return Read::NotMarker;
    const int first = asciiDigit(text[i]);
    if (first == askQt || text[i] == u'L')
        return first == askQt || (i + 1 < size && asciiDigit(text[i + 1]) != notDigit)
                ? Read::AskQt
                : Read::NotMarker;
    if (first == notDigit)
        return Read::NotMarker;
    ++i;
    int number = first;
    if (i < size) {
        const int second = asciiDigit(text[i]);
        if (second != notDigit) {
            if (second == askQt)
                return Read::AskQt;
            number = number * 10 + second;
            ++i;
            if (i < size && asciiDigit(text[i]) != notDigit)
                return Read::AskQt;
        }
    }
    marker->end = i;
    marker->number = number;
    return Read::Marker;
}

using Markers = QVarLengthArray<Marker, 8>;

/** The first '%' in [@p from, @p end), or @p end. */
const char16_t *nextPercent(const char16_t *from, const char16_t *end)
{
#ifdef __SSE2__
    // Eight units a step: QStringView::indexOf(QChar) costs a call into Qt and 100 instructions.
    const __m128i percent = _mm_set1_epi16('%');
    for (; end - from >= 8; from += 8) {
        const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i *>(from));
        if (const int mask = _mm_movemask_epi8(_mm_cmpeq_epi16(chunk, percent)))
            return from + std::countr_zero(unsigned(mask)) / 2;
    }
#endif
    while (from != end && *from != u'%')
        ++from;
    return from;
}

/** Every marker of @p text by @p read; false when one must be left to Qt. */
template<typename Reader>
bool findMarkers(QStringView text, Reader read, Markers *markers)
{
    const char16_t *const begin = text.utf16();
    const char16_t *const end = begin + text.size();
    const char16_t *from = begin;
    for (;;) {
        from = nextPercent(from, end);
        if (from == end)
            return true;
        Marker marker;
        switch (read(text, from - begin, &marker)) {
        case Read::AskQt:
            return false;
        case Read::Marker:
            markers->append(marker);
            break;
        case Read::NotMarker:
            break;
        }
        from = begin + marker.end;
    }
}

void put(char16_t *&out, QStringView part)
{
    if (part.isEmpty())
        return; // a null view's data is null, which memcpy must not be given even for 0 bytes
    std::memcpy(out, part.utf16(), size_t(part.size()) * sizeof(char16_t));
    out += part.size();
}

/**
 * @p text with each marker whose number has an argument in @p argumentOf (by number, null for
 * none) replaced by it; @p markers in text order.
 */
template<typename ArgumentOf>
QString filled(QStringView text, const Markers &markers, ArgumentOf argumentOf)
{
    qsizetype size = text.size();
    for (const Marker &m : markers) {
        if (const QStringView *a = argumentOf(m.number))
            size += a->size() - (m.end - m.start);
    }
    // As Qt makes it: an empty result is empty, not null.
    QString result(size, Qt::Uninitialized);
    char16_t *out = reinterpret_cast<char16_t *>(result.data());
    qsizetype copied = 0;
    for (const Marker &m : markers) {
        const QStringView *a = argumentOf(m.number);
        if (!a)
            continue;
        put(out, text.sliced(copied, m.start - copied));
        put(out, *a);
        copied = m.end;
    }
    put(out, text.sliced(copied));
    return result;
}

} // namespace

bool FormatString::filledWith(QStringView a, FormatString *result) const
{
    Markers markers;
    if (!findMarkers(*this, readSingleMarker, &markers) || markers.isEmpty())
        return false; // no marker: Qt warns ("Argument missing") and returns the text
    const int lowest
            = std::min_element(markers.cbegin(), markers.cend(),
                               [](const Marker &x, const Marker &y) { return x.number < y.number; })
                      ->number;
    *result = FormatString(
            filled(*this, markers, [&](int number) { return number == lowest ? &a : nullptr; }));
    return true;
}

FormatString FormatString::arg(QStringView a, int fieldWidth, QChar fillChar) const
{
    FormatString result;
    if (fieldWidth == 0 && filledWith(a, &result))
        return result;
    return FormatString(QString::arg(a, fieldWidth, fillChar));
}

FormatString FormatString::arg(qlonglong a, int fieldWidth, int base, QChar fillChar) const
{
    // Without a locale marker Qt writes the number in the C locale: QString::number's text.
    FormatString result;
    if (fieldWidth == 0 && base == 10 && filledWith(QString::number(a), &result))
        return result;
    return FormatString(QString::arg(a, fieldWidth, base, fillChar));
}

FormatString FormatString::arg(qulonglong a, int fieldWidth, int base, QChar fillChar) const
{
    FormatString result;
    if (fieldWidth == 0 && base == 10 && filledWith(QString::number(a), &result))
        return result;
    return FormatString(QString::arg(a, fieldWidth, base, fillChar));
}

bool FormatString::filledInOnePass(const QStringView *args, qsizetype count,
                                   FormatString *result) const
{
    Markers markers;
    if (!findMarkers(*this, readMultiMarker, &markers))
        return false;
    // The lowest number takes the first argument, the next lowest the second, and so on;
    // numbers beyond the arguments stay as they are written.
    QVarLengthArray<int, 8> numbers;
    for (const Marker &m : markers)
        numbers.append(m.number);
    std::sort(numbers.begin(), numbers.end());
    numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
    if (numbers.size() < count)
        return false; // Qt warns that arguments are missing
    *result = FormatString(filled(*this, markers, [&](int number) -> const QStringView * {
        const auto at = std::lower_bound(numbers.cbegin(), numbers.cend(), number);
        const qsizetype index = at - numbers.cbegin();
        return index < count ? &args[index] : nullptr;
    }));
    return true;
}

} // namespace Cors
