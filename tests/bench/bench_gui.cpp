// SPDX-License-Identifier: MIT
// The GUI, offscreen, through cors_ui's public API (MainWindow, PolicyDocument, the undo
// commands, the editor's list fields):
//   cold    process start to the main window with the example policy painted once
//   edit N  one entry edit in an N-origin policy until the document holds it and the window is
//           repainted (the GUI thread's share), then until the linter, the export, the origin
//           tester and the scenarios have landed from their threads and the window is repainted
//           again; with the core work it triggers timed alone
//   list N  scrolling the N-entry CORS_ALLOWED_ORIGINS list (one repaint per step) and editing
//           one entry of it
// Every scenario runs in a child process of its own, so that cold starts are cold (no Qt state
// warm in the process) and peak memory (ru_maxrss) belongs to that scenario alone. Without
// arguments the parent runs them all and prints the figures; nothing is asserted.

#include "benchdata.h"

#include "commands/settingcommands.h"
#include "document/backgroundjob.h"
#include "document/policydocument.h"
#include "editor/listfield.h"
#include "editor/origintester.h"
#include "editor/policyeditor.h"
#include "export/exporter.h"
#include "io/corsdocument.h"
#include "lint/linter.h"
#include "mainwindow.h"
#include "studio.h"

#include <QApplication>
#include <QProcess>
#include <QProcessEnvironment>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTreeView>
#include <QUndoStack>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <sys/resource.h>

using namespace Cors;

namespace {

// steady_clock is CLOCK_MONOTONIC on Linux: comparable between the parent and its children.
qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
}

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2;
}

double peakRssMiB()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

/** One "key=value" figure per line, read back by the parent. */
void figure(const char *key, double value)
{
    std::printf("%s=%.3f\n", key, value);
    std::fflush(stdout);
}

double timeMs(const std::function<void()> &work)
{
    const qint64 start = nowNs();
    work();
    return ms(nowNs() - start);
}

/** Lets every posted event (layouts, updates) run, then paints the whole window once. */
void settle(QWidget *window)
{
    QCoreApplication::processEvents();
    QCoreApplication::sendPostedEvents();
    window->repaint();
}

/** Waits until every background job's latest result has landed, then paints once. */
void land(QWidget *window)
{
    while (BackgroundJob::anyBusy())
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    settle(window);
}

MainWindow *openPolicy(int origins)
{
    auto *window = new MainWindow;
    CorsDocument document;
    document.policy = Bench::exactOriginsPolicy(origins);
    window->document()->reset(document, {}, {}, QStringLiteral("bench"));
    window->resize(1440, 900);
    window->show();
    land(window);
    return window;
}

int childCold(qint64 spawnedAt, int argc, char **argv)
{
    const qint64 mainEntered = nowNs();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("CORS Studio Bench"));
    QApplication::setApplicationName(QStringLiteral("CORS Studio Bench"));
    const qint64 appReady = nowNs();
    MainWindow *window = createStartWindow(QString(), true);
    const qint64 windowBuilt = nowNs();
    window->restoreLayout();
    window->show();
    settle(window);
    const qint64 shown = nowNs();
    figure("cold.process_to_main_ms", ms(mainEntered - spawnedAt));
    figure("cold.qapplication_ms", ms(appReady - mainEntered));
    figure("cold.window_and_example_ms", ms(windowBuilt - appReady));
    figure("cold.show_and_first_paint_ms", ms(shown - windowBuilt));
    figure("cold.total_ms", ms(shown - spawnedAt));
    delete window;
    return 0;
}

