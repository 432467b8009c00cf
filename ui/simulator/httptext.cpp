// SPDX-License-Identifier: MIT
#include "simulator/httptext.h"

#include "policy/setting.h"

#include <QCoreApplication>
#include <QUrl>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SimulatorText", text);
}

QString verdictWord(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Pass:
        return tr("applied");
    case Verdict::Fail:
        return tr("refused");
    case Verdict::Skip:
        return tr("skipped");
    case Verdict::Error:
        return tr("server error");
    }
    return {};
}

QString pre(const QString &text)
{
    return QStringLiteral("<pre style=\"margin:4px 0 8px 0\">") + text.toHtmlEscaped()
            + QStringLiteral("</pre>");
}

} // namespace

QString reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return QStringLiteral("OK");
    case 201:
        return QStringLiteral("Created");
    case 204:
        return QStringLiteral("No Content");
    case 301:
        return QStringLiteral("Moved Permanently");
    case 302:
        return QStringLiteral("Found");
    case 303:
        return QStringLiteral("See Other");
    case 304:
        return QStringLiteral("Not Modified");
    case 307:
        return QStringLiteral("Temporary Redirect");
    case 308:
        return QStringLiteral("Permanent Redirect");
    case 400:
        return QStringLiteral("Bad Request");
    case 401:
        return QStringLiteral("Unauthorized");
    case 403:
        return QStringLiteral("Forbidden");
    case 404:
        return QStringLiteral("Not Found");
    case 405:
        return QStringLiteral("Method Not Allowed");
    case 500:
        return QStringLiteral("Internal Server Error");
    case 502:
        return QStringLiteral("Bad Gateway");
    case 503:
        return QStringLiteral("Service Unavailable");
    default:
        return {};
    }
}

QString requestLine(const WireRequest &request)
{
    const QUrl url(request.url);
    QString target = url.path(QUrl::FullyEncoded);
    if (target.isEmpty())
        target = QStringLiteral("/");
    if (url.hasQuery())
        target += u'?' + url.query(QUrl::FullyEncoded);
    return request.method + u' ' + target;
}

QString responseLine(const EngineResponse &response)
{
    if (!response.error.isEmpty())
        return tr("500 \u00b7 server error");
    const QString status
            = QString(QString::number(response.status) + u' ' + reasonPhrase(response.status))
                      .trimmed();
    if (response.corsHeaders.isEmpty())
        return tr("%1 \u00b7 no CORS headers").arg(status);
    return tr("%1 \u00b7 %2 CORS header(s)").arg(status).arg(response.corsHeaders.size());
}

QString rawRequest(const WireRequest &request)
{
    const QUrl url(request.url);
    QString out = requestLine(request) + QStringLiteral(" HTTP/1.1\nHost: ")
            + url.authority(QUrl::FullyEncoded) + u'\n';
    for (const HttpHeader &h : request.headers)
        out += h.name + QStringLiteral(": ") + h.value + u'\n';
    return out;
}

QString rawResponse(const EngineResponse &response)
{
    const int status = response.error.isEmpty() ? response.status : 500;
    QString out
            = QString(QStringLiteral("HTTP/1.1 %1 ").arg(status) + reasonPhrase(status)).trimmed()
            + u'\n';
    for (const HttpHeader &h : response.headers)
        out += h.name + QStringLiteral(": ") + h.value + u'\n';
    return out;
}

QString stepDetailsHtml(const TraceStep &step, const SimulationResult &result, bool failingStep)
{
    QString html = QStringLiteral("<h3 style=\"margin:0\">%1</h3><p>%2</p>")
                           .arg(step.title.toHtmlEscaped(), step.summary.toHtmlEscaped());
    if (step.request)
        html += QStringLiteral("<b>%1</b>").arg(tr("On the wire")) + pre(rawRequest(*step.request));
    if (step.response) {
        const EngineResponse &r = *step.response;
        html += QStringLiteral("<b>%1</b>").arg(tr("Response")) + pre(rawResponse(r));
        if (!r.error.isEmpty())
            html += QStringLiteral("<p style=\"color:#c62828\">%1</p>")
                            .arg(r.error.toHtmlEscaped());
        if (!r.explanation.isEmpty()) {
            html += QStringLiteral("<b>%1</b><table cellspacing=\"0\" cellpadding=\"2\">")
                            .arg(tr("What django-cors-headers did"));
            for (const ExplanationStep &e : r.explanation) {
                QString setting;
                if (e.setting) {
                    setting = settingName(*e.setting);
                    if (e.entry >= 0)
                        setting += QStringLiteral("[%1]").arg(e.entry);
                }
                html += QStringLiteral("<tr><td valign=\"top\">%1&nbsp;</td><td "
                                       "valign=\"top\"><i>%2</i>&nbsp;</td>"
                                       "<td>%3</td><td valign=\"top\"><code>%4</code></td></tr>")
                                .arg(verdictWord(e.verdict), e.topic.toHtmlEscaped(),
                                     e.text.toHtmlEscaped(), setting.toHtmlEscaped());
            }
            html += QStringLiteral("</table>");
        }
    }
    if (!step.facts.isEmpty()) {
        html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"2\">");
        for (const TraceFact &f : step.facts) {
            const bool failed = f.value.startsWith(QLatin1String("failed"));
            html += QStringLiteral("<tr><td valign=\"top\"><b>%1</b>&nbsp;</td><td%3>%2</td></tr>")
                            .arg(f.name.toHtmlEscaped(), f.value.toHtmlEscaped(),
                                 failed ? QStringLiteral(" style=\"color:#c62828\"") : QString());
        }
        html += QStringLiteral("</table>");
    }
    if (failingStep && result.failure) {
        html += QStringLiteral("<p><b>%1</b> <code>%2</code></p>")
                        .arg(tr("Chromium's CorsError:"), corsErrorName(result.failure->error));
        QStringList settings;
        for (const PolicyFix &fix : result.fixes) {
            if (!settings.contains(settingName(fix.setting)))
                settings.append(settingName(fix.setting));
        }
        if (!settings.isEmpty())
            html += QStringLiteral("<p><b>%1</b> <code>%2</code></p>")
                            .arg(tr("Policy setting involved:"),
                                 settings.join(QStringLiteral(", ")));
    }
    return html;
}

} // namespace Cors
