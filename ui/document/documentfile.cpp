// SPDX-License-Identifier: MIT
#include "document/documentfile.h"

#include "io/atomicfile.h"
#include "io/corsyaml.h"
#include "io/policyfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("DocumentFile", text);
}

} // namespace

QString documentFileSuffix()
{
    return u".cors.yaml"_s;
}

bool isSettingsModule(const QString &path)
{
    return QFileInfo(path).suffix().compare("py"_L1, Qt::CaseInsensitive) == 0;
}

bool isPolicyFileName(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == "py"_L1 || suffix == "yaml"_L1 || suffix == "yml"_L1;
}

DocumentFileResult readDocumentFile(const QString &path, std::optional<Profile> profile,
                                    const QString &variant)
{
    DocumentFileResult out;
    out.imported = isSettingsModule(path);
    PolicyFileOptions options;
    if (out.imported) {
        options.profile = profile;
        options.variant = variant;
    }
    const PolicyFileResult result = loadPolicyFile(path, options);
    out.messages = result.messages;
    if (!result.ok) {
        out.errorString = result.errorString;
        return out;
    }
    out.ok = true;
    out.document = result.document;
    if (result.variants.size() > 1) {
        for (const PolicyVariant &v : result.variants)
            out.variants.append(v.name);
        out.variantIndex = result.variantIndex;
        out.chosenVariantReason = result.chosenVariantReason;
    }
    return out;
}

QByteArray serializeDocument(const CorsDocument &document, QString *error)
{
    QByteArray data = saveCorsYaml(document);
    if (data.isEmpty() && error)
        *error = tr("The document cannot be written as YAML.");
    return data;
}

bool writeDocumentFile(const QString &path, const CorsDocument &document, QString *error)
{
    QString why;
    const QByteArray data = serializeDocument(document, &why);
    if (data.isEmpty()) {
        if (error)
            *error = tr("Cannot save %1: %2").arg(QDir::toNativeSeparators(path), why);
        return false;
    }
    return writeFileAtomically(path, data, error);
}

} // namespace Cors
