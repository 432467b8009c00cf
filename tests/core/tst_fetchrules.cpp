// SPDX-License-Identifier: MIT
// Chromium's header-list parser (Access-Control-Allow-Methods / -Allow-Headers /
// -Expose-Headers), which remembers its last answers per thread: asked in turns about more
// values than it remembers, and about the same values again, it must answer each as if new.

#include "browser/fetchrules.h"

#include <QTest>

using namespace Cors;
using namespace Qt::StringLiterals;

class tst_FetchRules : public QObject
{
    Q_OBJECT

private slots:
    void headerListsAnsweredAlikeWhenAskedAgain();
};

namespace {

struct Case
{
    QString value;
    std::optional<QStringList> items; // std::nullopt: refused
    QString badItem;                  // the first item that is not a token
};

} // namespace

void tst_FetchRules::headerListsAnsweredAlikeWhenAskedAgain()
{
    // Items are trimmed of spaces and tabs, empty ones skipped, and every item must be an RFC
    // 7230 token (net::HttpUtil::IsToken): a space inside, a '/' or a non-ASCII letter refuses.
    const QList<Case> cases {
            {u"GET, POST"_s, QStringList {u"GET"_s, u"POST"_s}, {}},
            {u" a ,\tb,,c "_s, QStringList {u"a"_s, u"b"_s, u"c"_s}, {}},
            {QString(), QStringList {}, {}},
            {u""_s, QStringList {}, {}},
            {u" , ,"_s, QStringList {}, {}},
            {u"x-ok, b c, d"_s, std::nullopt, u"b c"_s},
            {u"*"_s, QStringList {u"*"_s}, {}},
            {u"content-type, text/plain"_s, std::nullopt, u"text/plain"_s},
            {u"x-caf\u00e9"_s, std::nullopt, u"x-caf\u00e9"_s},
            {u"GET,POST"_s, QStringList {u"GET"_s, u"POST"_s}, {}},
            // The same lengths as others, other text.
            {u"PUT, HEAD"_s, QStringList {u"PUT"_s, u"HEAD"_s}, {}},
            {u"b c"_s, std::nullopt, u"b c"_s},
            {u"abc"_s, QStringList {u"abc"_s}, {}},
    };
    // Round robin (every value evicted before it comes back), then each value twice in a row
    // (the second answer remembered), then refused values between accepted ones.
    QList<qsizetype> order;
    for (int round = 0; round < 3; ++round) {
        for (qsizetype i = 0; i < cases.size(); ++i)
            order << i;
    }
    for (qsizetype i = 0; i < cases.size(); ++i)
        order << i << i;
    order << 5 << 0 << 5 << 7 << 0 << 8 << 5 << 0 << 10 << 0 << 11 << 12 << 11 << 12;
    for (const qsizetype i : std::as_const(order)) {
        const Case &c = cases.at(i);
        QString bad = u"(untouched)"_s;
        const auto items = Fetch::parseHeaderList(c.value, &bad);
        QCOMPARE(items, c.items);
        QCOMPARE(bad, c.items ? u"(untouched)"_s : c.badItem);
        QCOMPARE(Fetch::parseHeaderList(c.value), c.items); // without asking for the bad item
    }
}

QTEST_APPLESS_MAIN(tst_FetchRules)
#include "tst_fetchrules.moc"
