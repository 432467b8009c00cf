// SPDX-License-Identifier: MIT
#include "nginx/nginxroutes.h"

#include "nginx/nginxfront.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("NginxRoutes", text);
}

} // namespace

QString routeSamplePath(const QString &pattern)
{
    static const QRegularExpression converter(QStringLiteral("<(?:([^>:]+):)?[^>]*>"));
    QString out = QStringLiteral("/");
    qsizetype done = 0;
    for (auto it = converter.globalMatch(pattern); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += pattern.mid(done, m.capturedStart() - done);
        done = m.capturedEnd();
        const QString kind = m.captured(1);
        if (kind == QLatin1String("int"))
            out += QStringLiteral("1");
        else if (kind == QLatin1String("slug"))
            out += QStringLiteral("a-slug");
        else if (kind == QLatin1String("uuid"))
            out += QStringLiteral("00000000-0000-0000-0000-000000000001");
        else if (kind == QLatin1String("path"))
            out += QStringLiteral("a/b");
        else
            out += QStringLiteral("x");
    }
    return out + pattern.mid(done);
}

NginxRouteServing nginxServing(const NginxSite &site, const QString &pattern)
{
    NginxRouteServing serving;
    serving.path = routeSamplePath(pattern);
    NginxClientRequest request;
    request.target = serving.path;
    request.headers.append({QStringLiteral("Host"), QStringLiteral("localhost")});
    const NginxResponse response = nginxRespond(
            site, request, [](const HttpRequest &) { return NginxUpstreamResponse {}; });
    serving.error = response.error;
    serving.location = response.location;
    serving.where = response.locationWhere;
    serving.toDjango = response.proxied;
    serving.status = response.status;
    return serving;
}

QString nginxServingText(const NginxRouteServing &serving, const QString &directory)
{
    if (!serving.error.isEmpty())
        return serving.error;
    NginxLocation shown = serving.where;
    if (!directory.isEmpty()) {
        const QString prefix = directory.endsWith(u'/') ? directory : directory + u'/';
        if (shown.file.startsWith(prefix))
            shown.file = shown.file.mid(prefix.size());
    }
    const QString where = serving.location.isEmpty()
            ? tr("the server (%1)").arg(nginxWhere(shown))
            : tr("location %1 (%2)").arg(serving.location, nginxWhere(shown));
    if (serving.toDjango)
        return tr("%1 → Django").arg(where);
    if (serving.status == 0)
        return tr("%1: nginx closes the connection").arg(where);
    return tr("%1: nginx answers %2").arg(where).arg(serving.status);
}

} // namespace Cors
