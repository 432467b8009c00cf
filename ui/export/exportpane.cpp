// SPDX-License-Identifier: MIT
#include "export/exportpane.h"

#include "commands/deploymentcommands.h"
#include "commands/settingcommands.h"
#include "document/backgroundjob.h"
#include "document/policydocument.h"
#include "export/exporter.h"
#include "export/syntaxhighlighters.h"
#include "io/atomicfile.h"
#include "settings.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QTabWidget>
#include <QTextCursor>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Cors {

ExportPane::ExportPane(PolicyDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_job(new BackgroundJob(this))
{
    setObjectName(u"exportPane"_s);
    m_job->setObjectName(u"exportJob"_s);

    auto *profileLabel = new QLabel(tr("&Target:"), this);
    m_profile = new QComboBox(this);
    m_profile->setObjectName(u"exportProfile"_s);
    m_profile->setAccessibleName(tr("Target django-cors-headers release"));
    m_profile->addItem(tr("django-cors-headers 4.x"), int(Profile::V4));
    m_profile->addItem(tr("django-cors-headers 3.14"), int(Profile::V3_14));
    profileLabel->setBuddy(m_profile);
    connect(m_profile, &QComboBox::activated, this, [this](int index) {
        const Profile profile = Profile(m_profile->itemData(index).toInt());
        if (profile != m_document->profile())
            m_document->undoStack()->push(new SetProfileCommand(m_document, profile));
    });

    // Who answers CORS is part of the design: saved with the document, an undo step, and the
    // simulator runs the deployment chosen here.
    auto *layerLabel = new QLabel(tr("C&ORS by:"), this);
    m_corsLayer = new QComboBox(this);
    m_corsLayer->setObjectName(u"exportCorsLayer"_s);
    m_corsLayer->setAccessibleName(tr("Who answers CORS"));
    m_corsLayer->addItem(tr("django-cors-headers"), int(CorsLayer::Django));
    m_corsLayer->addItem(tr("nginx (Django silent)"), int(CorsLayer::Nginx));
    m_corsLayer->setItemData(0,
                             tr("CorsMiddleware answers CORS; the nginx export is an alternative"),
                             Qt::ToolTipRole);
    m_corsLayer->setItemData(1,
                             tr("The nginx export answers CORS in front of Django; the Django "
                                "export leaves corsheaders out"),
                             Qt::ToolTipRole);
    layerLabel->setBuddy(m_corsLayer);
    connect(m_corsLayer, &QComboBox::activated, this, [this](int index) {
        const CorsLayer layer = CorsLayer(m_corsLayer->itemData(index).toInt());
        if (layer != m_document->document().corsLayer)
            m_document->undoStack()->push(new SetCorsLayerCommand(m_document, layer));
    });

    m_allSettings = new QCheckBox(tr("&Defaults too"), this);
    m_allSettings->setObjectName(u"exportAllSettings"_s);
    m_allSettings->setAccessibleName(tr("Write every setting, defaults included"));
    m_allSettings->setToolTip(tr("Write every setting, defaults included"));
    connect(m_allSettings, &QCheckBox::toggled, this, &ExportPane::regenerate);

    m_copy = new QPushButton(tr("&Copy"), this);
    m_copy->setObjectName(u"exportCopy"_s);
    m_copy->setAccessibleName(tr("Copy the export"));
    connect(m_copy, &QPushButton::clicked, this, &ExportPane::copy);
    m_saveAs = new QPushButton(tr("Save &As…"), this);
    m_saveAs->setObjectName(u"exportSaveAs"_s);
    m_saveAs->setAccessibleName(tr("Save the export as a file"));
    connect(m_saveAs, &QPushButton::clicked, this, &ExportPane::saveAs);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"exportTabs"_s);
    m_tabs->setAccessibleName(tr("Exports"));
    m_tabs->setDocumentMode(true);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (const Exporter *exporter : exporters()) {
        auto *page = new QWidget(m_tabs);
        auto *editor = new QPlainTextEdit(page);
        editor->setObjectName(u"export_"_s + exporter->id());
        editor->setAccessibleName(tr("%1 export").arg(exporter->displayName()));
        editor->setReadOnly(true);
        // Regenerated text replaces its changed part only: no history to keep.
        editor->setUndoRedoEnabled(false);
        // Wrapped, so that the panel beside a workspace never scrolls sideways; Copy and Save
        // As take the text as generated.
        editor->setLineWrapMode(QPlainTextEdit::WidgetWidth);
        editor->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        editor->setFont(mono);
        editor->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        QSyntaxHighlighter *highlighter = createHighlighter(exporter->id(), editor->document());
        auto *notesScroll = new QScrollArea(page);
        notesScroll->setObjectName(u"exportNotesArea_"_s + exporter->id());
        notesScroll->setWidgetResizable(true);
        notesScroll->setFrameShape(QFrame::NoFrame);
        notesScroll->setMaximumHeight(130);
        notesScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        auto *notes = new QLabel(notesScroll);
        notes->setObjectName(u"exportNotes_"_s + exporter->id());
        notes->setWordWrap(true);
        notes->setTextFormat(Qt::RichText);
        notes->setAlignment(Qt::AlignTop | Qt::AlignLeft);
        notes->setForegroundRole(QPalette::PlaceholderText);
        notesScroll->setWidget(notes);
        auto *preview = new QLabel(page);
        preview->setObjectName(u"exportPreview_"_s + exporter->id());
        preview->setWordWrap(true);
        preview->setForegroundRole(QPalette::PlaceholderText);
        preview->setContentsMargins(4, 2, 4, 2);
        preview->hide();
        auto *layout = new QVBoxLayout(page);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(4);
        layout->addWidget(preview);
        layout->addWidget(editor, 1);
        layout->addWidget(notesScroll);
        m_tabs->addTab(page, exporter->displayName());
        m_tabList.append({exporter, editor, highlighter, notes, notesScroll, preview, true, {}, 0});
    }
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        refreshTab(index);
        Settings().setExportTab(currentExporterId());
    });

    auto *top = new QHBoxLayout;
    top->addWidget(profileLabel);
    top->addWidget(m_profile);
    top->addStretch(1);
    top->addWidget(m_copy);
    top->addWidget(m_saveAs);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(top);
    auto *options = new QHBoxLayout;
    options->addWidget(layerLabel);
    options->addWidget(m_corsLayer);
    options->addStretch(1);
    options->addWidget(m_allSettings);
    layout->addLayout(options);
    layout->addWidget(m_tabs, 1);

    connect(document, &PolicyDocument::changed, this, [this] {
        updateProfileBox();
        markStale();
        // A burst of edits costs at most two runs: the job starts only the latest when free.
        refreshTab(m_tabs->currentIndex());
    });
    const QString tab = Settings().exportTab();
    if (!tab.isEmpty())
        setCurrentExporter(tab);
    regenerate();
}

