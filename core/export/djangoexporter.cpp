// SPDX-License-Identifier: MIT
#include "export/djangoexporter.h"

#include "export/pythonwriter.h"
#include "python/pysemantics.h"

#include <QCoreApplication>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("DjangoExporter", text);
}

bool isRegexSetting(SettingId id)
{
    return id == SettingId::AllowedOriginRegexes || id == SettingId::OriginRegexWhitelist
            || id == SettingId::UrlsRegex;
}

// Drops the environment-read markers the writer cannot reproduce, as the file then holds the
// literal default.
PyValue withoutUnwritableDynamics(const PyValue &value)
{
    PyValue out = value;
    if (!out.dynamicSource().isEmpty()) {
        PythonImports scratch;
        const QString written = pythonLiteral(out, scratch);
        if (written != out.dynamicSource() && !(out.isStarred() && written == u'*' + out.dynamicSource()))
            out.setDynamicSource(QString());
    }
    if (out.isContainer()) {
        for (PyValue &item : out.items())
            item = withoutUnwritableDynamics(item);
    }
    return out;
}

// Django 4.0+ wants CSRF_TRUSTED_ORIGINS with schemes; Django 3.2 (with django-cors-headers
// 3.14) compares host names and never matches an entry with a scheme.
PyValue csrfForm(const PyValue &value, Profile profile, bool *changed)
{
    if (value.kind() != PyValue::Kind::List && value.kind() != PyValue::Kind::Tuple)
        return value;
    PyValue out = value;
    for (PyValue &item : out.items()) {
        if (!item.isStr() || item.isDynamic())
            continue;
        const QString text = item.text();
        const qsizetype scheme = text.indexOf(QLatin1String("://"));
        QString converted = text;
        if (profile == Profile::V4 && scheme < 0 && !text.isEmpty())
            converted = QStringLiteral("https://") + (text.startsWith(u'.') ? u'*' + text : text);
        else if (profile == Profile::V3_14 && scheme >= 0)
            converted = text.mid(scheme + 3).section(u'/', 0, 0);
        if (converted != text) {
            item = PyValue::str(converted);
            *changed = true;
        }
    }
    // A converted list is written literally, no longer as the environment read it came from.
    if (*changed)
        out.setDynamicSource(QString());
    return out;
}

} // namespace

QString DjangoExporter::displayName() const
{
    return tr("Django settings.py");
}

Policy DjangoExporter::exportedPolicy(const Policy &policy, const ExportOptions &options,
                                      QList<ExportNote> *notes)
{
    const Profile profile = policy.profile();
    auto note = [&](const QString &text, SettingId id) {
        if (notes)
            notes->append({ text, id });
    };
    Policy out(profile);
    for (SettingId id : allSettings()) {
        if (isLegacyAlias(id))
            continue;
        if (id == SettingId::Model) {
            if (policy.isSet(id))
                note(tr("CORS_MODEL is left out: it was removed in django-cors-headers 3.0 and "
                        "defining it is an error (corsheaders.E012)."),
                     id);
            continue;
        }
        const std::optional<SettingId> legacy = legacyAliasOf(id);
        const bool current = policy.isSet(id);
        const bool old = legacy && policy.isSet(*legacy);
        if (!isReadBy(id, profile)) {
            if (current)
                note(id == SettingId::ReplaceHttpsReferer
                             ? tr("CORS_REPLACE_HTTPS_REFERER is left out: django-cors-headers 4.x "
                                  "removed it, and defining it is an error (corsheaders.E013).")
                             : tr("%1 is left out: django-cors-headers %2 does not have it.")
                                       .arg(settingName(id), profileName(profile)),
                     id);
            continue;
        }
        std::optional<PyValue> value;
        SettingId name = id;
        if (current) {
            value = *policy.value(id);
            if (old)
                note(tr("%1 is left out: %2 is defined, and the current name wins.")
                             .arg(settingName(*legacy), settingName(id)),
                     *legacy);
        } else if (old) {
            value = *policy.value(*legacy);
            if (options.legacyNames)
                name = *legacy;
            else
                note(tr("%1 is written under its current name %2.").arg(settingName(*legacy), settingName(id)),
                     *legacy);
        }
        const std::optional<PyValue> fallback = defaultValue(id, profile);
        if (!value) {
            if (!options.allSettings || !fallback)
                continue;
            value = fallback;
        } else if (!options.allSettings && fallback && *value == *fallback) {
            continue;
        }
        PyValue written = withoutUnwritableDynamics(*value);
        if (written != *value)
            note(tr("%1: an environment read CORS Studio cannot write back is replaced by its "
                    "default value.")
                         .arg(settingName(name)),
                 name);
        if (id == SettingId::CsrfTrustedOrigins) {
            bool changed = false;
            written = csrfForm(written, profile, &changed);
            if (changed)
                note(profile == Profile::V4
                             ? tr("CSRF_TRUSTED_ORIGINS: Django 4.0 and later need a scheme; "
                                  "entries without one are written with https://.")
                             : tr("CSRF_TRUSTED_ORIGINS: Django 3.2 lists host names; the scheme "
                                  "and any path are removed."),
                     id);
        }
        out.setValue(name, written);
    }
    return out;
}

