// SPDX-License-Identifier: MIT
#include "editor/patternfield.h"

#include "document/policydocument.h"
#include "document/settingvalues.h"
#include "icons.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Cors {

namespace {

QString flagNames(int flags)
{
    static const std::pair<int, const char *> names[] = {
            {PyReFlag::IgnoreCase, "re.IGNORECASE"}, {PyReFlag::Multiline, "re.MULTILINE"},
            {PyReFlag::DotAll, "re.DOTALL"},         {PyReFlag::Verbose, "re.VERBOSE"},
            {PyReFlag::Ascii, "re.ASCII"},           {PyReFlag::Unicode, "re.UNICODE"},
            {PyReFlag::Locale, "re.LOCALE"},
    };
    QStringList out;
    for (const auto &[flag, name] : names) {
        if (flags & flag)
            out.append(QLatin1StringView(name));
    }
    return out.isEmpty() ? PatternField::tr("re.compile()")
                         : PatternField::tr("re.compile(), %1").arg(out.join(u" | "_s));
}

} // namespace

PatternField::PatternField(PolicyDocument *document, SettingId field, QWidget *parent)
    : SettingField(document, field, parent)
{
    auto *editor = new QWidget(this);
    m_edit = new QLineEdit(editor);
    m_edit->setObjectName(settingName(field) + "_edit"_L1);
    m_edit->setAccessibleName(tr("Pattern of %1").arg(settingName(field)));
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // Shown only for an empty pattern, so it says what that means, not a pattern of its own.
    m_edit->setPlaceholderText(tr("Empty: matches every path (write e.g. ^/api/.*$ to limit it)"));
    m_flags = new QLabel(editor);
    m_flags->setForegroundRole(QPalette::PlaceholderText);
    m_issue = new QLabel(editor);
    m_issue->setObjectName(settingName(field) + "_issue"_L1);
    m_issue->setWordWrap(true);
    m_issue->setTextFormat(Qt::RichText);

    auto *row = new QHBoxLayout;
    row->addWidget(m_edit, 1);
    row->addWidget(m_flags);
    auto *layout = new QVBoxLayout(editor);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(m_issue);

    connect(m_edit, &QLineEdit::textEdited, this, [this](const QString &text) {
        const PyValue *current = this->document()->policy().value(editedSetting());
        const PyValue value = current && current->kind() == PyValue::Kind::Pattern
                ? PyValue::pattern(text, current->patternFlags())
                : PyValue::str(text);
        pushValue(value, tr("Edit %1").arg(settingName(editedSetting())), true);
    });
    connect(m_edit, &QLineEdit::editingFinished, this,
            [this] { this->document()->endTypingSession(); });
    setEditor(editor);
}

bool PatternField::canShow(const PyValue &value) const
{
    return value.isStr() || value.kind() == PyValue::Kind::Pattern;
}

void PatternField::refreshEditor()
{
    const Policy &policy = document()->policy();
    const PyValue *value = policy.value(editedSetting());
    const PyValue shown = value
            ? *value
            : defaultValue(editedSetting(), policy.profile()).value_or(PyValue::str(QString()));
    if (m_edit->text() != shown.text()) {
        const int cursor = m_edit->cursorPosition();
        m_edit->setText(shown.text());
        m_edit->setCursorPosition(qMin(cursor, int(shown.text().size())));
    }
    markDefault(m_edit, value == nullptr);
    m_flags->setVisible(shown.kind() == PyValue::Kind::Pattern);
    if (shown.kind() == PyValue::Kind::Pattern)
        m_flags->setText(flagNames(shown.patternFlags()));

    const QList<EntryIssue> issues = urlsRegexIssues(policy);
    if (issues.isEmpty()) {
        m_issue->hide();
        return;
    }
    const EntryIssue &issue = issues.first();
    QString html = u"<span style=\"color:%1\">%2</span>"_s.arg(
            Icons::severityColor(issue.severity, palette()).name(), issue.message.toHtmlEscaped());
    if (issue.position >= 0) {
        const QString text = shown.text();
        const QString mono = QFontDatabase::systemFont(QFontDatabase::FixedFont).family();
        html += u"<pre style=\"font-family:'%1'\">%2\n%3^</pre>"_s.arg(
                mono, text.toHtmlEscaped(), QString(issue.position, u' '));
    }
    m_issue->setText(html);
    m_issue->show();
}

} // namespace Cors
