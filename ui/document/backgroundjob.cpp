// SPDX-License-Identifier: MIT
#include "document/backgroundjob.h"

#include <QCoreApplication>
#include <QPointer>
#include <QSet>
#include <QThread>
#include <QThreadPool>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace Cors {

namespace {

int g_busyJobs = 0;
QSet<const QObject *> g_oneAtATime;

/**
 * The jobs' own threads, below the GUI thread's priority: on a machine with few cores a linter
 * run must not take the core the next repaint needs. (QThread::setPriority cannot do this on
 * Linux: normal threads have one static priority there; their nice value is per thread.)
 */
QThreadPool *jobPool()
{
    // A child of the application: its destructor waits for the runs still going.
    static QPointer<QThreadPool> pool;
    if (!pool) {
        pool = new QThreadPool(QCoreApplication::instance());
        pool->setObjectName(QStringLiteral("BackgroundJob pool"));
    }
    return pool;
}

void lowerThreadPriority()
{
#ifdef Q_OS_LINUX
    thread_local bool lowered = false;
    if (!lowered) {
        lowered = true;
        setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), 10);
    }
#endif
}

} // namespace

BackgroundJob::BackgroundJob(QObject *parent)
    : QObject(parent)
{ }

BackgroundJob::~BackgroundJob()
{
    setBusy(false);
}

BackgroundJob *BackgroundJob::activity()
{
    // Never deleted: jobs may end after the application object during shutdown.
    static BackgroundJob *instance = new BackgroundJob;
    return instance;
}

bool BackgroundJob::anyBusy()
{
    return g_busyJobs > 0;
}

void BackgroundJob::setOneAtATime(const QObject *requester, bool oneAtATime)
{
    if (oneAtATime)
        g_oneAtATime.insert(requester);
    else
        g_oneAtATime.remove(requester);
    // Lowering the count lets the runs going end; the next ones wait for a free thread.
    jobPool()->setMaxThreadCount(g_oneAtATime.isEmpty() ? QThread::idealThreadCount() : 1);
}

int BackgroundJob::concurrency()
{
    return jobPool()->maxThreadCount();
}

void BackgroundJob::schedule(Work work)
{
    ++m_generation;
    setBusy(true);
    if (m_inFlight)
        m_waiting = std::move(work); // started when the running one ends
    else
        submit(std::move(work));
}

void BackgroundJob::cancel()
{
    ++m_generation;
    m_waiting = nullptr;
    setBusy(false);
}

void BackgroundJob::submit(Work work)
{
    m_inFlight = true;
    const quint64 generation = m_generation;
    QPointer<BackgroundJob> self(this);
    jobPool()->start([self, generation, work = std::move(work)] {
        lowerThreadPriority();
        std::function<void()> deliver = work();
        QThread *thread = QThread::currentThread();
        // Through the application, which outlives the job: the job is checked on the GUI
        // thread, where it is deleted.
        if (QCoreApplication *app = QCoreApplication::instance())
            QMetaObject::invokeMethod(
                    app,
                    [self, generation, thread, deliver = std::move(deliver)] {
                        if (self)
                            self->ended(generation, thread, deliver);
                    },
                    Qt::QueuedConnection);
    });
}

void BackgroundJob::ended(quint64 generation, QThread *thread, const std::function<void()> &deliver)
{
    m_inFlight = false;
    if (generation != m_generation) {
        // Computed for an older request: never shown.
        ++m_discarded;
        if (m_waiting)
            submit(std::exchange(m_waiting, nullptr));
        return;
    }
    m_lastThread = thread;
    ++m_delivered;
    deliver();
    // deliver() may have started a newer request; only the latest one clears the mark.
    if (generation == m_generation && !m_inFlight)
        setBusy(false);
    emit finished();
}

void BackgroundJob::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    const bool anyBefore = g_busyJobs > 0;
    g_busyJobs += busy ? 1 : -1;
    emit busyChanged(busy);
    const bool anyAfter = g_busyJobs > 0;
    if (anyBefore != anyAfter && this != activity())
        emit activity()->busyChanged(anyAfter);
}

} // namespace Cors
