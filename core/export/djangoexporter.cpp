// SPDX-License-Identifier: MIT
#include "export/djangoexporter.h"

#include "export/pythonwriter.h"
#include "python/pysemantics.h"
#include "stack/middlewareorder.h"
#include "stack/nondefaultsettings.h"
#include "stack/serverside.h"

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

bool hasDynamicSource(const PyValue &value)
{
    if (!value.dynamicSource().isEmpty())
        return true;
    if (value.isContainer()) {
        for (const PyValue &item : value.items()) {
            if (hasDynamicSource(item))
                return true;
        }
    }
    return false;
}

// Drops the environment-read markers the writer cannot reproduce, as the file then holds the
// literal default.
PyValue withoutUnwritableDynamics(const PyValue &value)
{
    // Unchanged values stay shared: a list of 100,000 origins is not copied to be written.
    if (!hasDynamicSource(value))
        return value;
    PyValue out = value;
    if (!out.dynamicSource().isEmpty()) {
        PythonImports scratch;
        const QString written = pythonLiteral(out, scratch);
        if (written != out.dynamicSource()
            && !(out.isStarred() && written == u'*' + out.dynamicSource()))
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

/** A comment block: each line of @p text prefixed with "# ", wrapped near 96 columns. */
QString pythonComment(const QString &text, const QString &firstPrefix = QStringLiteral("# "))
{
    QString out;
    QString line = firstPrefix;
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    bool empty = true;
    for (QString word : words) {
        // The changes name catalogue paths only; still, nothing may end the comment line.
        for (QChar &c : word) {
            if (c.unicode() < 0x20 || c.unicode() == 0x7f || c.isSurrogate())
                c = u'?';
        }
        if (!empty && line.size() + 1 + word.size() > 96) {
            out += line + u'\n';
            line = QStringLiteral("#   ");
            empty = true;
        }
        line += (empty ? QString() : QStringLiteral(" ")) + word;
        empty = false;
    }
    return out + line + u'\n';
}

// DRF's renderer classes, for a REST_FRAMEWORK that names how many there are (only one or more
// than one matters: more than one makes DRF send Vary: Accept).
const char *const drfRenderers[] = {
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "rest_framework.renderers.TemplateHTMLRenderer",
        "rest_framework.renderers.StaticHTMLRenderer",
        "rest_framework.renderers.HTMLFormRenderer",
        "rest_framework.renderers.AdminRenderer",
};

/**
 * The deployment's Django settings: a MIDDLEWARE that works (workingMiddleware(), each change
 * a comment) and the stack settings that differ from Django's and DRF's defaults.
 */
QString deploymentSettings(const Deployment &deployment, Profile profile, PythonImports &imports,
                           QList<ExportNote> &notes, bool nginxAnswersCors)
{
    const StackSettings &s = deployment.settings;
    const StackSettings defaults;
    QString out;
    auto assign = [&](const QString &name, const PyValue &value) {
        out += name + QStringLiteral(" = ") + pythonLiteral(value, imports) + u'\n';
    };
    out += nginxAnswersCors
            ? QStringLiteral("# The Django stack behind nginx, from the document's deployment: "
                             "MIDDLEWARE\n# and the settings that differ from Django's defaults.\n")
            : QStringLiteral("# The Django stack around CorsMiddleware, from the document's "
                             "deployment: MIDDLEWARE\n# and the settings that differ from "
                             "Django's defaults.\n");
    QStringList changes;
    // nginx answering CORS: Django must stay silent, so CorsMiddleware goes and nothing moves.
    const QStringList middleware = nginxAnswersCors ? silentDjango(deployment).settings.middleware
                                                    : workingMiddleware(s, profile, &changes);
    if (nginxAnswersCors && middleware != s.middleware)
        changes.append(QStringLiteral("corsheaders' middleware left out: nginx answers CORS"));
    for (const QString &change : std::as_const(changes)) {
        out += pythonComment(QStringLiteral("MIDDLEWARE: ") + change);
        notes.append({QStringLiteral("MIDDLEWARE: ") + change, std::nullopt});
    }
    assign(QStringLiteral("MIDDLEWARE"), PyValue::strList(middleware));

    QList<std::pair<PyValue, PyValue>> rest;
    for (const StackSettingValue &setting : nonDefaultStackSettings(s)) {
        if (!setting.restFramework) {
            assign(setting.name, setting.value);
            continue;
        }
        if (setting.name != QLatin1String("DEFAULT_RENDERER_COUNT")) {
            rest.append({PyValue::str(setting.name), setting.value});
            continue;
        }
        // The document keeps how many renderers, not which: DRF's own, as many as there are.
        constexpr int known = int(std::size(drfRenderers));
        QStringList renderers;
        for (int i = 0; i < std::min(s.drfRendererCount, known); ++i)
            renderers.append(QString::fromLatin1(drfRenderers[i]));
        if (s.drfRendererCount > known)
            notes.append({QStringLiteral("REST_FRAMEWORK: the deployment counts %1 renderer "
                                         "classes; the export lists DRF's %2.")
                                  .arg(s.drfRendererCount)
                                  .arg(known),
                          std::nullopt});
        rest.append({PyValue::str(QStringLiteral("DEFAULT_RENDERER_CLASSES")),
                     PyValue::strList(renderers)});
    }
    if (!rest.isEmpty())
        assign(QStringLiteral("REST_FRAMEWORK"), PyValue::dict(rest));
    if (!deployment.routes.isEmpty() || deployment.identities != Identities {})
        out += QStringLiteral("# The deployment's routes and identities are not settings: they "
                              "stay in the *.cors.yaml\n# document (in the project, urls.py and "
                              "the user database hold them).\n");
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
            notes->append({text, id});
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
                note(tr("%1 is written under its current name %2.")
                             .arg(settingName(*legacy), settingName(id)),
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
    const bool silent = document.corsLayer == CorsLayer::Nginx;

    PythonImports imports;
    QString body;
    for (SettingId id : exported.definedSettings()) {
        // Inert without CorsMiddleware; written, they would suggest Django still answers CORS.
        if (silent && settingName(id).startsWith(QLatin1String("CORS_")))
            continue;
        body += settingName(id) + QStringLiteral(" = ")
                + pythonLiteral(*exported.value(id), imports, isRegexSetting(id)) + u'\n';
    }
    QString stack;
    if (document.deployment)
        stack = deploymentSettings(*document.deployment, policy.profile(), imports, result.notes,
                                   silent);

    QString text;
    if (silent) {
        // clang-format off
        text += QStringLiteral(
                "# Django settings, exported by CORS Studio for a deployment where nginx answers\n"
                "# CORS (the nginx export): Django stays silent. Leave \"corsheaders\" out of\n"
                "# INSTALLED_APPS and corsheaders.middleware.CorsMiddleware out of MIDDLEWARE; a\n"
                "# second CORS layer would send Access-Control-Allow-Origin twice.\n");
        // clang-format on
    } else {
        text += QStringLiteral("# django-cors-headers settings, exported by CORS Studio for "
                               "django-cors-headers %1.\n")
                        .arg(v314 ? QStringLiteral("3.14 (Django 3.2)") : QStringLiteral("4.x"));
    }
    if (!silent)
        text += QStringLiteral("#\n"
                               "# INSTALLED_APPS = [\n"
                               "#     ...,\n"
                               "#     \"corsheaders\",\n"
                               "# ]\n");
    // Without a deployment, where CorsMiddleware goes; with one, MIDDLEWARE is written below.
    // clang-format off
    if (!document.deployment && !silent)
        text += QStringLiteral(
                "# MIDDLEWARE = [\n"
                "#     \"corsheaders.middleware.CorsMiddleware\",  # first, or at least above every\n"
                "#     \"django.middleware.common.CommonMiddleware\",  # middleware that can answer a\n"
                "#     ...,  # request itself (CommonMiddleware, WhiteNoise, ...)\n");
    // clang-format on
    if (!document.deployment && !silent && v314
        && Py::truthy(policy.effective(SettingId::ReplaceHttpsReferer)))
        text += QStringLiteral("#     \"django.middleware.csrf.CsrfViewMiddleware\",\n"
                               "#     \"corsheaders.middleware.CorsPostCsrfMiddleware\",  # right "
                               "after the CSRF middleware\n");
    if (!document.deployment && !silent)
        text += QStringLiteral("# ]\n");
    if (!result.notes.isEmpty())
        text += QStringLiteral("#\n# %1 setting(s) differ from the policy as designed; see the "
                               "export notes.\n")
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
        text += QStringLiteral("from corsheaders.defaults import ")
                + names.join(QStringLiteral(", ")) + u'\n';
    }
    if (imports.os || imports.re || imports.defaultHeaders || imports.defaultMethods)
        text += u'\n';
    text.reserve(text.size() + body.size() + stack.size() + 64);
    if (silent)
        text += body.isEmpty() ? QStringLiteral("# No Django setting to write for CORS.\n") : body;
    else
        text += body.isEmpty() ? QStringLiteral("# Every setting has its default value.\n") : body;
    if (!stack.isEmpty())
        text += u'\n' + stack;
    result.text = text;
    result.ok = true;
    if (silent)
        result.notes.append({tr("nginx answers CORS (cors_layer: nginx): the CORS_* settings are "
                                "in the nginx export, and Django leaves corsheaders out."),
                             std::nullopt});
    return result;
}

} // namespace Cors
