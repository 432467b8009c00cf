// SPDX-License-Identifier: MIT
#include "editor/policyeditor.h"

#include "commands/settingcommands.h"
#include "document/policydocument.h"
#include "editor/boolfield.h"
#include "editor/deploymenteditor.h"
#include "editor/integerfield.h"
#include "editor/listfield.h"
#include "editor/methodsfield.h"
#include "editor/origintester.h"
#include "editor/patternfield.h"
#include "editor/removedfield.h"
#include "icons.h"
#include "models/problemsmodel.h"
#include "policy/settinghelp.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QScrollArea>
#include <QStackedWidget>
#include <QUndoStack>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Cors {

namespace {

QString groupIntro(PolicyEditor::Group group)
{
    switch (group) {
    case PolicyEditor::Origins:
        return PolicyEditor::tr("Which sites may read your responses: exact origins, patterns, "
                                "or every origin.");
    case PolicyEditor::Paths:
        return PolicyEditor::tr("Which URLs the middleware answers for; others get no CORS "
                                "headers.");
    case PolicyEditor::Methods:
        return PolicyEditor::tr("The methods a preflight allows. The browser checks them; Django "
                                "sends the list as written.");
    case PolicyEditor::Headers:
        return PolicyEditor::tr("The request headers scripts may send, and the response headers "
                                "they may read.");
    case PolicyEditor::Credentials:
        return PolicyEditor::tr("Whether cross-origin requests may carry cookies and HTTP "
                                "authentication.");
    case PolicyEditor::Preflight:
        return PolicyEditor::tr("How long browsers may reuse a preflight answer.");
    case PolicyEditor::PrivateNetwork:
        return PolicyEditor::tr("Requests from public sites to private or local addresses.");
    case PolicyEditor::Csrf:
        return PolicyEditor::tr("Django's CSRF protection, which cross-origin writes must also "
                                "pass.");
    case PolicyEditor::Deployment:
        return PolicyEditor::tr("The Django stack around CorsMiddleware: the middleware order, "
                                "the settings they read, the routes and who is logged in.");
    case PolicyEditor::Target:
        return PolicyEditor::tr("The django-cors-headers release the policy is for: its defaults, "
                                "checks and header casing.");
    case PolicyEditor::GroupCount:
        break;
    }
    return {};
}

} // namespace

QString PolicyEditor::groupTitle(Group group)
{
    switch (group) {
    case Origins:
        return tr("Origins");
    case Paths:
        return tr("Paths");
    case Methods:
        return tr("Methods");
    case Headers:
        return tr("Headers");
    case Credentials:
        return tr("Credentials & cookies");
    case Preflight:
        return tr("Preflight");
    case PrivateNetwork:
        return tr("Private network");
    case Csrf:
        return tr("CSRF");
    case Deployment:
        return tr("Deployment");
    case Target:
        return tr("Target version");
    case GroupCount:
        break;
    }
    return {};
}

PolicyEditor::Group PolicyEditor::groupOf(SettingId id)
{
    switch (id) {
    case SettingId::AllowedOrigins:
    case SettingId::AllowedOriginRegexes:
    case SettingId::AllowAllOrigins:
    case SettingId::OriginWhitelist:
    case SettingId::OriginRegexWhitelist:
    case SettingId::OriginAllowAll:
        return Origins;
    case SettingId::UrlsRegex:
        return Paths;
    case SettingId::AllowMethods:
        return Methods;
    case SettingId::AllowHeaders:
    case SettingId::ExposeHeaders:
        return Headers;
    case SettingId::AllowCredentials:
        return Credentials;
    case SettingId::PreflightMaxAge:
        return Preflight;
    case SettingId::AllowPrivateNetwork:
        return PrivateNetwork;
    case SettingId::CsrfTrustedOrigins:
    case SettingId::ReplaceHttpsReferer:
        return Csrf;
    case SettingId::Model:
        return Target;
    }
    return Target;
}