void ExportPane::updateProfileBox()
{
    const int index = m_profile->findData(int(m_document->profile()));
    if (index != m_profile->currentIndex())
        m_profile->setCurrentIndex(index);
    const int layer = m_corsLayer->findData(int(m_document->document().corsLayer));
    if (layer != m_corsLayer->currentIndex())
        m_corsLayer->setCurrentIndex(layer);
}

void ExportPane::markStale()
{
    for (Tab &tab : m_tabList)
        tab.stale = true;
}

void ExportPane::regenerate()
{
    markStale();
    updateProfileBox();
    refreshTab(m_tabs->currentIndex());
}

ExportOptions ExportPane::options() const
{
    ExportOptions options;
    options.allSettings = m_allSettings->isChecked();
    return options;
}

bool ExportPane::isUpdating() const
{
    const int index = m_tabs->currentIndex();
    return m_job->isBusy() || (index >= 0 && index < m_tabList.size() && m_tabList.at(index).stale);
}

void ExportPane::refreshTab(int index)
{
    if (index < 0 || index >= m_tabList.size() || !m_tabList.at(index).stale)
        return;
    const Exporter *exporter = m_tabList.at(index).exporter;
    m_job->start([exporter, document = m_document->document(),
                  options = options()] { return exporter->run(document, options); },
                 [this, index](const ExportResult &result) { showResult(index, result); });
}

