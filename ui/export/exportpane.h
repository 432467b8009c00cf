// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QSyntaxHighlighter;
class QPushButton;
class QTabWidget;
class QTimer;

namespace Cors {

class BackgroundJob;
class Exporter;
struct ExportOptions;
struct ExportResult;
class PolicyDocument;

/**
 * One read-only, highlighted tab per exporter in core's registry (Django settings.py, YAML,
 * nginx, ...), with the export's notes, Copy and Save As, and the profile the policy targets.
 * Edits mark every tab stale; the shown tab is regenerated on a copy of the document off the GUI
 * thread (the latest edit wins), the others when they are shown. Until it lands the tab keeps the
 * earlier text and isUpdating() is true.
 */
class ExportPane : public QWidget
{
    Q_OBJECT

public:
    explicit ExportPane(PolicyDocument *document, QWidget *parent = nullptr);

    QTabWidget *tabs() const { return m_tabs; }
    QComboBox *profileBox() const { return m_profile; }
    QComboBox *corsLayerBox() const { return m_corsLayer; }
    /**
     * The export of the current document by exporter @p id ("django", "yaml", "nginx"): the tab's
     * text when it is up to date, otherwise generated now (Copy, Save As: never an older one).
     */
    QString text(const QString &id) const;
    /** The editor of the tab for exporter @p id (its text may be landing still: isUpdating()). */
    QPlainTextEdit *editor(const QString &id) const;
    /** The shown tab is being regenerated. */
    bool isUpdating() const;
    /** The job that regenerates the shown tab (tests: the thread it ran on). */
    BackgroundJob *job() const { return m_job; }
    QString currentExporterId() const;
    void setCurrentExporter(const QString &id);

    /** Copies the current tab's text to the clipboard. */
    void copy();
    /** Asks for a file name and writes the current tab's text. */
    void saveAs();
    /** Writes the current tab's text to @p path; shows a message box on failure. */
    bool saveTo(const QString &path);

    /** Longer exports are shown without syntax colours (see showResult). */
    static constexpr qsizetype MaxHighlightedLines = 5000;
    /**
     * Longer exports show their first MaxShownLines lines and say so; Copy and Save As write the
     * whole text. A text document costs about 300 bytes a line: 100,000 lines would hold 45 MB
     * for a view nobody scrolls through.
     */
    static constexpr qsizetype MaxShownLines = 20000;
    /** The note above a tab whose export is longer than it shows (tests, screenshots). */
    QLabel *previewNote(const QString &id) const;

    /** Marks every tab stale and regenerates the shown one now. */
    void regenerate();

private:
    struct Tab
    {
        const Exporter *exporter;
        QPlainTextEdit *editor;
        QSyntaxHighlighter *highlighter;
        QLabel *notes;
        QWidget *notesArea;
        QLabel *preview;
        bool stale;
        /** The landed export, whole; the editor shows its first MaxShownLines lines. */
        QString text;
        /** How much of text the editor shows. */
        qsizetype shown = 0;
    };

    PolicyDocument *m_document;
    QTabWidget *m_tabs;
    QComboBox *m_profile;
    QComboBox *m_corsLayer;
    QCheckBox *m_allSettings;
    QPushButton *m_copy;
    QPushButton *m_saveAs;
    QList<Tab> m_tabList;
    BackgroundJob *m_job;

    ExportOptions options() const;
    void updateProfileBox();
    void markStale();
    void refreshTab(int index);
    void showResult(int index, const ExportResult &result);
};

} // namespace Cors
