// SPDX-License-Identifier: MIT
// parallelFor and the session chains that simulate --batch and the saved scenarios run through it.
#include "browser/parallelrun.h"

#include <QMutex>
#include <QSet>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace Cors;

class tst_ParallelRun : public QObject
{
    Q_OBJECT

private slots:
    void everyIndexOnceOnEveryJobCount_data();
    void everyIndexOnceOnEveryJobCount();
    void oneJobRunsInOrderOnTheCallingThread();
    void chainsKeepASessionInInputOrder();
    void chainsLeaveOutAndLongestFirst();
};

void tst_ParallelRun::everyIndexOnceOnEveryJobCount_data()
{
    QTest::addColumn<int>("jobs");
    QTest::addColumn<int>("count");
    QTest::newRow("1 job") << 1 << 1000;
    QTest::newRow("2 jobs") << 2 << 1000;
    QTest::newRow("8 jobs, fewer items") << 8 << 3;
    QTest::newRow("4 jobs, none") << 4 << 0;
}

void tst_ParallelRun::everyIndexOnceOnEveryJobCount()
{
    QFETCH(int, jobs);
    QFETCH(int, count);
    std::vector<std::atomic<int>> calls(static_cast<size_t>(count));
    std::atomic<bool> workerInRange {true};
    parallelFor(count, jobs, [&](qsizetype index, int worker) {
        calls[size_t(index)].fetch_add(1);
        if (worker < 0 || worker >= std::max(1, jobs))
            workerInRange = false;
    });
    for (int i = 0; i < count; ++i)
        QCOMPARE(calls[size_t(i)].load(), 1);
    QVERIFY(workerInRange);
}

void tst_ParallelRun::oneJobRunsInOrderOnTheCallingThread()
{
    QList<qsizetype> order;
    bool elsewhere = false;
    parallelFor(5, 1, [&](qsizetype index, int) {
        order.append(index);
        elsewhere = elsewhere || QThread::currentThread() != thread();
    });
    QCOMPARE(order, (QList<qsizetype> {0, 1, 2, 3, 4}));
    QVERIFY(!elsewhere);
}

void tst_ParallelRun::chainsKeepASessionInInputOrder()
{
    const QStringList sessions {u"a"_qs, QString(), u"b"_qs, u"a"_qs, QString(), u"a"_qs, u"b"_qs};
    const RunChains chains = sessionChains(
            sessions.size(), [&](qsizetype i) { return std::optional(sessions.at(i)); });
    const RunChains expected {{0, 3, 5}, {2, 6}, {1}, {4}};
    QCOMPARE(chains, expected);
}

void tst_ParallelRun::chainsLeaveOutAndLongestFirst()
{
    // A line that did not parse (nullopt) is in no chain; equal lengths keep their input order.
    const QList<std::optional<QString>> sessions {std::nullopt, u"x"_qs,      QString(),
                                                  u"y"_qs,      std::nullopt, u"y"_qs};
    const RunChains chains
            = sessionChains(sessions.size(), [&](qsizetype i) { return sessions.at(i); });
    const RunChains expected {{3, 5}, {1}, {2}};
    QCOMPARE(chains, expected);
}

QTEST_GUILESS_MAIN(tst_ParallelRun)
#include "tst_parallelrun.moc"