void ExportPane::showResult(int index, const ExportResult &result)
{
    Tab &tab = m_tabList[index];
    tab.stale = false;
    const QString previous = tab.text;
    const QStringView shown = QStringView(previous).left(tab.shown);
    tab.text = result.ok ? result.text : tr("# Cannot export: %1").arg(result.error);
    // The end of the MaxShownLines-th line, and how many line ends there are in all.
    qsizetype newlines = 0;
    qsizetype cut = tab.text.size();
    for (qsizetype at = tab.text.indexOf(u'\n'); at >= 0; at = tab.text.indexOf(u'\n', at + 1)) {
        if (++newlines == MaxShownLines)
            cut = at + 1;
    }
    tab.shown = cut;
    const QStringView text = QStringView(tab.text).left(cut);
    tab.preview->setVisible(cut < tab.text.size());
    if (cut < tab.text.size()) {
        tab.preview->setText(tr("Showing the first %L1 of %L2 lines. Copy and Save As write the "
                                "whole export.")
                                     .arg(MaxShownLines)
                                     .arg(newlines + (tab.text.endsWith(u'\n') ? 0 : 1)));
    }
    // Colours cost a text layout per line (about 400 bytes: 4 MB for 10,000 lines); past
    // MaxHighlightedLines the text is shown plain. The highlighter leaves before a large text
    // arrives (leaving clears the formats of every line there is) and comes back after a small
    // one.
    const bool plain = std::min(newlines, MaxShownLines) > MaxHighlightedLines;
    if (plain && tab.highlighter && tab.highlighter->document())
        tab.highlighter->setDocument(nullptr);
    // A wrapped document lays out every line when its size changes, to count its lines (about
    // 300 bytes a line); unwrapped, only the lines shown are laid out.
    tab.editor->setLineWrapMode(plain ? QPlainTextEdit::NoWrap : QPlainTextEdit::WidgetWidth);
    if (shown != text) {
        // Keep the reader's place while the text changes under it.
        const int scroll = tab.editor->verticalScrollBar()->value();
        if (shown.isEmpty()) {
            tab.editor->setPlainText(text.toString());
        } else {
            // Only what changed is replaced: setting 10,000 lines again (and highlighting them)
            // would cost the GUI thread more than the export did.
            const qsizetype common = std::min(shown.size(), text.size());
            const qsizetype prefix
                    = std::mismatch(shown.begin(), shown.begin() + common, text.begin()).first
                    - shown.begin();
            const qsizetype suffix
                    = std::mismatch(shown.rbegin(), shown.rbegin() + (common - prefix),
                                    text.rbegin())
                              .first
                    - shown.rbegin();
            QTextCursor cursor(tab.editor->document());
            cursor.beginEditBlock();
            cursor.setPosition(int(prefix));
            cursor.setPosition(int(shown.size() - suffix), QTextCursor::KeepAnchor);
            cursor.insertText(text.mid(prefix, text.size() - suffix - prefix).toString());
            cursor.endEditBlock();
        }
        tab.editor->verticalScrollBar()->setValue(scroll);
    }
    if (!plain && tab.highlighter && !tab.highlighter->document())
        tab.highlighter->setDocument(tab.editor->document());
    QStringList notes;
    for (const ExportNote &note : result.notes)
        notes.append(u"<li>%1</li>"_s.arg(note.text.toHtmlEscaped()));
    tab.notesArea->setVisible(!notes.isEmpty());
    tab.notes->setText(notes.isEmpty() ? QString()
                                       : tr("<b>Notes</b><ul style=\"margin-left:-20px\">%1</ul>")
                                                 .arg(notes.join(QString())));
}

QString ExportPane::text(const QString &id) const
{
    for (const Tab &tab : m_tabList) {
        if (tab.exporter->id() != id)
            continue;
        if (!tab.stale)
            return tab.text;
        const ExportResult result = tab.exporter->run(m_document->document(), options());
        return result.ok ? result.text : tr("# Cannot export: %1").arg(result.error);
    }
    return {};
}

QPlainTextEdit *ExportPane::editor(const QString &id) const
{
    for (const Tab &tab : m_tabList) {
        if (tab.exporter->id() == id)
            return tab.editor;
    }
    return nullptr;
}

QLabel *ExportPane::previewNote(const QString &id) const
{
    for (const Tab &tab : m_tabList) {
        if (tab.exporter->id() == id)
            return tab.preview;
    }
    return nullptr;
}

QString ExportPane::currentExporterId() const
{
    const int i = m_tabs->currentIndex();
    return i >= 0 && i < m_tabList.size() ? m_tabList.at(i).exporter->id() : QString();
}

void ExportPane::setCurrentExporter(const QString &id)
{
    for (int i = 0; i < m_tabList.size(); ++i) {
        if (m_tabList.at(i).exporter->id() == id)
            m_tabs->setCurrentIndex(i);
    }
}

void ExportPane::copy()
{
    QGuiApplication::clipboard()->setText(text(currentExporterId()));
}

void ExportPane::saveAs()
{
    const int i = m_tabs->currentIndex();
    if (i < 0 || i >= m_tabList.size())
        return;
    const Exporter *exporter = m_tabList.at(i).exporter;
    Settings settings;
    QString directory = settings.lastDirectory();
    if (directory.isEmpty())
        directory = QDir::homePath();
    const QString suggested = QDir(directory).filePath(
            (exporter->id() == "django"_L1 ? u"cors_settings"_s : u"cors"_s)
            + exporter->fileSuffix());
    const QString path = QFileDialog::getSaveFileName(
            this, tr("Save %1 Export").arg(exporter->displayName()), suggested,
            tr("%1 (*%2);;All files (*)").arg(exporter->displayName(), exporter->fileSuffix()));
    if (path.isEmpty())
        return;
    settings.setLastDirectory(QFileInfo(path).absolutePath());
    saveTo(path);
}

bool ExportPane::saveTo(const QString &path)
{
    QString error;
    if (!writeFileAtomically(path, text(currentExporterId()).toUtf8(), &error)) {
        QMessageBox::warning(this, tr("Save Export"), error);
        return false;
    }
    return true;
}

} // namespace Cors
