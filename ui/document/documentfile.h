// SPDX-License-Identifier: MIT
#pragma once

#include "io/corsdocument.h"
#include "python/settingsreader.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Cors {

/** What opening a policy file gave. */
struct DocumentFileResult
{
    bool ok = false;
    CorsDocument document;
    /** Why it could not be opened: names the file and, where known, line and column. */
    QString errorString;
    /** The import report of a settings.py (what was read and skipped), or the YAML warnings. */
    QList<SettingsMessage> messages;
    /** A Django settings module: imported, never written back. */
    bool imported = false;
    /**
     * A settings.py whose policy depends on DEBUG or the environment: the names of its
     * variants (empty otherwise), the one the document holds, and why the reader chose its
     * default one.
     */
    QStringList variants;
    qsizetype variantIndex = 0;
    QString chosenVariantReason;
};

/** The suffix CORS Studio saves documents with, ".cors.yaml". */
QString documentFileSuffix();

/** Whether @p path names a Django settings module (*.py) rather than a CORS Studio document. */
bool isSettingsModule(const QString &path);

/** Whether @p path looks like something Open accepts (*.cors.yaml, *.yaml, *.yml, *.py). */
bool isPolicyFileName(const QString &path);

/**
 * Reads a *.cors.yaml / *.yaml document or imports a settings.py (core's loadPolicyFile). For a
 * settings.py, @p profile is the profile to read it for (default 4.x) and @p variant the variant
 * to import (empty: the one the reader chooses).
 */
DocumentFileResult readDocumentFile(const QString &path, std::optional<Profile> profile = {},
                                    const QString &variant = {});

/** The document as *.cors.yaml text (core's saveCorsYaml); empty with @p error on failure. */
QByteArray serializeDocument(const CorsDocument &document, QString *error);

/** serializeDocument() written atomically (QSaveFile) to @p path. */
bool writeDocumentFile(const QString &path, const CorsDocument &document, QString *error);

} // namespace Cors
