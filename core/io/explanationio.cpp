// SPDX-License-Identifier: MIT
#include "io/explanationio.h"

#include "engines/impliedrequest.h"
#include "io/jsonwriter.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ExplanationText", text);
}

QString stageText(const std::optional<FailureStage> &stage, const ErrorExplanation &e)
{
    if (!stage) {
        if (e.identifier.isEmpty())
            return tr("not told by the text");
        return e.engine == BrowserEngine::Firefox
                ? tr("the preflight or the response (Firefox adds \"CORS request did not "
                     "succeed ... Status code: (null)\" after a failed preflight)")
                : tr("the preflight or the response (the text does not tell which)");
    }
    switch (*stage) {
    case FailureStage::Request:
        return tr("before sending: the request itself");
    case FailureStage::Redirect:
        return tr("a redirect");
    case FailureStage::Preflight:
        return tr("the preflight (OPTIONS) response");
    case FailureStage::Actual:
        return tr("the response to the request itself");
    }
    return QString();
}

QString shellQuote(const QString &text)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:@%+=,-]+$"));
    if (plain.match(text).hasMatch())
        return text;
    QString quoted = text;
    quoted.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + quoted + u'\'';
}

QString engineTitle(const RecognisedMessage &m)
{
    return browserEngineTitle(m.engine);
}

} // namespace

QByteArray explanationToJson(const ErrorExplanation &e)
{
    JsonWriter json;
    json.beginObject();
    json.key("recognised").value(e.recognised);
    json.key("engine");
    if (e.engine)
        json.value(browserEngineName(*e.engine));
    else
        json.null();
    json.key("mixed_engines").value(e.mixedEngines);
    json.key("identifier").value(e.identifier);
    json.key("documentation")
            .value(e.engine ? engineErrorDocumentation(*e.engine, e.identifier) : QString());
    json.key("stage");
    if (e.stage)
        json.value(failureStageName(*e.stage));
    else
        json.null();
    json.key("what").value(e.what);
    json.key("fix").value(e.fix);
    json.key("parameter").value(e.parameter);
    json.key("status").value(e.status);
    json.key("request").beginObject();
    json.key("url").value(e.url);
    json.key("first_url").value(e.firstUrl);
    json.key("origin").value(e.origin);
    json.key("method").value(e.method);
    json.key("credentials").value(e.credentials);
    json.key("headers").beginArray();
    for (const QString &h : e.requestHeaders)
        json.value(h);
    json.endArray();
    json.key("api");
    if (e.initiator)
        json.value(*e.initiator == RequestInitiator::Fetch ? "fetch" : "xhr");
    else
        json.null();
    json.endObject();
    json.key("messages").beginArray();
    for (const RecognisedMessage &m : e.messages) {
        json.beginObject();
        json.key("engine").value(browserEngineName(m.engine));
        json.key("identifier").value(m.identifier);
        json.key("partial").value(m.partial);
        json.key("companion").value(m.companion);
        json.key("script_error").value(m.scriptError);
        json.key("url").value(m.url);
        json.key("origin").value(m.origin);
        json.key("parameter").value(m.parameter);
        json.key("status").value(m.status);
        json.key("text").value(m.text);
        json.endObject();
    }
    json.endArray();
    json.key("simulate").beginArray();
    for (const QString &a : impliedSimulateArguments(e))
        json.value(a);
    json.endArray();
    json.key("closest").beginArray();
    for (const QString &c : e.closest)
        json.value(c);
    json.endArray();
    json.endObject();
    return json.data();
}

QString explanationToText(const ErrorExplanation &e)
{
    QString out;
    if (!e.recognised) {
        out += tr("Not a CORS message I know.\n");
        if (!e.closest.isEmpty()) {
            out += tr("Closest known messages:\n");
            for (const QString &c : e.closest)
                out += QStringLiteral("  - %1\n").arg(c);
        }
        return out;
    }
    const QString engine = e.engine ? browserEngineTitle(*e.engine) : tr("unknown");
    out += tr("Engine: %1%2\n")
                   .arg(engine,
                        e.mixedEngines ? tr(" (the text mixes several engines' messages)")
                                       : QString());
    if (!e.identifier.isEmpty()) {
        const QString doc
                = e.engine ? engineErrorDocumentation(*e.engine, e.identifier) : QString();
        out += tr("Error: %1%2\n")
                       .arg(e.identifier,
                            doc.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(doc));
    }
    out += tr("Failed at: %1\n").arg(stageText(e.stage, e));
    out += tr("What failed: %1\n").arg(e.what);
    if (!e.parameter.isEmpty())
        out += tr("Quoted value: %1\n").arg(e.parameter);
    if (!e.status.isEmpty())
        out += tr("Status code: %1\n").arg(e.status);
    out += tr("Fix: %1\n").arg(e.fix);
    out += tr("The request it implies:\n");
    auto line = [&](const QString &name, const QString &value, const QString &unknown) {
        out += QStringLiteral("  %1: %2\n").arg(name, value.isEmpty() ? unknown : value);
    };
    const QString notTold = tr("(not in the text)");
    line(tr("URL"), e.url, notTold);
    if (!e.firstUrl.isEmpty())
        line(tr("redirected from"), e.firstUrl, notTold);
    line(tr("origin"), e.origin, notTold);
    line(tr("method"), e.method,
         e.stage == FailureStage::Preflight
                 ? tr("(not in the text; a preflight was sent, so a method other than GET, HEAD "
                      "or POST, or a non-safelisted header)")
                 : notTold);
    if (!e.requestHeaders.isEmpty())
        line(tr("headers set by the script"), e.requestHeaders.join(QStringLiteral(", ")), notTold);
    line(tr("credentials"), e.credentials, notTold);
    if (e.initiator)
        line(tr("API"),
             *e.initiator == RequestInitiator::Fetch ? QStringLiteral("fetch()")
                                                     : QStringLiteral("XMLHttpRequest"),
             notTold);
    out += tr("Messages read:\n");
    int n = 0;
    for (const RecognisedMessage &m : e.messages) {
        QString tag = engineTitle(m);
        if (!m.identifier.isEmpty())
            tag += u' ' + m.identifier;
        if (m.scriptError)
            tag += tr(" script error");
        if (m.partial)
            tag += tr(", partial");
        out += QStringLiteral("  %1. [%2] %3\n").arg(++n).arg(tag, m.text);
    }
    const QStringList args = impliedSimulateArguments(e);
    if (!args.isEmpty()) {
        QStringList quoted;
        for (const QString &a : args)
            quoted.append(shellQuote(a));
        out += tr("Try it against a policy:\n  cors-studio simulate POLICY %1\n")
                       .arg(quoted.join(u' '));
    }
    return out;
}

} // namespace Cors
