// SPDX-License-Identifier: MIT
#include "nginx/corslayer.h"

#include "export/exporter.h"
#include "nginx/proxiedstack.h"

#include <QCoreApplication>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("CorsLayer", text);
}

/** What stands in front when the nginx export cannot be made: nginx would not start. */
class BrokenFront : public StackFront
{
public:
    explicit BrokenFront(QString error)
        : m_error(std::move(error))
    { }

    StackResponse respond(const DjangoStack &, const HttpRequest &, bool explain) const override
    {
        StackResponse out;
        out.status = 502;
        out.decidedBy = QStringLiteral("nginx");
        out.error = m_error;
        if (explain) {
            StackStep step;
            step.layer = QStringLiteral("nginx");
            step.phase = QStringLiteral("request");
            step.text = m_error;
            step.status = 502;
            out.steps.append(step);
        }
        return out;
    }

private:
    QString m_error;
};

} // namespace

std::shared_ptr<const NginxSite> nginxExportSite(const CorsDocument &document, QString *error)
{
    const Exporter *exporter = exporterById(QStringLiteral("nginx"));
    const ExportResult exported = exporter->run(document, ExportOptions {});
    if (!exported.ok) {
        *error = tr("The nginx export cannot be made: %1").arg(exported.error);
        return nullptr;
    }
    // The export is ours and holds no include; its size grows with the allow-list.
    NginxReadOptions options;
    options.maxIncludeDepth = 0;
    options.maxBytes = std::numeric_limits<qint64>::max();
    options.maxDirectives = std::numeric_limits<int>::max();
    auto site = std::make_shared<const NginxSite>(parseNginxConfig(
            exported.text.toUtf8(), QString::fromUtf16(NginxExportFileName), options));
    if (!site->errors().isEmpty()) {
        const NginxError &e = site->errors().first();
        *error = tr("The nginx export does not load: %1 in %2:%3")
                         .arg(e.message, e.where.file)
                         .arg(e.where.line);
        return nullptr;
    }
    return site;
}

ServerSide documentServerSide(const CorsDocument &document, std::shared_ptr<const NginxSite> proxy,
                              QString *description)
{
    ServerSide server;
    if (document.corsLayer == CorsLayer::Nginx) {
        server.deployment = silentDjango(document.deployment);
        server.frontAnswersCors = true;
        // The rest of the document stays as it is; only the policy under test changes.
        CorsDocument base = document;
        server.front = [base](const Policy &policy) -> std::shared_ptr<const StackFront> {
            CorsDocument d = base;
            d.policy = policy;
            QString error;
            auto site = nginxExportSite(d, &error);
            if (!site)
                return std::make_shared<BrokenFront>(error);
            return nginxStackFront(std::move(site));
        };
        if (description)
            *description = document.deployment
                    ? tr("nginx answers CORS (the nginx export); Django without CorsMiddleware")
                    : tr("nginx answers CORS (the nginx export) in front of the view");
        return server;
    }
    server.deployment = document.deployment;
    if (proxy) {
        if (!server.deployment) // nginx needs a stack behind it
            server.deployment = corsMiddlewareAlone();
        const auto front = nginxStackFront(std::move(proxy));
        server.front = [front](const Policy &) { return front; };
    }
    if (description) {
        *description = server.front ? tr("CorsMiddleware answers CORS, behind nginx")
                : server.deployment ? tr("CorsMiddleware answers CORS, in the Django stack")
                                    : tr("CorsMiddleware answers CORS");
    }
    return server;
}

} // namespace Cors
