// SPDX-License-Identifier: MIT
#pragma once

#include "io/corsdocument.h"

#include <QList>
#include <QString>

#include <optional>

namespace Cors {

struct ExportOptions
{
    /** Write every setting, defaults included (otherwise only what differs from them). */
    bool allSettings = false;
    /** Keep legacy names the policy uses (otherwise they are written under current names). */
    bool legacyNames = false;
    /** Which part to write: empty for the whole file; "map"/"location" (nginx), "policy" (yaml). */
    QString part;
    /** nginx: the address the generated server block listens on, and the app it proxies to. */
    QString listen = QStringLiteral("127.0.0.1:8080");
    QString upstream = QStringLiteral("http://127.0.0.1:8000");
};

/** Something the target cannot say exactly as the policy does, or a choice the export made. */
struct ExportNote
{
    QString text;
    std::optional<SettingId> setting;
};

struct ExportResult
{
    bool ok = false;
    QString text;
    QList<ExportNote> notes;
    /** Why there is no text (ok == false), e.g. an option the target does not have. */
    QString error;
};

/**
 * Turns a document into a configuration for one consumer. Exporters are pure: same input,
 * same bytes; nothing machine-specific; injection-safe whatever the values hold.
 */
class Exporter
{
public:
    virtual ~Exporter() = default;
    /** "django", "yaml", "nginx": the CLI's --to value. */
    virtual QString id() const = 0;
    virtual QString displayName() const = 0;
    /** Suggested file name suffix, e.g. ".py". */
    virtual QString fileSuffix() const = 0;
    /** The parts --part accepts (empty: only the whole file). */
    virtual QStringList parts() const { return {}; }
    virtual ExportResult run(const CorsDocument &document, const ExportOptions &options) const = 0;
};

/** Every exporter, in menu order. */
const QList<const Exporter *> &exporters();
const Exporter *exporterById(const QString &id);

} // namespace Cors
