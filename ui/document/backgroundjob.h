// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

#include <functional>
#include <memory>

class QThread;

namespace Cors {

/**
 * Policy-sized work (linting, exporting, testing an origin, re-running scenarios) off the GUI
 * thread: start() runs a function on a pool thread below the GUI thread's priority and hands its result to a
 * function on the GUI thread, but only if no later start() came since. The latest request wins:
 * while one run is in flight, newer requests replace each other, and only the newest is started
 * when the running one ends, so a burst of edits costs at most two runs. The work function must
 * own what it reads (copies of the document: PyValue and Qt containers share their data, so a
 * copy is cheap and the GUI's next edit detaches from it).
 *
 * A result is delivered through the application object and checked against this job on the GUI
 * thread, so a job deleted before its run ends never delivers.
 */
class BackgroundJob : public QObject
{
    Q_OBJECT

public:
    explicit BackgroundJob(QObject *parent = nullptr);
    ~BackgroundJob() override;

    /**
     * Runs @p work (no arguments, returns a value) on a pool thread, then @p deliver (takes that
     * value) on the GUI thread if this is still the latest request.
     */
    template<typename Work, typename Deliver>
    void start(Work work, Deliver deliver)
    {
        schedule([work = std::move(work), deliver = std::move(deliver)]() mutable {
            auto result = std::make_shared<decltype(work())>(work());
            return std::function<void()>([deliver, result] { deliver(*result); });
        });
    }

    /** Drops the running and the waiting request: nothing is delivered until the next start(). */
    void cancel();

    /** A request has not delivered yet: what is shown may be out of date. */
    bool isBusy() const { return m_busy; }
    /** The thread the last delivered result was computed on (tests: never the GUI thread). */
    QThread *lastThread() const { return m_lastThread; }
    /** Results computed and thrown away because a later request came (tests). */
    int discardedCount() const { return m_discarded; }
    int deliveredCount() const { return m_delivered; }

    /** Whether any job in the application is busy (the window's "Updating…" mark). */
    static bool anyBusy();
    /**
     * Whether @p requester (a document) needs the jobs to run one at a time: while any requester
     * does, they do; otherwise one per core. The jobs of a very large document each hold an
     * engine, the linter's caches or an export: two at once cost about 50 MiB more at 100,000
     * origins, and malloc keeps what they free for the next edit.
     */
    static void setOneAtATime(const QObject *requester, bool oneAtATime);
    /** The number of jobs that may run at once. */
    static int concurrency();
    /** The object that announces anyBusy() changes (busyChanged). */
    static BackgroundJob *activity();

signals:
    void busyChanged(bool busy);
    /** After a result was delivered. */
    void finished();

private:
    using Work = std::function<std::function<void()>()>;

    void schedule(Work work);
    void submit(Work work);
    void ended(quint64 generation, QThread *thread, const std::function<void()> &deliver);
    void setBusy(bool busy);

    quint64 m_generation = 0;
    bool m_inFlight = false;
    bool m_busy = false;
    Work m_waiting;
    QThread *m_lastThread = nullptr;
    int m_discarded = 0;
    int m_delivered = 0;
};

} // namespace Cors
