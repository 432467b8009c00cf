// SPDX-License-Identifier: MIT
#include "document/settingvalues.h"

#include "checks/entryvalidation.h"
#include "export/pythonwriter.h"
#include "python/pysemantics.h"
#include "python/settingsreader.h"

#include <QCoreApplication>

#include <cmath>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SettingValues", text);
}

bool isBoolSetting(SettingId id)
{
    switch (id) {
    case SettingId::AllowAllOrigins:
    case SettingId::OriginAllowAll:
    case SettingId::AllowCredentials:
    case SettingId::AllowPrivateNetwork:
    case SettingId::ReplaceHttpsReferer:
        return true;
    default:
        return false;
    }
}

} // namespace

bool isRowList(const PyValue &value)
{
    switch (value.kind()) {
    case PyValue::Kind::List:
    case PyValue::Kind::Tuple:
    case PyValue::Kind::DefaultHeaders:
    case PyValue::Kind::DefaultMethods:
        return true;
    default:
        return false;
    }
}

PyValue editableList(const Policy &policy, SettingId id)
{
    const PyValue *written = policy.value(id);
    const PyValue base
            = written ? *written : defaultValue(id, policy.profile()).value_or(PyValue::list());
    switch (base.kind()) {
    case PyValue::Kind::List:
    case PyValue::Kind::Tuple:
        if (!written && base.items().isEmpty())
            return PyValue::list();
        return base;
    case PyValue::Kind::DefaultHeaders:
    case PyValue::Kind::DefaultMethods: {
        PyValue splice = base;
        splice.setStarred(true);
        return PyValue::tuple({splice});
    }
    default:
        return PyValue::list();
    }
}

QList<int> rowSpans(const PyValue &list, Profile profile)
{
    QList<int> spans;
    if (list.kind() != PyValue::Kind::List && list.kind() != PyValue::Kind::Tuple)
        return spans;
    for (const PyValue &item : list.items()) {
        if (!item.isStarred()) {
            spans.append(1);
            continue;
        }
        const PyValue alone = PyValue::tuple({item}).resolved(profile);
        spans.append(int(alone.items().size()));
    }
    return spans;
}

bool isSplicedEntry(const Policy &policy, SettingId id, int entry)
{
    const PyValue list = editableList(policy, id);
    const QList<int> spans = rowSpans(list, policy.profile());
    int first = 0;
    for (qsizetype row = 0; row < spans.size(); ++row) {
        if (entry >= first && entry < first + spans.at(row))
            return list.items().at(row).isStarred();
        first += spans.at(row);
    }
    return false;
}

std::optional<ValueConversion> formConversion(SettingId id, const PyValue &value)
{
    if (isListSetting(id)) {
        if (value.isStr())
            return ValueConversion {
                    tr("Make it a list with this one entry"),
                    tr("A bare string where a list belongs is read character by character. This "
                       "puts the string into a list as its only entry."),
                    PyValue::list({value}),
            };
        if (value.kind() == PyValue::Kind::Set)
            return ValueConversion {
                    tr("Make it a list"),
                    tr("A set is not a sequence for Django's checks, and its order is arbitrary. "
                       "This keeps the entries in the order written, as a list."),
                    PyValue::list(value.items()),
            };
        return std::nullopt;
    }
    if (isBoolSetting(id) && !value.isBool()) {
        const bool truth = Py::truthy(value.resolved(Profile::V4));
        return ValueConversion {
                truth ? tr("Make it True") : tr("Make it False"),
                tr("Django's checks want a real bool, while the middleware only asks whether %1 is "
                   "true in Python (it is %2). This writes that bool.")
                        .arg(Py::repr(value),
                             truth ? QStringLiteral("True") : QStringLiteral("False")),
                PyValue::boolean(truth),
        };
    }
    if (id == SettingId::PreflightMaxAge) {
        std::optional<qint64> number;
        if (value.isStr()) {
            bool ok = false;
            const qint64 n = value.text().trimmed().toLongLong(&ok);
            if (ok)
                number = n;
        } else if (value.kind() == PyValue::Kind::Float && std::isfinite(value.floatValue())
                   && value.floatValue() == std::trunc(value.floatValue())) {
            number = qint64(value.floatValue());
        }
        if (number && *number >= 0 && *number <= std::numeric_limits<int>::max())
            return ValueConversion {
                    tr("Make it the integer %1").arg(*number),
                    tr("Django's checks want an integer of seconds. This writes %1.").arg(*number),
                    PyValue::integer(*number),
            };
    }
    return std::nullopt;
}

std::optional<PyValue> parsePythonValue(SettingId id, const QString &text, Profile profile,
                                        PythonValueError *error)
{
    static const QString prelude = QStringLiteral(
            "import os\nimport re\nfrom corsheaders.defaults import default_headers, "
            "default_methods\n");
    constexpr int preludeLines = 3;
    const QString lead = settingName(id) + QStringLiteral(" = ");
    auto fail = [&](const QString &message, int line = 0, int column = 0) {
        if (error) {
            error->message = message;
            error->line = line > preludeLines ? line - preludeLines : 0;
            error->column
                    = error->line == 1 && column > 0 ? qMax(1, column - int(lead.size())) : column;
        }
        return std::nullopt;
    };
    if (text.trimmed().isEmpty())
        return fail(tr("Type a Python expression, e.g. [\"https://app.example.com\"]."));
    SettingsReadOptions options;
    options.profile = profile;
    const SettingsReadResult read
            = readDjangoSettings((prelude + lead + text + u'\n').toUtf8(), options);
    for (const SettingsMessage &m : read.messages) {
        if (m.severity != SettingsMessage::Severity::Info)
            return fail(m.text, m.line, m.column);
    }
    const PyValue *value = read.policy.value(id);
    if (!read.ok || !value)
        return fail(tr("CORS Studio cannot read this as a value for %1.").arg(settingName(id)));
    if (read.policy.definedSettings().size() != 1)
        return fail(tr("Type one expression only: it must not define other settings."));
    return *value;
}

QString pythonSource(const PyValue &value)
{
    PythonImports imports;
    return pythonLiteral(value, imports);
}

QList<EntryIssue> urlsRegexIssues(const Policy &policy)
{
    const PyValue *value = policy.value(SettingId::UrlsRegex);
    if (!value || (!value->isStr() && value->kind() != PyValue::Kind::Pattern))
        return {};
    // CORS_URLS_REGEX is a pattern like the origin regexes: core validates it the same way.
    QList<EntryIssue> issues
            = validateEntry(SettingId::AllowedOriginRegexes, *value, policy.profile());
    for (EntryIssue &issue : issues)
        issue.index = 0;
    return issues;
}

} // namespace Cors
