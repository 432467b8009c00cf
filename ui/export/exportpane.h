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
class QTimer;

namespace Cors {

class Exporter;
class PolicyDocument;

/**
 * One read-only, highlighted tab per exporter in core's registry (Django settings.py, YAML,
 * nginx, ...), with the export's notes, Copy and Save As, and the profile the policy targets.
 * Edits mark every tab stale; the shown tab is regenerated once per burst of edits (from the
 * event loop), the others when they are shown or read.
 */
class ExportPane : public QWidget
{
    Q_OBJECT

public:
    explicit ExportPane(PolicyDocument *document, QWidget *parent = nullptr);

    QTabWidget *tabs() const { return m_tabs; }
    QComboBox *profileBox() const { return m_profile; }
    QComboBox *corsLayerBox() const { return m_corsLayer; }
    /** The text of the tab for exporter @p id ("django", "yaml", "nginx"), brought up to date. */
    QString text(const QString &id) const;
    /** The editor of the tab for exporter @p id, brought up to date. */
    QPlainTextEdit *editor(const QString &id) const;
    QString currentExporterId() const;
    void setCurrentExporter(const QString &id);

    /** Copies the current tab's text to the clipboard. */
    void copy();
    /** Asks for a file name and writes the current tab's text. */
    void saveAs();
    /** Writes the current tab's text to @p path; shows a message box on failure. */
    bool saveTo(const QString &path);

    /** Marks every tab stale and regenerates the shown one now. */
    void regenerate();

private:
    struct Tab
    {
        const Exporter *exporter;
        QPlainTextEdit *editor;
        QLabel *notes;
        QWidget *notesArea;
        bool stale;
    };

    PolicyDocument *m_document;
    QTabWidget *m_tabs;
    QComboBox *m_profile;
    QComboBox *m_corsLayer;
    QCheckBox *m_allSettings;
    QPushButton *m_copy;
    QPushButton *m_saveAs;
    // mutable: text() and editor() regenerate a stale tab before handing it out.
    mutable QList<Tab> m_tabList;
    QTimer *m_refresh;

    void updateProfileBox();
    void markStale();
    void refreshTab(int index) const;
};

} // namespace Cors