PolicyEditor::PolicyEditor(PolicyDocument *document, ProblemsModel *problems, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_problems(problems)
{
    setObjectName(u"policyEditor"_s);
    m_groups = new QListWidget(this);
    m_groups->setObjectName(u"groupList"_s);
    m_groups->setAccessibleName(tr("Setting groups"));
    m_groups->setIconSize(QSize(16, 16));
    m_groups->setSpacing(1);
    m_groups->setFrameShape(QFrame::NoFrame);
    m_groups->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_pages = new QStackedWidget(this);
    m_pages->setObjectName(u"groupPages"_s);

    QFont itemFont = m_groups->font();
    itemFont.setPointSizeF(itemFont.pointSizeF() * 1.05);
    int widest = 0;
    for (int g = 0; g < GroupCount; ++g) {
        auto *item = new QListWidgetItem(groupTitle(Group(g)), m_groups);
        item->setFont(itemFont);
        item->setSizeHint(QSize(0, QFontMetrics(itemFont).height() + 12));
        widest = qMax(widest, QFontMetrics(itemFont).horizontalAdvance(item->text()));
        m_pages->addWidget(buildPage(Group(g)));
    }
    m_groups->setFixedWidth(widest + 56);
    connect(m_groups, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);
    m_groups->setCurrentRow(0);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_groups);
    auto *line = new QFrame(this);
    line->setFrameShape(QFrame::VLine);
    line->setFrameShadow(QFrame::Sunken);
    layout->addWidget(line);
    layout->addWidget(m_pages, 1);

    connect(m_problems, &ProblemsModel::countsChanged, this, &PolicyEditor::updateGroupMarks);
    connect(m_document, &PolicyDocument::changed, this, &PolicyEditor::updateTarget);
    updateGroupMarks();
    updateTarget();
}

QWidget *PolicyEditor::buildPage(Group group)
{
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(u"page_"_s + QString::number(int(group)));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setAccessibleName(groupTitle(group));
    auto *page = new QWidget(scroll);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(20, 16, 20, 16);
    layout->setSpacing(22);

    auto *heading = new QWidget(page);
    auto *headingLayout = new QVBoxLayout(heading);
    headingLayout->setContentsMargins(0, 0, 0, 0);
    headingLayout->setSpacing(2);
    auto *title = new QLabel(groupTitle(group), heading);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto *intro = new QLabel(groupIntro(group), heading);
    intro->setWordWrap(true);
    intro->setForegroundRole(QPalette::PlaceholderText);
    headingLayout->addWidget(title);
    headingLayout->addWidget(intro);
    layout->addWidget(heading);

    PolicyDocument *d = m_document;
    switch (group) {
    case Origins:
        addField(page,
                 new BoolField(d, SettingId::AllowAllOrigins,
                               tr("Admit every origin: the lists below are then not consulted"),
                               page));
        addField(page,
                 new ListField(d, SettingId::AllowedOrigins,
                               tr("Add an origin, e.g. https://app.example.com"), page));
        addField(page,
                 new ListField(d, SettingId::AllowedOriginRegexes,
                               tr("Add a pattern, e.g. ^https://[a-z0-9-]+\\.example\\.com$"),
                               page));
        m_tester = new OriginTester(d, page);
        connect(m_tester, &OriginTester::entryActivated, this, &PolicyEditor::showSetting);
        layout->addWidget(m_tester);
        break;
    case Paths:
        addField(page, new PatternField(d, SettingId::UrlsRegex, page));
        break;
    case Methods:
        addField(page, new MethodsField(d, SettingId::AllowMethods, page));
        break;
    case Headers:
        addField(page,
                 new ListField(d, SettingId::AllowHeaders,
                               tr("Add a request header, e.g. x-request-id"), page));
        addField(page,
                 new ListField(d, SettingId::ExposeHeaders,
                               tr("Add a response header, e.g. x-total-count"), page));
        break;
    case Credentials:
        addField(
                page,
                new BoolField(d, SettingId::AllowCredentials,
                              tr("Let cross-origin requests carry cookies and HTTP authentication"),
                              page));
        break;
    case Preflight:
        addField(page, new IntegerField(d, SettingId::PreflightMaxAge, page));
        break;
    case PrivateNetwork:
        addField(page,
                 new BoolField(d, SettingId::AllowPrivateNetwork,
                               tr("Answer Private Network Access preflights from allowed origins"),
                               page));
        break;
    case Csrf:
        addField(page,
                 new ListField(d, SettingId::CsrfTrustedOrigins,
                               tr("Add a trusted origin, e.g. https://app.example.com"), page));
        addField(page,
                 new BoolField(d, SettingId::ReplaceHttpsReferer,
                               tr("Rewrite the Referer of HTTPS requests from allowed origins "
                                  "(3.14 only)"),
                               page));
        break;
    case Deployment:
        m_deployment = new DeploymentEditor(d, page);
        layout->addWidget(m_deployment);
        break;
    case Target:
        layout->addWidget(buildTargetSection(page));
        addField(page, new RemovedField(d, SettingId::Model, page));
        break;
    case GroupCount:
        break;
    }
    layout->addStretch(1);
    scroll->setWidget(page);
    return scroll;
}

void PolicyEditor::addField(QWidget *page, SettingField *field)
{
    static_cast<QVBoxLayout *>(page->layout())->addWidget(field);
    m_fields.insert(int(field->field()), field);
}