int childEdit(int origins, int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("CORS Studio Bench"));
    MainWindow *window = nullptr;
    figure("edit.open_ms", timeMs([&] { window = openPolicy(origins); }));
    PolicyDocument *document = window->document();

    // The origin tester and a saved scenario follow every edit, as in use.
    window->editor()->originTester()->setOrigin(QStringLiteral("https://edited.example.com"));
    CorsDocument withScenario = document->document();
    SavedScenario saved;
    saved.name = QStringLiteral("edited origin");
    saved.scenario.pageOrigin = QStringLiteral("https://edited.example.com");
    saved.scenario.url = QStringLiteral("https://api.example.com/data");
    saved.expectAllowed = true;
    withScenario.scenarios.append(saved);
    document->setScenarios(withScenario.scenarios);
    land(window);
    QList<double> pushed, painted, landed;
    const int row = origins / 2;
    const int edits = origins > 2000 ? 5 : 21;
    for (int i = 0; i < edits; ++i) {
        const PyValue value = PyValue::str(i % 2 ? Bench::exactOrigin(row)
                                                 : QStringLiteral("https://edited.example.com"));
        const qint64 start = nowNs();
        document->undoStack()->push(
                new EditEntryCommand(document, SettingId::AllowedOrigins, row, value));
        const qint64 afterPush = nowNs();
        settle(window);
        const qint64 afterPaint = nowNs();
        land(window);
        const qint64 afterLanding = nowNs();
        pushed.append(ms(afterPush - start));
        painted.append(ms(afterPaint - start));
        landed.append(ms(afterLanding - start));
    }
    figure("edit.refresh_median_ms", median(pushed));
    figure("edit.refresh_and_paint_median_ms", median(painted));
    figure("edit.refresh_and_paint_max_ms", *std::max_element(painted.begin(), painted.end()));
    figure("edit.landed_median_ms", median(landed));
    // The GUI's own peak, before the core work below is timed alone.
    figure("edit.peak_rss_mib", peakRssMiB());

    // The core work one edit triggers, alone: what the panes cannot do faster than.
    const CorsDocument &doc = document->document();
    for (const Exporter *exporter : exporters()) {
        // The nginx export at 100,000 origins takes seconds (45 us an origin, bench_export
        // measures it); five of them would double this scenario.
        if (origins > 10000 && exporter->id() == u"nginx")
            continue;
        QList<double> runs;
        for (int i = 0; i < 5; ++i)
            runs.append(timeMs([&] { exporter->run(doc, {}); }));
        const QByteArray key = "edit.core_export_" + exporter->id().toUtf8() + "_ms";
        figure(key.constData(), median(runs));
    }
    QList<double> lints;
    for (int i = 0; i < 3; ++i)
        lints.append(timeMs([&] { lintPolicy(doc.policy, LintContext::fromDocument(doc)); }));
    figure("edit.core_lint_ms", median(lints));
    delete window;
    return 0;
}

int childList(int origins, int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("CORS Studio Bench"));
    MainWindow *window = nullptr;
    figure("list.open_ms", timeMs([&] { window = openPolicy(origins); }));
    window->editor()->showSetting(SettingId::AllowedOrigins);
    settle(window);
    auto *field = qobject_cast<ListField *>(window->editor()->field(SettingId::AllowedOrigins));
    if (!field) {
        std::fprintf(stderr, "CORS_ALLOWED_ORIGINS is not edited by a ListField\n");
        return 1;
    }
    QTreeView *view = field->view();
    QScrollBar *bar = view->verticalScrollBar();
    figure("list.rows", view->model()->rowCount());

    Bench::Rng rng(7);
    QList<double> frames;
    for (int i = 0; i < 60; ++i) {
        const int target = i % 3 == 0 ? rng.below(bar->maximum() + 1)
                                      : std::min(bar->maximum(), bar->value() + bar->pageStep());
        frames.append(timeMs([&] {
            bar->setValue(target);
            QCoreApplication::sendPostedEvents();
            view->viewport()->repaint();
        }));
    }
    figure("list.scroll_frame_median_ms", median(frames));
    figure("list.scroll_frame_max_ms", *std::max_element(frames.begin(), frames.end()));

    PolicyDocument *document = window->document();
    QList<double> edits, landings;
    for (int i = 0; i < 5; ++i) {
        const int row = rng.below(origins);
        edits.append(timeMs([&] {
            document->undoStack()->push(new EditEntryCommand(
                    document, SettingId::AllowedOrigins, row,
                    PyValue::str(QStringLiteral("https://edited%1.example.com").arg(i))));
            settle(window);
        }));
        landings.append(timeMs([&] { land(window); }) + edits.last());
    }
    figure("list.edit_median_ms", median(edits));
    figure("list.landed_median_ms", median(landings));
    figure("list.peak_rss_mib", peakRssMiB());
    delete window;
    return 0;
}

struct Figures
{
    QList<std::pair<QString, double>> values;
    double value(const QString &key) const
    {
        for (const auto &[k, v] : values) {
            if (k == key)
                return v;
        }
        return -1;
    }
};

// A scenario that outgrows these (a quadratic path) is reported as unfinished instead of taking
// the machine with it.
constexpr qint64 ChildMemoryLimit = qint64(4) << 30;
constexpr int ChildTimeoutMs = 240000;

Figures runChild(const QStringList &arguments, const QString &configDir)
{
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), configDir);
    env.insert(QStringLiteral("BENCH_SPAWNED_NS"), QString::number(nowNs()));
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(),
                QStringList {QStringLiteral("--child")} + arguments);
    if (!child.waitForFinished(ChildTimeoutMs)) {
        child.kill();
        child.waitForFinished();
    }
    Figures figures;
    for (const QByteArray &line : child.readAllStandardOutput().split('\n')) {
        const qsizetype eq = line.indexOf('=');
        if (eq > 0)
            figures.values.append({QString::fromUtf8(line.left(eq)), line.mid(eq + 1).toDouble()});
    }
    if (child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0)
        std::printf("  (%s did not finish: over %d s or %lld GiB, or it crashed; figures "
                    "missing below are shown as -1)\n",
                    qPrintable(arguments.join(u' ')), ChildTimeoutMs / 1000,
                    ChildMemoryLimit >> 30);
    return figures;
}

