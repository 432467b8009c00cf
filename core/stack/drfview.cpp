// SPDX-License-Identifier: MIT
#include "stack/drfview.h"

#include "server/djangoheaders.h"
#include "stack/csrfcheck.h"

#include <QCoreApplication>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("DrfView", text);
}

const QString SessionClass = QStringLiteral("rest_framework.authentication.SessionAuthentication");
const QString TokenClass = QStringLiteral("rest_framework.authentication.TokenAuthentication");
const QString BasicClass = QStringLiteral("rest_framework.authentication.BasicAuthentication");
const QString AllowAnyClass = QStringLiteral("rest_framework.permissions.AllowAny");
const QString IsAuthenticatedClass = QStringLiteral("rest_framework.permissions.IsAuthenticated");
const QString ReadOnlyClass
        = QStringLiteral("rest_framework.permissions.IsAuthenticatedOrReadOnly");

/** bytes.split(): on runs of ASCII whitespace. */
QStringList splitWhitespace(const QString &text)
{
    QStringList parts;
    QString current;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == ' ' || u == '\t' || u == '\n' || u == '\r' || u == 0x0b || u == 0x0c) {
            if (!current.isEmpty())
                parts.append(std::exchange(current, QString()));
        } else {
            current.append(c);
        }
    }
    if (!current.isEmpty())
        parts.append(current);
    return parts;
}

/** base64.b64decode(text) (not validating): nullopt where Python raises binascii.Error. */
std::optional<QByteArray> pythonB64Decode(const QString &text)
{
    QByteArray data;
    int pads = 0;
    bool padding = false;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        const bool alphabet = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z')
                || (u >= '0' && u <= '9') || u == '+' || u == '/';
        if (u == '=') {
            padding = true;
            ++pads;
        } else if (alphabet && !padding) {
            data.append(char(u));
        }
    }
    const qsizetype rest = data.size() % 4;
    if (rest == 1 || (rest == 2 && pads < 2) || (rest == 3 && pads < 1))
        return std::nullopt;
    while (data.size() % 4)
        data.append('=');
    return QByteArray::fromBase64(data);
}

enum class AuthResult { None, User, Failed };

struct Authentication
{
    AuthResult result = AuthResult::None;
    QString message;               // AuthenticationFailed / PermissionDenied detail
    bool permissionDenied = false; // CSRF failure: PermissionDenied, not AuthenticationFailed
    std::optional<Raised> raised;
    QString setting;
};

Authentication authenticateSession(StackRequest &request, const QStringList &trustedOrigins)
{
    Authentication a;
    // getattr(request._request, 'user', None): no AuthenticationMiddleware, no user.
    if (!request.hasUser || !request.userIsAuthenticated())
        return a;
    bool ignored = false;
    const QString raised = csrfProcessRequest(request, &ignored);
    if (!raised.isEmpty()) {
        a.raised = Raised {DjangoException::Other, raised};
        return a;
    }
    const CsrfOutcome csrf = csrfProcessView(request, trustedOrigins, false);
    if (csrf.kind == CsrfOutcome::Kind::Raised) {
        a.raised = Raised {DjangoException::Other, csrf.text};
        return a;
    }
    if (csrf.kind == CsrfOutcome::Kind::Rejected) {
        a.result = AuthResult::Failed;
        a.permissionDenied = true;
        a.message = QStringLiteral("CSRF Failed: ") + csrf.text;
        a.setting = csrf.setting;
        return a;
    }
    a.result = AuthResult::User;
    return a;
}

Authentication authenticateHeader(const StackRequest &request, const Identities &identities,
                                  bool token)
{
    Authentication a;
    const QStringList auth = splitWhitespace(
            request.meta(QStringLiteral("HTTP_AUTHORIZATION")).value_or(QString()));
    const QString keyword = token ? QStringLiteral("token") : QStringLiteral("basic");
    if (auth.isEmpty() || auth.first().toLower() != keyword)
        return a;
    a.result = AuthResult::Failed;
    if (token) {
        if (auth.size() == 1)
            a.message = QStringLiteral("Invalid token header. No credentials provided.");
        else if (auth.size() > 2)
            a.message = QStringLiteral(
                    "Invalid token header. Token string should not contain spaces.");
        else if (!identities.tokens.contains(auth.at(1)))
            a.message = QStringLiteral("Invalid token.");
        else
            a.result = AuthResult::User;
        return a;
    }
    if (auth.size() == 1) {
        a.message = QStringLiteral("Invalid basic header. No credentials provided.");
        return a;
    }
    if (auth.size() > 2) {
        a.message = QStringLiteral(
                "Invalid basic header. Credentials string should not contain spaces.");
        return a;
    }
    const auto decoded = pythonB64Decode(auth.at(1));
    if (!decoded) {
        a.message
                = QStringLiteral("Invalid basic header. Credentials not correctly base64 encoded.");
        return a;
    }
    QString credentials = QString::fromUtf8(*decoded);
    if (credentials.toUtf8() != *decoded)
        credentials = QString::fromLatin1(*decoded);
    if (identities.basic.contains(credentials) && credentials.contains(u':'))
        a.result = AuthResult::User;
    else
        a.message = QStringLiteral("Invalid username/password.");
    return a;
}

} // namespace

QString drfAuthenticationClass(const QString &scheme)
{
    if (scheme == QLatin1String("session"))
        return SessionClass;
    if (scheme == QLatin1String("token"))
        return TokenClass;
    return BasicClass;
}

