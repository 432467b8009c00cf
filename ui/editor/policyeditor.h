// SPDX-License-Identifier: MIT
#pragma once

#include "policy/setting.h"

#include <QHash>
#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QScrollArea;
class QStackedWidget;

namespace Cors {

class DeploymentEditor;
class PolicyDocument;
class OriginTester;
class ProblemsModel;
class SettingField;

/**
 * The form for every setting, grouped the way people think of them: a list of groups on the
 * left (with a mark where there are problems) and one scrolling page per group.
 */
class PolicyEditor : public QWidget
{
    Q_OBJECT

public:
    enum Group {
        Origins,
        Paths,
        Methods,
        Headers,
        Credentials,
        Preflight,
        PrivateNetwork,
        Csrf,
        Deployment,
        Target,
        GroupCount
    };

    PolicyEditor(PolicyDocument *document, ProblemsModel *problems, QWidget *parent = nullptr);

    static QString groupTitle(Group group);
    /** The group a setting is edited in (legacy names: their current name's group). */
    static Group groupOf(SettingId id);

    Group currentGroup() const;
    void showGroup(Group group);
    /** The field of a setting (a legacy alias gives its current name's field). */
    SettingField *field(SettingId id) const;
    /** Shows the setting's page, scrolls to it and focuses it (and the row of @p entry). */
    void showSetting(SettingId id, int entry = -1);
    /** Shows the Deployment page and focuses a Django setting's field ("MIDDLEWARE"). */
    void showDjangoSetting(const QString &name);
    /** Shows the Origins page scrolled to the origin tester. */
    void showOriginTester();

    QListWidget *groupList() const { return m_groups; }
    QComboBox *profileBox() const { return m_profile; }
    OriginTester *originTester() const { return m_tester; }
    DeploymentEditor *deploymentEditor() const { return m_deployment; }

private:
    PolicyDocument *m_document;
    ProblemsModel *m_problems;
    QListWidget *m_groups;
    QStackedWidget *m_pages;
    QComboBox *m_profile = nullptr;
    OriginTester *m_tester = nullptr;
    DeploymentEditor *m_deployment = nullptr;
    QLabel *m_legacySummary = nullptr;
    QHash<int, SettingField *> m_fields;

    QWidget *buildPage(Group group);
    void addField(QWidget *page, SettingField *field);
    QWidget *buildTargetSection(QWidget *page);
    void updateGroupMarks();
    void updateTarget();
};

} // namespace Cors
