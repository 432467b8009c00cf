// SPDX-License-Identifier: MIT
#pragma once

#include "browser/simulation.h"
#include "policy/policy.h"
#include "server/responsecomparison.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace Cors::Live {

/** What to probe: the request a page's script would make. */
struct ProbeRequest
{
    QUrl url;
    /** The page's origin ("https://app.example", or "null"). */
    QString origin;
    /** As the script writes it (fetch() normalises only the six usual methods). */
    QString method = QStringLiteral("GET");
    /** Headers the script sets. */
    HttpHeaders headers;
    CredentialsMode credentials = CredentialsMode::SameOrigin;
    /** A text body (fetch(url, {body: "..."})), which also sets Content-Type: text/plain. */
    std::optional<QString> body;
    /** Per request; a request without a complete answer by then is reported as a timeout. */
    int timeoutMs = 10000;
    /** Send the preflight only (when one is needed), never the actual request. */
    bool preflightOnly = false;
};

/** One request the prober sent and what came back, next to what the policy answers to it. */
struct ProbeExchange
{
    enum class Kind { Preflight, Actual };
    enum class Outcome {
        Answered,   ///< a complete response (any status)
        Redirected, ///< a 3xx with Location: reported, never followed
        Refused,    ///< nothing listens on the port
        HostNotFound,
        Timeout,      ///< no complete response within ProbeRequest::timeoutMs
        TlsError,     ///< the TLS handshake failed (certificate errors listed)
        Closed,       ///< the server closed the connection without a response
        NetworkError, ///< any other failure below HTTP
        Cancelled,
    };

    Kind kind = Kind::Actual;
    /** The request as Chromium would send it (from the simulator), sent with exactly these headers. */
    WireRequest sent;
    QByteArray sentBody;
    /**
     * What goes on the wire besides the browser's headers: Qt's own Host, Content-Length (with a
     * body), Connection and Accept-Encoding, and the Accept-Language Chromium sends (en-US).
     */
    HttpHeaders stackHeaders;

    Outcome outcome = Outcome::Answered;
    /** Plain words for every outcome but Answered. */
    QString errorText;
    QStringList tlsErrors;
    qint64 elapsedMs = 0;

    int status = 0;
    QString reason;
    /** As received, in order (Qt joins repeated lines with ", "). */
    HttpHeaders responseHeaders;
    qint64 bodySize = 0;
    /** The first bytes of the body (at most 2 KiB). */
    QByteArray bodyPreview;
    /** Redirected: the Location, resolved against the request URL. */
    QUrl redirectTarget;

    /** The same request as the engine gets it, and the policy's answer (answered exchanges). */
    HttpRequest serverRequest;
    EngineResponse policy;
    QList<ResponseDifference> differences;

    bool answered() const { return outcome == Outcome::Answered || outcome == Outcome::Redirected; }
};

struct ProbeReport
{
    ProbeRequest request;
    /** Why the request could not even be built (fetch() would throw), empty otherwise. */
    QString error;
    bool preflightNeeded = false;
    QList<ProbeExchange> exchanges;
    bool cancelled = false;
    /** Remarks in plain words (redirects, requests not sent). */
    QStringList notes;

    int differenceCount() const;
    /** Every request that was meant to be sent got an answer. */
    bool complete() const;
};

/**
 * Live probe of a real server: sends the preflight (when Chromium would send one) and the
 * actual request exactly as Chromium would send them, built by the simulator, with
 * QNetworkAccessManager; reports both raw exchanges; and compares the server's CORS headers
 * with what the policy (CorsEngine) answers to the same requests (compareWithPolicy()).
 *
 * Asynchronous and cancellable; never follows redirects; sends no cookies and stores none.
 * The actual request is sent even when the server's preflight answer would make a browser stop,
 * so that both answers can be compared (ProbeRequest::preflightOnly prevents it).
 */
class Prober : public QObject
{
    Q_OBJECT

public:
    explicit Prober(QObject *parent = nullptr);
    ~Prober() override;

    /** Use @p manager instead of the prober's own (not owned; must outlive the probe). */
    void setNetworkAccessManager(QNetworkAccessManager *manager);

    /**
     * Starts probing @p request against @p policy. Returns false when a probe is already
     * running. When the request cannot be built, finished() is emitted (queued) with
     * ProbeReport::error set.
     */
    bool start(const Policy &policy, const ProbeRequest &request);
    /** Aborts the request in flight; finished() follows with ProbeReport::cancelled. */
    void cancel();
    bool isRunning() const;
    /** The report so far (complete after finished()). */
    ProbeReport report() const;

    /**
     * The requests Chromium would put on the wire for @p request: the preflight (if needed)
     * and the actual request, with the browser's own headers. Built by the simulator against a
     * policy that allows the request, so that the actual request is always reached. nullopt
     * with @p error when fetch() would throw (bad URL, forbidden method, invalid header).
     */
    static std::optional<QList<WireRequest>> browserRequests(const ProbeRequest &request,
                                                             Profile profile, QString *error);

signals:
    /** @p done of @p total requests finished; @p text says what happens now. */
    void progress(int done, int total, const QString &text);
    void exchangeFinished(const Cors::Live::ProbeExchange &exchange);
    void finished(const Cors::Live::ProbeReport &report);

private:
    void sendNext();
    void onReplyFinished();
    void onTimeout();
    void finish();

    struct Private;
    std::unique_ptr<Private> d;
};

/** "preflight" / "actual" */
QString probeKindName(ProbeExchange::Kind kind);
/** "answered", "redirected", "refused", "host-not-found", "timeout", "tls-error", ... */
QString probeOutcomeName(ProbeExchange::Outcome outcome);
/** A terminal report: both raw exchanges, then the differences in plain words. */
QString probeReportToText(const ProbeReport &report);
/** One JSON object (compact, keys in a fixed order). */
QByteArray probeReportToJson(const ProbeReport &report);

} // namespace Cors::Live

Q_DECLARE_METATYPE(Cors::Live::ProbeExchange)
Q_DECLARE_METATYPE(Cors::Live::ProbeReport)