ExportResult DjangoExporter::run(const CorsDocument &document, const ExportOptions &options) const
{
    ExportResult result;
    if (!options.part.isEmpty()) {
        result.error = tr("The Django export has no parts.");
        return result;
    }
    const Policy &policy = document.policy;
    const Policy exported = exportedPolicy(policy, options, &result.notes);
    const bool v314 = policy.profile() == Profile::V3_14;

    PythonImports imports;
    QString body;
    for (SettingId id : exported.definedSettings()) {
        body += settingName(id) + QStringLiteral(" = ")
                + pythonLiteral(*exported.value(id), imports, isRegexSetting(id)) + u'\n';
    }

    QString text;
    text += QStringLiteral("# django-cors-headers settings, exported by CORS Studio for django-cors-headers %1.\n")
                    .arg(v314 ? QStringLiteral("3.14 (Django 3.2)") : QStringLiteral("4.x"));
    text += QStringLiteral(
            "#\n"
            "# INSTALLED_APPS = [\n"
            "#     ...,\n"
            "#     \"corsheaders\",\n"
            "# ]\n"
            "# MIDDLEWARE = [\n"
            "#     \"corsheaders.middleware.CorsMiddleware\",  # first, or at least above every\n"
            "#     \"django.middleware.common.CommonMiddleware\",  # middleware that can answer a\n"
            "#     ...,  # request itself (CommonMiddleware, WhiteNoise, ...)\n");
    if (v314 && Py::truthy(policy.effective(SettingId::ReplaceHttpsReferer)))
        text += QStringLiteral(
                "#     \"django.middleware.csrf.CsrfViewMiddleware\",\n"
                "#     \"corsheaders.middleware.CorsPostCsrfMiddleware\",  # right after the CSRF middleware\n");
    text += QStringLiteral("# ]\n");
    if (!result.notes.isEmpty())
        text += QStringLiteral("#\n# %1 setting(s) differ from the policy as designed; see the export notes.\n")
                        .arg(result.notes.size());
    text += u'\n';
    if (imports.os)
        text += QStringLiteral("import os\n");
    if (imports.re)
        text += QStringLiteral("import re\n");
    if (imports.defaultHeaders || imports.defaultMethods) {
        QStringList names;
        if (imports.defaultHeaders)
            names.append(QStringLiteral("default_headers"));
        if (imports.defaultMethods)
            names.append(QStringLiteral("default_methods"));
        text += QStringLiteral("from corsheaders.defaults import ") + names.join(QStringLiteral(", ")) + u'\n';
    }
    if (imports.os || imports.re || imports.defaultHeaders || imports.defaultMethods)
        text += u'\n';
    text += body.isEmpty() ? QStringLiteral("# Every setting has its default value.\n") : body;
    result.text = text;
    result.ok = true;
    return result;
}

} // namespace Cors
