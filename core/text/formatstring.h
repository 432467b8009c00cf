// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringBuilder>

#include <type_traits>

namespace Cors {

/**
 * A QString whose arg() gives exactly what QString::arg() gives, made in one pass: the trace and
 * the engine's explanations fill about 40 place markers a simulated request, and Qt's arg()
 * walks the text a unit at a time twice per call (15% of a batch). The common case — `%1` to
 * `%99` with ASCII digits, no field width — is done here; anything else (locale markers `%L1`,
 * digits of other scripts, a field width, a missing marker and its warning) is handed to
 * QString::arg() itself. tst_formatstring compares the two on generated texts, chained calls
 * whose arguments hold markers included.
 *
 * The translations (the `tr()` of the files that build traces) return one, so that
 * `tr("%1 calls %2").arg(a, b)` takes this path unchanged.
 */
class FormatString : public QString
{
public:
    FormatString() = default;
    explicit FormatString(const QString &text)
        : QString(text)
    { }
    explicit FormatString(QString &&text) noexcept
        : QString(std::move(text))
    { }

    [[nodiscard]] FormatString arg(QStringView a, int fieldWidth = 0, QChar fillChar = u' ') const;
    [[nodiscard]] FormatString arg(const QString &a, int fieldWidth = 0,
                                   QChar fillChar = u' ') const
    {
        return arg(QStringView(a), fieldWidth, fillChar);
    }
    [[nodiscard]] FormatString arg(QLatin1StringView a, int fieldWidth = 0,
                                   QChar fillChar = u' ') const
    {
        return arg(QString(a), fieldWidth, fillChar);
    }
    [[nodiscard]] FormatString arg(qlonglong a, int fieldWidth = 0, int base = 10,
                                   QChar fillChar = u' ') const;
    [[nodiscard]] FormatString arg(qulonglong a, int fieldWidth = 0, int base = 10,
                                   QChar fillChar = u' ') const;
    [[nodiscard]] FormatString arg(long a, int fieldWidth = 0, int base = 10,
                                   QChar fillChar = u' ') const
    {
        return arg(qlonglong(a), fieldWidth, base, fillChar);
    }
    [[nodiscard]] FormatString arg(ulong a, int fieldWidth = 0, int base = 10,
                                   QChar fillChar = u' ') const
    {
        return arg(qulonglong(a), fieldWidth, base, fillChar);
    }
    [[nodiscard]] FormatString arg(int a, int fieldWidth = 0, int base = 10,
                                   QChar fillChar = u' ') const
    {
        return arg(qlonglong(a), fieldWidth, base, fillChar);
    }
    [[nodiscard]] FormatString arg(uint a, int fieldWidth = 0, int base = 10,
                                   QChar fillChar = u' ') const
    {
        return arg(qulonglong(a), fieldWidth, base, fillChar);
    }
    [[nodiscard]] FormatString arg(short a, int fieldWidth = 0, int base = 10,
                                   QChar fillChar = u' ') const
    {
        return arg(qlonglong(a), fieldWidth, base, fillChar);
    }
    [[nodiscard]] FormatString arg(ushort a, int fieldWidth = 0, int base = 10,
                                   QChar fillChar = u' ') const
    {
        return arg(qulonglong(a), fieldWidth, base, fillChar);
    }
    [[nodiscard]] FormatString arg(double a, int fieldWidth = 0, char format = 'g',
                                   int precision = -1, QChar fillChar = u' ') const
    {
        return FormatString(QString::arg(a, fieldWidth, format, precision, fillChar));
    }
    [[nodiscard]] FormatString arg(char a, int fieldWidth = 0, QChar fillChar = u' ') const
    {
        return FormatString(QString::arg(a, fieldWidth, fillChar));
    }
    [[nodiscard]] FormatString arg(QChar a, int fieldWidth = 0, QChar fillChar = u' ') const
    {
        return FormatString(QString::arg(a, fieldWidth, fillChar));
    }
    /** QString::arg(a, b, ...): the arguments fill the markers in one pass, lowest first. */
    template<typename... Args>
    requires(sizeof...(Args) >= 2 && (std::is_convertible_v<const Args &, QStringView> && ...))
            [[nodiscard]] FormatString arg(const Args &...args) const
    {
        const QStringView views[] = {QStringView(args)...};
        FormatString result;
        if (filledInOnePass(views, qsizetype(sizeof...(Args)), &result))
            return result;
        return FormatString(QString::arg(args...));
    }

private:
    /** Fills @p result with the lowest-numbered markers replaced by @p a; false where Qt must. */
    bool filledWith(QStringView a, FormatString *result) const;
    /** Fills @p result and returns true in the common case; false where Qt must decide. */
    bool filledInOnePass(const QStringView *args, qsizetype count, FormatString *result) const;
};

} // namespace Cors

/** `u' ' + tr("...")` and the like: built like any QString (QT_USE_QSTRINGBUILDER). */
template<>
struct QConcatenable<Cors::FormatString> : QConcatenable<QString>
{
    using type = Cors::FormatString;
};
