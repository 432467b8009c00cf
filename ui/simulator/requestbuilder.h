// SPDX-License-Identifier: MIT
#pragma once

#include "browser/scenario.h"

#include <QWidget>

class QAction;
class QComboBox;
class QFormLayout;
class QLabel;
class QLayout;
class QLineEdit;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QStringListModel;
class QTableView;
class QToolButton;

namespace Cors {

class HeaderTableModel;

/**
 * The request a page's script makes, as a form: page origin (presets: the policy's origins plus
 * an attacker's), URL, method, headers, credentials, mode, body, cookies, and what the endpoint
 * itself answers. A fetch() call or a curl command pasted in the import box fills the form, with
 * notes on what could not be read.
 *
 * The page origin, the URL and the method are required: an empty one is an error shown on its
 * field (validate()), never a request to a default. Placeholders say what to type, in words, so
 * that an empty field never looks filled.
 */
class RequestBuilder : public QWidget
{
    Q_OBJECT

public:
    explicit RequestBuilder(QWidget *parent = nullptr);

    Scenario scenario() const;
    void setScenario(const Scenario &scenario);
    /** Page-origin presets (the current text is kept). */
    void setOriginPresets(const QStringList &origins);

    /**
     * With a Django stack the routes' views answer, so the endpoint's own response is not asked
     * for: its rows give way to a note saying so.
     */
    void setStackMode(bool stack);
    bool stackMode() const { return m_stackMode; }

    /**
     * Reads the import box's text into the form; false (with the reason shown) when unreadable.
     * Text that does not name the page (no Origin, Referer or referrer) empties the page origin
     * and marks it, asking for it: the old one is not kept silently.
     */
    bool importText(const QString &text);
    QStringList importNotes() const;

    /**
     * Whether the request can be run: every required field (page origin, URL, method) has a
     * value. Each empty one shows its error; the first gets the focus.
     */
    bool validate();
    /** The error shown on @p field (originBox(), urlEdit(), methodBox()); empty when none. */
    QString fieldError(const QWidget *field) const;
    /** The label under @p field that shows its error (for tests). */
    QLabel *fieldErrorLabel(const QWidget *field) const;

    QComboBox *originBox() const { return m_origin; }
    QLineEdit *urlEdit() const { return m_url; }
    QComboBox *methodBox() const { return m_method; }
    QComboBox *credentialsBox() const { return m_credentials; }
    QComboBox *modeBox() const { return m_mode; }
    QComboBox *bodyKindBox() const { return m_bodyKind; }
    QComboBox *browserBox() const { return m_browser; }
    QLineEdit *bodyEdit() const { return m_bodyText; }
    QTableView *headersView() const { return m_headersView; }
    QPushButton *addHeaderButton() const { return m_addHeader; }
    HeaderTableModel *headersModel() const { return m_headers; }
    HeaderTableModel *endpointHeadersModel() const { return m_endpointHeaders; }
    QToolButton *importToggle() const { return m_importToggle; }
    QPlainTextEdit *importEdit() const { return m_importEdit; }
    QPushButton *importButton() const { return m_importButton; }
    QListView *importNotesView() const { return m_notesView; }

signals:
    /** The user changed the request (typing, choosing, importing). */
    void edited();
    /** Enter in the URL field: run the request. */
    void runRequested();

private:
    /** A required field and how its error shows: a mark inside it, a sentence below it. */
    struct RequiredField
    {
        QWidget *field = nullptr;
        QLineEdit *edit = nullptr;
        QLabel *label = nullptr;
        QAction *mark = nullptr;
        QString error;
        /** Stays when a value appears by itself; only the user's own edit clears it. */
        bool sticky = false;
    };

    Scenario m_base; // what the form does not show is kept from here
    QComboBox *m_origin;
    QLineEdit *m_url;
    QComboBox *m_method;
    QComboBox *m_credentials;
    QComboBox *m_mode;
    QComboBox *m_bodyKind;
    QComboBox *m_browser; ///< the engine whose words and limits the run uses
    QLineEdit *m_bodyText;
    QLineEdit *m_blobType;
    QLineEdit *m_cookies;
    HeaderTableModel *m_headers;
    QTableView *m_headersView;
    QPushButton *m_addHeader;
    QSpinBox *m_endpointStatus;
    HeaderTableModel *m_endpointHeaders;
    QToolButton *m_importToggle;
    QWidget *m_importBox;
    QPlainTextEdit *m_importEdit;
    QPushButton *m_importButton;
    QStringListModel *m_notes;
    QListView *m_notesView;
    QFormLayout *m_form = nullptr;
    QLayout *m_bodyRow = nullptr;
    bool m_filling = false;
    bool m_stackMode = false;
    QList<QWidget *> m_endpointRows;
    QLabel *m_stackNote = nullptr;
    QList<RequiredField> m_required;

    void addRequired(QFormLayout *form, QWidget *field, QLineEdit *edit);
    RequiredField *required(const QWidget *field);
    const RequiredField *required(const QWidget *field) const;
    void setFieldError(QWidget *field, const QString &error, bool sticky = false);
    QTableView *createHeaderTable(HeaderTableModel *model, QPushButton **add, QWidget **buttons);
    void updateBodyFields();
    void emitEdited();
};

} // namespace Cors