DrfOutcome runDrfView(StackRequest &request, const Route &route, const QStringList &trustedOrigins)
{
    const StackSettings &s = request.settings();
    DrfOutcome outcome;
    outcome.setting = QStringLiteral("REST_FRAMEWORK");

    QStringList authenticators;
    if (route.authentication) {
        for (const QString &scheme : *route.authentication)
            authenticators.append(drfAuthenticationClass(scheme));
    } else {
        authenticators = s.drfAuthenticationClasses;
    }
    QStringList permissions;
    if (route.permission)
        permissions = {*route.permission == QLatin1String("is_authenticated") ? IsAuthenticatedClass
                                                                              : AllowAnyClass};
    else
        permissions = s.drfPermissionClasses;

    LayerResponse &response = outcome.response;
    response.producer = QStringLiteral("APIView");
    auto finalize = [&](int status) {
        response.status = status;
        response.headers.append(
                {QStringLiteral("Content-Type"), QStringLiteral("application/json")});
        if (s.drfRendererCount > 1)
            patchVaryHeaders(response.headers, QStringLiteral("Accept"));
        response.headers.set(QStringLiteral("Allow"),
                             QStringLiteral("GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS"));
    };

    // perform_authentication: the first authenticator that returns a user wins; one that
    // raises ends authentication.
    bool authenticated = false;
    std::optional<Authentication> failure;
    for (const QString &cls : std::as_const(authenticators)) {
        Authentication a;
        if (cls == SessionClass) {
            a = authenticateSession(request, trustedOrigins);
        } else if (cls == TokenClass || cls == BasicClass) {
            a = authenticateHeader(request, request.deployment().identities, cls == TokenClass);
        } else {
            outcome.notes.append(tr("%1 is not modelled: taken as not authenticating").arg(cls));
            continue;
        }
        if (a.raised) {
            outcome.raised = a.raised;
            outcome.notes.append(tr("%1 raises %2").arg(cls.section(u'.', -1), a.raised->text));
            return outcome;
        }
        if (a.result == AuthResult::User) {
            authenticated = true;
            outcome.notes.append(
                    tr("%1 authenticates the request as a user").arg(cls.section(u'.', -1)));
            break;
        }
        if (a.result == AuthResult::Failed) {
            failure = a;
            break;
        }
    }

    auto firstAuthenticateHeader = [&]() -> QString {
        if (authenticators.isEmpty())
            return {};
        if (authenticators.first() == TokenClass)
            return QStringLiteral("Token");
        if (authenticators.first() == BasicClass)
            return QStringLiteral("Basic realm=\"api\"");
        return {};
    };
    // NotAuthenticated / AuthenticationFailed: 401 with the first authenticator's
    // WWW-Authenticate, or 403 when it has none (SessionAuthentication).
    auto notAuthenticated = [&](const QString &detail) {
        const QString header = firstAuthenticateHeader();
        finalize(header.isEmpty() ? 403 : 401);
        if (!header.isEmpty())
            response.headers.set(QStringLiteral("WWW-Authenticate"), header);
        outcome.notes.append(
                header.isEmpty() ? tr("%1 → 403: the first authentication class "
                                      "(SessionAuthentication) has no WWW-Authenticate "
                                      "header, so DRF answers 403 instead of 401")
                                           .arg(detail)
                                 : tr("%1 → 401 with WWW-Authenticate: %2").arg(detail, header));
    };

    if (failure) {
        if (failure->permissionDenied) {
            finalize(403);
            outcome.notes.append(tr("%1 → 403").arg(failure->message));
            outcome.setting = failure->setting;
        } else {
            notAuthenticated(failure->message);
        }
        return outcome;
    }

    // check_permissions
    const QString &method = request.method();
    const bool safe = method == QLatin1String("GET") || method == QLatin1String("HEAD")
            || method == QLatin1String("OPTIONS");
    for (const QString &cls : std::as_const(permissions)) {
        bool allowed = true;
        if (cls == AllowAnyClass)
            allowed = true;
        else if (cls == IsAuthenticatedClass)
            allowed = authenticated;
        else if (cls == ReadOnlyClass)
            allowed = safe || authenticated;
        else
            outcome.notes.append(tr("%1 is not modelled: taken as allowing").arg(cls));
        if (!allowed) {
            if (!authenticators.isEmpty() && !authenticated) {
                notAuthenticated(QStringLiteral("Authentication credentials were not provided."));
            } else {
                finalize(403);
                outcome.notes.append(
                        tr("%1 refuses: \"You do not have permission to perform this action.\" "
                           "→ 403")
                                .arg(cls.section(u'.', -1)));
            }
            return outcome;
        }
    }

    static const QStringList handled = {
            QStringLiteral("GET"),     QStringLiteral("POST"),   QStringLiteral("PUT"),
            QStringLiteral("PATCH"),   QStringLiteral("DELETE"), QStringLiteral("HEAD"),
            QStringLiteral("OPTIONS"),
    };
    if (!handled.contains(method)) {
        finalize(405);
        outcome.notes.append(tr("Method \"%1\" not allowed. → 405").arg(method));
        return outcome;
    }
    finalize(200);
    outcome.notes.append(method == QLatin1String("OPTIONS")
                                 ? tr("OPTIONS (not a preflight) answered by DRF's metadata: 200")
                                 : tr("the handler answers 200"));
    return outcome;
}

} // namespace Cors