QWidget *PolicyEditor::buildTargetSection(QWidget *page)
{
    auto *box = new QWidget(page);
    auto *title = new QLabel(tr("django-cors-headers release"), box);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    m_profile = new QComboBox(box);
    m_profile->setObjectName(u"targetProfile"_s);
    m_profile->setAccessibleName(tr("Target django-cors-headers release"));
    m_profile->addItem(tr("4.x (current)"), int(Profile::V4));
    m_profile->addItem(tr("3.14 (Debian 12, Django 3.2)"), int(Profile::V3_14));
    connect(m_profile, &QComboBox::activated, this, [this](int index) {
        const Profile profile = Profile(m_profile->itemData(index).toInt());
        if (profile != m_document->profile())
            m_document->undoStack()->push(new SetProfileCommand(m_document, profile));
    });
    auto *differences
            = new QLabel(u"<ul style=\"margin-left:-20px\"><li>%1</li><li>%2</li></ul>"_s.arg(
                                 profileDescription(Profile::V4).toHtmlEscaped(),
                                 profileDescription(Profile::V3_14).toHtmlEscaped()),
                         box);
    differences->setWordWrap(true);
    differences->setTextFormat(Qt::RichText);
    m_legacySummary = new QLabel(box);
    m_legacySummary->setObjectName(u"legacySummary"_s);
    m_legacySummary->setWordWrap(true);
    m_legacySummary->setTextFormat(Qt::RichText);

    auto *row = new QHBoxLayout;
    row->addWidget(title);
    row->addWidget(m_profile);
    row->addStretch(1);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(differences);
    layout->addWidget(m_legacySummary);
    return box;
}

void PolicyEditor::updateTarget()
{
    const int index = m_profile->findData(int(m_document->profile()));
    if (index != m_profile->currentIndex())
        m_profile->setCurrentIndex(index);
    QStringList legacy;
    for (SettingId id : m_document->policy().definedSettings()) {
        if (const auto current = currentNameOf(id))
            legacy.append(u"<code>%1</code> (%2 <code>%3</code>)"_s.arg(settingName(id), tr("now"),
                                                                        settingName(*current)));
    }
    m_legacySummary->setText(legacy.isEmpty()
                                     ? tr("The policy uses current setting names only.")
                                     : tr("Legacy names in this policy: %1. Both releases still "
                                          "read them when the current name is not defined.")
                                               .arg(legacy.join(u", "_s)));
}

void PolicyEditor::updateGroupMarks()
{
    QList<int> worst(GroupCount, -1);
    QList<int> counts(GroupCount, 0);
    for (int row = 0; row < m_problems->rowCount(); ++row) {
        const ProblemsModel::Problem &p = m_problems->problem(row);
        const int g = p.setting              ? int(groupOf(*p.setting))
                : !p.djangoSetting.isEmpty() ? int(Deployment)
                                             : int(Target);
        ++counts[g];
        if (worst[g] < 0 || int(p.severity) < worst[g])
            worst[g] = int(p.severity);
    }
    for (int g = 0; g < GroupCount; ++g) {
        QListWidgetItem *item = m_groups->item(g);
        item->setIcon(worst[g] >= 0 ? Icons::severity(EntryIssue::Severity(worst[g])) : QIcon());
        item->setToolTip(counts[g] ? tr("%n problem(s)", nullptr, counts[g]) : QString());
        item->setData(Qt::AccessibleDescriptionRole, item->toolTip());
    }
}

PolicyEditor::Group PolicyEditor::currentGroup() const
{
    return Group(m_groups->currentRow());
}

void PolicyEditor::showGroup(Group group)
{
    m_groups->setCurrentRow(int(group));
}

SettingField *PolicyEditor::field(SettingId id) const
{
    const SettingId current = currentNameOf(id).value_or(id);
    return m_fields.value(int(current), nullptr);
}

void PolicyEditor::showSetting(SettingId id, int entry)
{
    showGroup(groupOf(id));
    if (SettingField *f = field(id))
        f->focusEntry(entry);
}

void PolicyEditor::showDjangoSetting(const QString &name)
{
    showGroup(Deployment);
    if (!m_deployment->focusSetting(name))
        return;
    if (auto *scroll = qobject_cast<QScrollArea *>(m_pages->currentWidget()))
        scroll->ensureWidgetVisible(m_deployment->settingWidget(name));
}

void PolicyEditor::showOriginTester()
{
    showGroup(Origins);
    if (auto *scroll = qobject_cast<QScrollArea *>(m_pages->currentWidget()))
        scroll->ensureWidgetVisible(m_tester, 0, 0);
}

} // namespace Cors
