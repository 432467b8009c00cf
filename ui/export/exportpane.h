// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;

namespace Cors {

class Exporter;
class PolicyDocument;

/**
 * One read-only, highlighted tab per exporter in core's registry (Django settings.py, YAML,
 * nginx, ...), regenerated after every edit, with the export's notes, Copy and Save As, and the
 * profile the policy targets.
 */
class ExportPane : public QWidget
{
    Q_OBJECT

public:
    explicit ExportPane(PolicyDocument *document, QWidget *parent = nullptr);

    QTabWidget *tabs() const { return m_tabs; }
    QComboBox *profileBox() const { return m_profile; }
    /** The text of the tab for exporter @p id ("django", "yaml", "nginx"). */
    QString text(const QString &id) const;
    QPlainTextEdit *editor(const QString &id) const;
    QString currentExporterId() const;
    void setCurrentExporter(const QString &id);

    /** Copies the current tab's text to the clipboard. */
    void copy();
    /** Asks for a file name and writes the current tab's text. */
    void saveAs();
    /** Writes the current tab's text to @p path; shows a message box on failure. */
    bool saveTo(const QString &path);

    /** Regenerates every tab (done after every change of the document). */
    void regenerate();

private:
    struct Tab
    {
        const Exporter *exporter;
        QPlainTextEdit *editor;
        QLabel *notes;
        QWidget *notesArea;
    };

    PolicyDocument *m_document;
    QTabWidget *m_tabs;
    QComboBox *m_profile;
    QCheckBox *m_allSettings;
    QPushButton *m_copy;
    QPushButton *m_saveAs;
    QList<Tab> m_tabList;

    void updateProfileBox();
};

} // namespace Cors
