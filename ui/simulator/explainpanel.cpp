// SPDX-License-Identifier: MIT
#include "simulator/explainpanel.h"

#include "engines/impliedrequest.h"
#include "io/explanationio.h"

#include <QCoreApplication>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QThreadPool>
#include <QVBoxLayout>

namespace Cors {

ExplainPanel::ExplainPanel(QWidget *parent)
    : QWidget(parent)
    , m_input(new QPlainTextEdit(this))
    , m_explainButton(new QPushButton(tr("E&xplain"), this))
    , m_buildButton(new QPushButton(tr("&Build this request"), this))
    , m_status(new QLabel(this))
    , m_answer(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("explainPanel"));
    m_input->setObjectName(QStringLiteral("pastedError"));
    m_input->setAccessibleName(tr("Pasted error"));
    m_input->setPlaceholderText(
            tr("Paste a console message or script error from Chromium, Firefox or Safari, e.g. "
               "“Access to fetch at … from origin … has been blocked by CORS policy: …”"));
    m_input->setTabChangesFocus(true);
    m_input->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_explainButton->setObjectName(QStringLiteral("explainButton"));
    m_explainButton->setToolTip(tr("Say which browser wrote it, what failed in which step, and "
                                   "the request it implies."));
    m_buildButton->setObjectName(QStringLiteral("buildRequestButton"));
    m_buildButton->setToolTip(tr("Put the request the text implies in the request form, to run "
                                 "it against this policy."));
    m_buildButton->setEnabled(false);
    m_status->setObjectName(QStringLiteral("explainStatus"));
    m_status->setWordWrap(true);
    m_answer->setObjectName(QStringLiteral("explanation"));
    m_answer->setAccessibleName(tr("Explanation"));
    m_answer->setReadOnly(true);
    m_answer->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_answer->setLineWrapMode(QPlainTextEdit::WidgetWidth);

    // Side by side: the tab is wide and short in the Simulate workspace.
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_explainButton);
    buttons->addWidget(m_buildButton);
    buttons->addStretch(1);
    auto *left = new QVBoxLayout;
    left->addWidget(m_input, 1);
    left->addLayout(buttons);
    left->addWidget(m_status);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(left, 2);
    layout->addWidget(m_answer, 3);

    connect(m_explainButton, &QPushButton::clicked, this, &ExplainPanel::explain);
    connect(m_input, &QPlainTextEdit::textChanged, this, [this] {
        // The answer belongs to the text it was read from.
        ++m_generation;
        m_explanation.reset();
        m_buildButton->setEnabled(false);
        if (!m_answer->document()->isEmpty())
            m_status->setText(tr("The text changed: Explain again."));
    });
    connect(m_buildButton, &QPushButton::clicked, this, [this] {
        if (!m_explanation)
            return;
        if (const std::optional<Scenario> s = impliedScenario(*m_explanation))
            emit requestBuilt(*s);
    });
}

void ExplainPanel::explain()
{
    QString text = m_input->toPlainText();
    const bool cut = text.size() > MaxInputChars;
    if (cut)
        text.truncate(MaxInputChars);
    const quint64 generation = ++m_generation;
    m_status->setText(cut ? tr("Reading the first %L1 characters…").arg(MaxInputChars)
                          : tr("Reading…"));
    QPointer<ExplainPanel> self(this);
    QThreadPool::globalInstance()->start([self, text, generation] {
        const ErrorExplanation e = explainErrorText(text);
        // Delivered through the application (it outlives the panel); the panel is checked on
        // the GUI thread, where it is deleted.
        if (QCoreApplication *app = QCoreApplication::instance())
            QMetaObject::invokeMethod(
                    app,
                    [self, generation, e] {
                        if (self)
                            self->showAnswer(generation, e);
                    },
                    Qt::QueuedConnection);
    });
}

void ExplainPanel::showAnswer(quint64 generation, const ErrorExplanation &explanation)
{
    if (generation != m_generation)
        return; // read from text that has changed since
    m_explanation = explanation;
    m_answer->setPlainText(explanationToText(explanation));
    const bool buildable = impliedScenario(explanation).has_value();
    m_buildButton->setEnabled(buildable);
    if (!explanation.recognised)
        m_status->setText(tr("Not a CORS message I know: the closest known ones are below."));
    else if (!buildable)
        m_status->setText(tr("The text names no URL, so there is no request to build."));
    else
        m_status->setText(
                explanation.engine
                        ? tr("Written by %1.").arg(browserEngineTitle(*explanation.engine))
                        : tr("Recognised."));
    emit explained();
}

} // namespace Cors
