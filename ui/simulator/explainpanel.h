// SPDX-License-Identifier: MIT
#pragma once

#include "browser/scenario.h"
#include "engines/errorexplainer.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace Cors {

/**
 * "Paste the error you see": a console message or script error from Chromium, Firefox or
 * Safari, read by explainErrorText() off the GUI thread; the answer in words and a button that
 * builds the request it implies in the request form.
 */
class ExplainPanel : public QWidget
{
    Q_OBJECT

public:
    /** The most text read: console messages are short, a paste of a whole log is cut here. */
    static constexpr qsizetype MaxInputChars = 64 * 1024;

    explicit ExplainPanel(QWidget *parent = nullptr);

    /** Reads the pasted text (on a worker thread); the answer shows when it lands. */
    void explain();

    const std::optional<ErrorExplanation> &explanation() const { return m_explanation; }
    QPlainTextEdit *inputEdit() const { return m_input; }
    QPushButton *explainButton() const { return m_explainButton; }
    QPlainTextEdit *answerView() const { return m_answer; }
    QPushButton *buildButton() const { return m_buildButton; }
    QLabel *statusLabel() const { return m_status; }

signals:
    /** The user asked to build the request the pasted text implies. */
    void requestBuilt(const Cors::Scenario &scenario);
    /** An answer landed (for tests and the status line). */
    void explained();

private:
    void showAnswer(quint64 generation, const ErrorExplanation &explanation);

    QPlainTextEdit *m_input;
    QPushButton *m_explainButton;
    QPushButton *m_buildButton;
    QLabel *m_status;
    QPlainTextEdit *m_answer;
    std::optional<ErrorExplanation> m_explanation;
    /** Bumped per request: an answer for older text is never shown. */
    quint64 m_generation = 0;
};

} // namespace Cors