void print(const char *label, double value, const char *unit, const char *target = "")
{
    std::printf("  %-58s %10.2f %-4s %s\n", label, value, unit, target);
}

int parent(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir config;
    const QString dir = config.path();

    std::printf("GUI (offscreen platform, each scenario in a fresh process)\n");
    QList<Figures> colds;
    for (int i = 0; i < 7; ++i)
        colds.append(runChild({QStringLiteral("cold")}, dir));
    auto coldMedian = [&](const char *key) {
        QList<double> v;
        for (const Figures &f : colds)
            v.append(f.value(QString::fromLatin1(key)));
        return median(v);
    };
    std::printf(" Cold start, example policy (median of 7 starts)\n");
    print("spawn to main()", coldMedian("cold.process_to_main_ms"), "ms");
    print("QApplication", coldMedian("cold.qapplication_ms"), "ms");
    print("MainWindow + example policy", coldMedian("cold.window_and_example_ms"), "ms");
    print("show + first paint", coldMedian("cold.show_and_first_paint_ms"), "ms");
    print("total: spawn to painted window", coldMedian("cold.total_ms"), "ms",
          "(target <= 500 ms)");

    for (const int origins : {1000, 2000, 10000, 100000}) {
        const Figures e = runChild({QStringLiteral("edit"), QString::number(origins)}, dir);
        std::printf(" One entry edit, %d-origin policy (median of %d)\n", origins,
                    origins > 2000 ? 5 : 21);
        print("open the policy (reset + show + paint + results landed)",
              e.value(QStringLiteral("edit.open_ms")), "ms");
        print("edit applied to the document and the editor",
              e.value(QStringLiteral("edit.refresh_median_ms")), "ms");
        print("edit, then repainted (GUI thread)",
              e.value(QStringLiteral("edit.refresh_and_paint_median_ms")), "ms",
              origins == 10000            ? "(target <= 16 ms)"
                      : origins == 100000 ? "(target <= 50 ms)"
                                          : "");
        print("edit, then repainted (worst)",
              e.value(QStringLiteral("edit.refresh_and_paint_max_ms")), "ms");
        print("lint + export + tester + scenarios landed, repainted",
              e.value(QStringLiteral("edit.landed_median_ms")), "ms",
              origins == 10000 ? "(target <= 100 ms)" : "");
        for (const auto &[key, value] : e.values) {
            if (key.startsWith(u"edit.core_")) {
                const QByteArray label = "  core alone: " + key.mid(10).chopped(3).toUtf8();
                print(label.constData(), value, "ms");
            }
        }
        print("peak memory (RSS)", e.value(QStringLiteral("edit.peak_rss_mib")), "MiB",
              origins == 100000 ? "(target < 300 MiB)" : "");
    }

    const Figures l = runChild({QStringLiteral("list"), QStringLiteral("100000")}, dir);
    std::printf(" CORS_ALLOWED_ORIGINS list with %.0f rows\n",
                l.value(QStringLiteral("list.rows")));
    print("open the policy (reset + show + paint)", l.value(QStringLiteral("list.open_ms")), "ms");
    print("scroll step + repaint (median of 60)",
          l.value(QStringLiteral("list.scroll_frame_median_ms")), "ms", "(target <= 16 ms)");
    print("scroll step + repaint (worst)", l.value(QStringLiteral("list.scroll_frame_max_ms")),
          "ms");
    print("edit one row, applied + repainted (median of 5)",
          l.value(QStringLiteral("list.edit_median_ms")), "ms", "(target <= 50 ms)");
    print("edit one row, results landed + repainted (median of 5)",
          l.value(QStringLiteral("list.landed_median_ms")), "ms");
    print("peak memory (RSS)", l.value(QStringLiteral("list.peak_rss_mib")), "MiB",
          "(target < 300 MiB)");
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    if (argc >= 3 && qstrcmp(argv[1], "--child") == 0) {
        const rlimit limit {rlim_t(ChildMemoryLimit), rlim_t(ChildMemoryLimit)};
        setrlimit(RLIMIT_AS, &limit);
        const QByteArray mode = argv[2];
        if (mode == "cold")
            return childCold(qEnvironmentVariable("BENCH_SPAWNED_NS").toLongLong(), argc, argv);
        const int entries = argc >= 4 ? QByteArray(argv[3]).toInt() : 10000;
        if (mode == "edit")
            return childEdit(entries, argc, argv);
        if (mode == "list")
            return childList(entries, argc, argv);
        return 2;
    }
    return parent(argc, argv);
}
