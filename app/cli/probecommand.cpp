// SPDX-License-Identifier: MIT
#include "cli/clicommon.h"
#include "cli/commands.h"

#include "live/prober.h"

#include <QCoreApplication>
#include <QEventLoop>

#include <cstdio>
#include <unistd.h>

namespace Cors::Cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Cli", text);
}

} // namespace

int runProbe(const QStringList &arguments)
{
    PolicyCommandLine cli(tr(
            "Probes a real server: sends the preflight (when a browser would send one) and the "
            "actual request exactly as Chromium would for a script on ORIGIN fetching URL, shows "
            "both exchanges, and lists where the server's CORS answers differ from what POLICY "
            "answers to the same requests.\n"
            "Redirects are reported, never followed; no cookies are sent.\n"
            "Exit status: 0 no differences, 1 differences found, 2 bad arguments or the server "
            "could not be reached (refused, timeout, TLS error...)."));
    QCommandLineParser &p = cli.parser();
    const QCommandLineOption url(QStringLiteral("url"), tr("The URL the script fetches."),
                                 tr("url"));
    const QCommandLineOption origin(QStringLiteral("origin"), tr("The page's origin (or null)."),
                                    tr("origin"));
    const QCommandLineOption method(QStringLiteral("method"),
                                    tr("The method as the script writes it."), tr("method"),
                                    QStringLiteral("GET"));
    const QCommandLineOption header(QStringLiteral("header"),
                                    tr("A request header the script sets (repeatable)."),
                                    tr("'Name: value'"));
    const QCommandLineOption credentials(QStringLiteral("credentials"),
                                         tr("omit, same-origin (default) or include."), tr("mode"),
                                         QStringLiteral("same-origin"));
    const QCommandLineOption body(QStringLiteral("body"), tr("A text body for the actual request."),
                                  tr("text"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     tr("Seconds to wait for each answer (default 10)."),
                                     tr("seconds"), QStringLiteral("10"));
    const QCommandLineOption format(QStringLiteral("format"), tr("text (default) or json."),
                                    tr("format"), QStringLiteral("text"));
    const QCommandLineOption preflightOnly(
            QStringLiteral("preflight-only"),
            tr("Send only the preflight, never the actual request."));
    for (const QCommandLineOption &o :
         {url, origin, method, header, credentials, body, timeout, format, preflightOnly})
        p.addOption(o);
    if (const auto exit = cli.parse(arguments))
        return *exit;

    const QString formatName = p.value(format);
    if (formatName != QLatin1String("text") && formatName != QLatin1String("json")) {
        writeErr(tr("Unknown format \"%1\": use text or json.").arg(formatName));
        return ExitUsage;
    }
    if (!p.isSet(url) || !p.isSet(origin)) {
        writeErr(tr("probe needs --url and --origin."));
        return ExitUsage;
    }
    Live::ProbeRequest request;
    request.url = QUrl(p.value(url), QUrl::StrictMode);
    const QString scheme = request.url.scheme().toLower();
    if (!request.url.isValid() || request.url.host().isEmpty()
        || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        writeErr(tr("--url must be an absolute http or https URL, got \"%1\".").arg(p.value(url)));
        return ExitUsage;
    }
    request.origin = p.value(origin);
    request.method = p.value(method);
    for (const QString &h : p.values(header)) {
        if (!parseHeaderOption(h, &request.headers))
            return ExitUsage;
    }
    const auto mode = credentialsModeFromName(p.value(credentials));
    if (!mode) {
        writeErr(tr("Invalid --credentials \"%1\": use omit, same-origin or include.")
                         .arg(p.value(credentials)));
        return ExitUsage;
    }
    request.credentials = *mode;
    if (p.isSet(body))
        request.body = p.value(body);
    bool timeoutOk = false;
    const double seconds = p.value(timeout).toDouble(&timeoutOk);
    if (!timeoutOk || seconds <= 0 || seconds > 3600) {
        writeErr(tr("Invalid --timeout \"%1\": use a number of seconds.").arg(p.value(timeout)));
        return ExitUsage;
    }
    request.timeoutMs = int(seconds * 1000);
    request.preflightOnly = p.isSet(preflightOnly);

    const auto policy = cli.loadPolicy();
    if (!policy)
        return ExitUsage;

    Live::Prober prober;
    QEventLoop loop;
    Live::ProbeReport report;
    QObject::connect(&prober, &Live::Prober::finished, &loop, [&](const Live::ProbeReport &r) {
        report = r;
        loop.quit();
    });
    if (isatty(fileno(stderr))) {
        QObject::connect(&prober, &Live::Prober::progress, &loop,
                         [](int, int, const QString &text) { writeErr(text); });
    }
    prober.start(*policy, request);
    loop.exec();

    if (formatName == QLatin1String("json"))
        writeOut(Live::probeReportToJson(report) + '\n');
    else
        writeOut(Live::probeReportToText(report).toUtf8());
    flushOut();
    if (report.differenceCount() > 0)
        return ExitFindings;
    if (!report.error.isEmpty())
        return ExitUsage;
    if (report.exchanges.isEmpty()) // --preflight-only for a request without a preflight
        return ExitOk;
    return report.complete() ? ExitOk : ExitUsage;
}

} // namespace Cors::Cli
