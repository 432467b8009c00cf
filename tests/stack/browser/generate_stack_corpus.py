#!/usr/bin/python3
"""Writes corpus/ for the stack agreement test (the output is committed; edit and re-run).

    generate_stack_corpus.py [--out corpus]

Per stack NAME: NAME.settings.py (plain literals only), NAME.routes.json (the routes and
identities format of tests/stack/stack_oracle.py) and NAME.jsonl (scenario lines, the format of
tests/browser/README.md). Hosts: pages at http://app.test (cross-site to api.test: `test` is no
public suffix, so Chromium sends no SameSite-Lax cookie there) or http://app.site.test (same
site as http://api.site.test, so cookies set for api.site.test are sent with `include`); the API
at http://api.test / http://api.site.test; other hosts (accounts.test, www.*, https://...) are
redirect targets. All of them are one loopback socket in the harness.
"""

import argparse
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

CORS = "corsheaders.middleware.CorsMiddleware"
SEC = "django.middleware.security.SecurityMiddleware"
SES = "django.contrib.sessions.middleware.SessionMiddleware"
COM = "django.middleware.common.CommonMiddleware"
CSRF = "django.middleware.csrf.CsrfViewMiddleware"
AUTH = "django.contrib.auth.middleware.AuthenticationMiddleware"
MSG = "django.contrib.messages.middleware.MessageMiddleware"
XFO = "django.middleware.clickjacking.XFrameOptionsMiddleware"
STARTPROJECT = [SEC, SES, COM, CSRF, AUTH, MSG, XFO]

SESSION = "alicesession0000000000000000key1"  # 32 characters, a logged-in DB session of alice
TOKEN = "0123456789abcdef0123456789abcdef01234567"
BASIC_OK = "Basic YWxpY2U6d29uZGVybGFuZA=="  # alice:wonderland
BASIC_BAD = "Basic YWxpY2U6d3Jvbmc="  # alice:wrong
CSRF_SECRET = "abcdefghijklmnopqrstuvwxyzABCDEF"  # a 32-character secret: cookie and header alike

APP, API = "http://app.test", "http://api.test"
SAPP, SAPI = "http://app.site.test", "http://api.site.test"
EVIL = "http://evil.test"
JSON_CT = {"Content-Type": "application/json"}
TEXT_CT = {"Content-Type": "text/plain"}

ROUTES = [
    {"path": "api/items/", "view": "ok"},
    {"path": "api/write/", "view": "ok"},
    {"path": "api/exempt/", "view": "csrf_exempt"},
    {"path": "api/private/", "view": "login_required"},
    {"path": "api/boom/", "view": "error"},
    {"path": "api/drf/open/", "view": "drf", "permission": "allow_any"},
    {"path": "api/drf/token/", "view": "drf", "authentication": ["token"], "permission": "is_authenticated"},
    {"path": "api/drf/basic/", "view": "drf", "authentication": ["basic"], "permission": "is_authenticated"},
    {"path": "api/drf/session/", "view": "drf", "authentication": ["session"], "permission": "is_authenticated"},
]
IDENTITIES = {"sessions": [SESSION], "tokens": [TOKEN], "basic": ["alice:wonderland"]}


def S(origin, url, method="GET", headers=None, credentials=None, body=None, cookies=None, **extra):
    """One scenario line (ids are given when the stack is written)."""
    s = {"origin": origin, "url": url, "method": method, "headers": headers or {}}
    if credentials:
        s["credentials"] = credentials
    if body is not None:
        s["body"] = body
    if cookies:
        s["cookies"] = cookies
    s.update(extra)
    return s


def settings_text(comment, values):
    lines = [f"# {line}" if line else "#" for line in comment.strip().splitlines()]
    lines.append("")
    for name, value in values.items():
        if isinstance(value, list) and len(value) > 2:
            lines.append(f"{name} = [")
            lines += [f"    {item!r}," for item in value]
            lines.append("]")
        else:
            lines.append(f"{name} = {value!r}")
    return "\n".join(lines) + "\n"


STACKS = {}


def stack(name, comment, settings, scenarios, routes=None):
    STACKS[name] = (comment, settings, routes or ROUTES, scenarios)


HOSTS = ["api.test", "api.site.test"]
ORIGINS = [APP, SAPP]

# --- 1. CorsMiddleware below CommonMiddleware, APPEND_SLASH -----------------------------
stack("cors_below_common", """
CorsMiddleware below CommonMiddleware (APPEND_SLASH on by default): Common's 301 to the slash URL
and its DisallowedHost 400 never get CORS headers; what the views answer (404, 500, the
login_required 302) does.""", {
    "DEBUG": False, "ALLOWED_HOSTS": HOSTS, "MIDDLEWARE": [SEC, SES, COM, CORS, CSRF, AUTH, MSG, XFO],
    "CORS_ALLOWED_ORIGINS": ORIGINS, "CORS_ALLOW_CREDENTIALS": True,
}, [
    S(APP, f"{API}/api/items/"),
    S(APP, f"{API}/api/items"),                                    # 301 without CORS headers
    S(APP, f"{API}/api/items?page=2"),
    S(APP, f"{API}/api/items", "PUT", JSON_CT, body='{"a": 1}'),   # redirected preflight
    S(APP, f"{API}/api/items/", "PUT", JSON_CT, body='{"a": 1}'),  # CSRF 403 with CORS headers
    S(APP, f"{API}/api/exempt/", "PUT", JSON_CT, body='{"a": 1}'),
    S(APP, f"{API}/api/exempt", "POST", TEXT_CT, body="x"),        # simple POST, 301 without CORS
    S(APP, f"{API}/api/items", "GET", {"X-Requested-With": "XMLHttpRequest"}),
    S(APP, f"{API}/api/missing"),                                  # 404 (no slash route either)
    S(APP, f"{API}/api/missing/", "DELETE"),
    S(APP, f"{API}/api/boom/"),                                    # 500 with CORS headers
    S(EVIL, f"{API}/api/items/"),
    S(APP, "http://other.test/api/items/"),                        # DisallowedHost 400, no CORS
    S(APP, "http://other.test/api/items/", "PUT", JSON_CT, body="{}"),
    S(APP, f"{API}/api/private/"),                                 # 302 login (with CORS) → 404
    S(SAPP, f"{SAPI}/api/private/", credentials="include", cookies=f"sessionid={SESSION}"),
    S(SAPP, f"{SAPI}/api/private", credentials="include", cookies=f"sessionid={SESSION}"),
    S(APP, f"{API}/api/items", api="xhr"),
    S(APP, f"{API}/api/items", "PUT", JSON_CT, body="{}", api="xhr"),
])

# --- 2. CorsMiddleware on top --------------------------------------------------------------
stack("cors_top", """
CorsMiddleware first (above Security and Common): every answer carries CORS headers, so Chromium
follows the APPEND_SLASH 301 and the login_required 302, preflighting again where the request
is not simple; CSRF 403s, DisallowedHost 400s, 404s and 500s are readable.""", {
    "DEBUG": False, "ALLOWED_HOSTS": HOSTS, "MIDDLEWARE": [CORS] + STARTPROJECT,
    "CORS_ALLOWED_ORIGINS": ORIGINS, "CORS_ALLOW_CREDENTIALS": True,
}, [
    S(APP, f"{API}/api/items"),                                    # 301 with CORS, followed
    S(APP, f"{API}/api/items?page=2&q=a%20b"),
    S(APP, f"{API}/api/exempt", "PUT", JSON_CT, body='{"a": 1}'),  # preflight, 301, preflight again
    S(APP, f"{API}/api/exempt", "POST", TEXT_CT, body="x"),        # POST → GET on 301
    S(APP, f"{API}/api/exempt", "POST", JSON_CT, body='{"a": 1}'), # preflighted POST → GET
    S(APP, f"{API}/api/exempt", "POST", {"Content-Type": "application/json", "X-Requested-With": "XMLHttpRequest"},
      body='{"a": 1}'),
    S(APP, f"{API}/api/items", "GET", {"X-Requested-With": "XMLHttpRequest"}),
    S(APP, f"{API}/api/items", "GET", {"Authorization": f"Token {TOKEN}"}),
    S(APP, f"{API}/api/exempt", "DELETE"),
    S(APP, "http://other.test/api/items/"),                        # DisallowedHost 400 with CORS
    S(APP, "http://other.test/api/items/", "PUT", JSON_CT, body="{}"),
    S(APP, f"{API}/api/boom/"),                                    # 500 with CORS
    S(APP, f"{API}/api/missing/"),
    S(EVIL, f"{API}/api/items"),                                   # 301 without ACAO (evil origin)
    S(APP, f"{API}/api/private/"),                                 # 302 → /accounts/login/?next= (404)
    S(APP, f"{API}/api/private"),                                  # 301 → 302 → 404
    S(APP, f"{API}/api/private/", "POST", TEXT_CT, body="x"),      # CSRF 403 before the login check
    S(SAPP, f"{SAPI}/api/private/", credentials="include", cookies=f"sessionid={SESSION}"),
    S(SAPP, f"{SAPI}/api/private", credentials="include", cookies=f"sessionid={SESSION}"),  # 301, cookie again
    S(SAPP, f"{SAPI}/api/private", "GET", {"Authorization": f"Token {TOKEN}"}, credentials="include",
      cookies=f"sessionid={SESSION}"),
    S(SAPP, f"{SAPI}/api/write/", "POST", TEXT_CT, credentials="include", body="x",
      cookies=f"sessionid={SESSION}"),                             # CSRF 403: no csrftoken cookie
    S(SAPP, f"{SAPI}/api/write/", "POST", TEXT_CT, credentials="include", body="x",
      cookies=f"sessionid={SESSION}; csrftoken={CSRF_SECRET}"),    # CSRF 403: no token in the request
    S(SAPP, f"{SAPI}/api/write/", "POST", {"Content-Type": "text/plain", "X-CSRFToken": CSRF_SECRET},
      credentials="include", body="x", cookies=f"sessionid={SESSION}; csrftoken={CSRF_SECRET}"),
    S(SAPP, f"{SAPI}/api/write/", "POST", {"Content-Type": "text/plain", "X-CSRFToken": CSRF_SECRET},
      credentials="same-origin", body="x", cookies=f"csrftoken={CSRF_SECRET}"),  # cookie not sent
    S(SAPP, f"{SAPI}/api/write", "POST", {"Content-Type": "text/plain", "X-CSRFToken": CSRF_SECRET},
      credentials="include", body="x", cookies=f"csrftoken={CSRF_SECRET}"),      # 301: POST → GET
    S(SAPP, f"{SAPI}/api/private/", "POST", {"Content-Type": "text/plain", "X-CSRFToken": CSRF_SECRET},
      credentials="include", body="x", cookies=f"csrftoken={CSRF_SECRET}"),      # CSRF ok, 302: POST → GET
    S(SAPP, f"{SAPI}/api/private/", "PUT", {"Content-Type": "text/plain", "X-CSRFToken": CSRF_SECRET},
      credentials="include", body="x", cookies=f"csrftoken={CSRF_SECRET}"),      # 302 keeps PUT
])

# --- 3./4. SECURE_SSL_REDIRECT above and below CorsMiddleware --------------------------------
stack("ssl_redirect_above_cors", """
SECURE_SSL_REDIRECT with SecurityMiddleware above CorsMiddleware: http requests (preflights
included) get a 301 to https without CORS headers.""", {
    "DEBUG": False, "ALLOWED_HOSTS": HOSTS, "SECURE_SSL_REDIRECT": True,
    "MIDDLEWARE": [SEC, CORS, SES, COM, CSRF, AUTH, MSG, XFO], "CORS_ALLOWED_ORIGINS": ORIGINS,
}, [
    S(APP, f"{API}/api/items/"),
    S(APP, f"{API}/api/items/", "PUT", JSON_CT, body="{}"),
    S(APP, f"{API}/api/exempt/", "POST", TEXT_CT, body="x"),
    S(APP, "https://api.test/api/items/"),
    S(APP, "https://api.test/api/exempt/", "PUT", JSON_CT, body="{}"),
    S(APP, "https://api.test/api/items"),                          # https 301 (APPEND_SLASH), no CORS
    S(APP, f"{API}/api/missing/"),
    S(EVIL, "https://api.test/api/items/"),
])

stack("ssl_redirect_below_cors", """
SECURE_SSL_REDIRECT with CorsMiddleware above SecurityMiddleware: the 301 to https carries CORS
headers and Chromium follows it; http://api.test → https://api.test is a cross-origin hop of a
cross-origin request, so the request is tainted (Origin: null) from there on. The allow-list
has no "null".""", {
    "DEBUG": False, "ALLOWED_HOSTS": HOSTS, "SECURE_SSL_REDIRECT": True,
    "MIDDLEWARE": [CORS] + STARTPROJECT, "CORS_ALLOWED_ORIGINS": ORIGINS,
}, [
    S(APP, f"{API}/api/items/"),
    S(APP, f"{API}/api/items/", "PUT", JSON_CT, body="{}"),
    S(APP, f"{API}/api/exempt/", "POST", TEXT_CT, body="x"),
    S(APP, f"{API}/api/items"),                                    # 301 https, then 301 slash
    S(APP, "https://api.test/api/items/"),
    S(APP, "https://api.test/api/exempt/", "PUT", JSON_CT, body="{}"),
    S(APP, "https://api.test/api/items"),                          # https 301 slash with CORS
    S(EVIL, f"{API}/api/items/"),
])

stack("ssl_redirect_allow_all", """
SECURE_SSL_REDIRECT below CorsMiddleware with CORS_ALLOW_ALL_ORIGINS: the tainted request to
https (Origin: null) gets Access-Control-Allow-Origin: *.""", {
    "DEBUG": False, "ALLOWED_HOSTS": HOSTS, "SECURE_SSL_REDIRECT": True,
    "MIDDLEWARE": [CORS] + STARTPROJECT, "CORS_ALLOW_ALL_ORIGINS": True,
}, [
    S(APP, f"{API}/api/items/"),
    S(APP, f"{API}/api/items/", "PUT", JSON_CT, body="{}"),
    S(APP, f"{API}/api/exempt/", "PUT", JSON_CT, body="{}"),
    S(APP, f"{API}/api/exempt/", "POST", TEXT_CT, body="x"),
    S(APP, f"{API}/api/items/", "GET", {"Authorization": f"Token {TOKEN}"}),
    S(APP, f"{API}/api/items/", credentials="include"),            # wildcard with include
    S(APP, f"{API}/api/items"),
])

# --- 5. PREPEND_WWW: same-origin and cross-origin redirects ----------------------------------
stack("prepend_www", """
PREPEND_WWW with CorsMiddleware on top and CORS_ALLOW_ALL_ORIGINS: http://api.test → http://www.api.test
(a cross-origin hop of a cross-origin request: Origin null afterwards) and, from a page at
http://app.test, http://app.test → http://www.app.test (a same-origin request redirected
cross-origin: not tainted, the Origin stays http://app.test).""", {
    "DEBUG": False, "ALLOWED_HOSTS": [".test"], "PREPEND_WWW": True,
    "MIDDLEWARE": [CORS] + STARTPROJECT, "CORS_ALLOW_ALL_ORIGINS": True,
}, [
    S(APP, f"{API}/api/items/"),
    S(APP, f"{API}/api/items"),                                    # www and slash in one 301
    S(APP, f"{API}/api/exempt/", "PUT", JSON_CT, body="{}"),
    S(APP, f"{API}/api/exempt/", "POST", TEXT_CT, body="x"),
    S(APP, f"{API}/api/items/", "GET", {"Authorization": f"Token {TOKEN}"}),
    S(APP, f"{API}/api/items/", "GET", {"X-Requested-With": "XMLHttpRequest"}),
    S(APP, f"{API}/api/items/", credentials="include"),
    S(APP, f"{APP}/api/items/"),                                   # same-origin → www.app.test
    S(APP, f"{APP}/api/exempt/", "POST", TEXT_CT, body="x"),
    S(APP, f"{APP}/api/exempt/", "PUT", JSON_CT, body="{}"),
    S(APP, f"{APP}/api/items/", "GET", {"Authorization": f"Token {TOKEN}"}),
    S(APP, "http://www.api.test/api/items/"),
])

# --- 6./7. login_required with a LOGIN_URL on another origin ---------------------------------
stack("login_cross_origin", """
login_required with LOGIN_URL on another origin (http://accounts.test/login/), CorsMiddleware on
top, CORS_ALLOW_ALL_ORIGINS + CORS_ALLOW_CREDENTIALS (the request's Origin is echoed, "null"
included). The 302 leaves the API origin: Origin null at accounts.test.""", {
    "DEBUG": False, "ALLOWED_HOSTS": ["api.test", "accounts.test", "app.test"],
    "MIDDLEWARE": [CORS] + STARTPROJECT, "LOGIN_URL": "http://accounts.test/login/",
    "CORS_ALLOW_ALL_ORIGINS": True, "CORS_ALLOW_CREDENTIALS": True,
}, [
    S(APP, f"{API}/api/private/"),
    S(APP, f"{API}/api/private/", credentials="include"),
    S(APP, f"{API}/api/private/", "GET", {"Authorization": BASIC_OK}),
    S(APP, f"{API}/api/private/", "GET", {"X-Requested-With": "XMLHttpRequest"}),
    S(APP, f"{API}/api/private/", "POST", TEXT_CT, body="x"),      # CSRF 403 first
    S(APP, f"{API}/api/private/", "DELETE"),                       # CSRF 403 (not safe)
    S(APP, "http://accounts.test/api/private/"),                   # 302 stays on accounts.test
    S("http://accounts.test", f"{API}/api/private/"),              # back to the page's own origin
    S("http://api.test", f"{API}/api/private/"),                   # same-origin → accounts.test
    S("http://api.test", f"{API}/api/private/", "GET", {"X-Requested-With": "XMLHttpRequest"}),
])

stack("login_cross_allowlist", """
login_required with LOGIN_URL on another origin and an allow-list without "null": the redirected
(tainted) request fails the CORS check at accounts.test.""", {
    "DEBUG": False, "ALLOWED_HOSTS": ["api.test", "accounts.test"],
    "MIDDLEWARE": [CORS] + STARTPROJECT, "LOGIN_URL": "http://accounts.test/login/",
    "CORS_ALLOWED_ORIGINS": [APP], "CORS_ALLOW_CREDENTIALS": True,
}, [
    S(APP, f"{API}/api/private/"),
    S(APP, f"{API}/api/private/", credentials="include"),
    S(APP, f"{API}/api/private/", "GET", {"X-Requested-With": "XMLHttpRequest"}),
    S(APP, f"{API}/api/private", "GET"),
    S(APP, f"{API}/api/items/"),
    S("http://api.test", f"{API}/api/private/"),
    S(APP, f"{API}/api/private/", api="xhr"),                      # the XMLHttpRequest wording
], routes=ROUTES + [{"path": "login/", "view": "ok"}])

# --- 8. DRF authentication -------------------------------------------------------------------
stack("drf_auth", """
DRF views with Token, Basic and Session authentication and IsAuthenticated, CorsMiddleware on top
(401 with WWW-Authenticate, 403 for session auth, CSRF on session-authenticated unsafe methods).""", {
    "DEBUG": False, "ALLOWED_HOSTS": HOSTS, "MIDDLEWARE": [CORS] + STARTPROJECT,
    "CORS_ALLOWED_ORIGINS": ORIGINS, "CORS_ALLOW_CREDENTIALS": True,
}, [
    S(APP, f"{API}/api/drf/token/"),                               # 401 WWW-Authenticate: Token
    S(APP, f"{API}/api/drf/token/", "GET", {"Authorization": f"Token {TOKEN}"}),
    S(APP, f"{API}/api/drf/token/", "GET", {"Authorization": "Token nope"}),
    S(APP, f"{API}/api/drf/token", "GET", {"Authorization": f"Token {TOKEN}"}),  # 301, same origin
    S(APP, f"{API}/api/drf/basic/"),                               # 401 WWW-Authenticate: Basic
    S(APP, f"{API}/api/drf/basic/", credentials="include"),
    S(APP, f"{API}/api/drf/basic/", "GET", {"Authorization": BASIC_OK}),
    S(APP, f"{API}/api/drf/basic/", "GET", {"Authorization": BASIC_BAD}),
    S(APP, f"{API}/api/drf/session/"),                             # 403
    S(SAPP, f"{SAPI}/api/drf/session/", credentials="include", cookies=f"sessionid={SESSION}"),
    S(SAPP, f"{SAPI}/api/drf/session/", "POST", JSON_CT, credentials="include", body="{}",
      cookies=f"sessionid={SESSION}"),                             # 403 CSRF Failed
    S(SAPP, f"{SAPI}/api/drf/session/", "POST", {"Content-Type": "application/json", "X-CSRFToken": CSRF_SECRET},
      credentials="include", body="{}", cookies=f"sessionid={SESSION}; csrftoken={CSRF_SECRET}"),
    S(APP, f"{API}/api/drf/open/", "POST", JSON_CT, body="{}"),
    S(APP, f"{API}/api/drf/open", "POST", JSON_CT, body="{}"),     # 301: POST → GET
    S(EVIL, f"{API}/api/drf/token/", "GET", {"Authorization": f"Token {TOKEN}"}),
])

# --- 9. A request-phase 500 above CorsMiddleware ----------------------------------------------
stack("broken_above_cors", """
AuthenticationMiddleware above SessionMiddleware and above CorsMiddleware: every request (the
preflight too) is a 500 that CorsMiddleware never sees. Answers carry no CORS headers.""", {
    "DEBUG": False, "ALLOWED_HOSTS": HOSTS, "MIDDLEWARE": [SEC, AUTH, CORS, SES, COM, CSRF, MSG, XFO],
    "CORS_ALLOWED_ORIGINS": ORIGINS,
}, [
    S(APP, f"{API}/api/items/"),
    S(APP, f"{API}/api/items/", "PUT", JSON_CT, body="{}"),
    S(APP, f"{API}/api/items/", "POST", TEXT_CT, body="x"),
    S(APP, f"{API}/api/items"),
    S(APP, f"{API}/api/drf/token/", "GET", {"Authorization": f"Token {TOKEN}"}),
])

# --- 10. DEBUG = True --------------------------------------------------------------------------
stack("debug_cors_top", """
DEBUG = True, CorsMiddleware on top: technical 500 and 404 pages, the APPEND_SLASH RuntimeError
for POST/PUT/PATCH (500, with CORS headers), DisallowedHost as a technical 400.""", {
    "DEBUG": True, "ALLOWED_HOSTS": HOSTS, "MIDDLEWARE": [CORS] + STARTPROJECT,
    "CORS_ALLOWED_ORIGINS": ORIGINS,
}, [
    S(APP, f"{API}/api/boom/"),
    S(APP, f"{API}/api/boom/", "GET", {"Accept": "application/json"}),
    S(APP, f"{API}/api/missing/"),
    S(APP, f"{API}/api/exempt", "POST", TEXT_CT, body="x"),        # RuntimeError → 500
    S(APP, f"{API}/api/exempt", "PUT", JSON_CT, body="{}"),        # preflight ok, PUT 500
    S(APP, f"{API}/api/exempt", "DELETE"),                         # DELETE still redirected
    S(APP, f"{API}/api/items"),
    S(APP, "http://other.test/api/items/"),
    S(EVIL, f"{API}/api/boom/"),
])

stack("debug_cors_below_common", """
DEBUG = True, CorsMiddleware below CommonMiddleware: the APPEND_SLASH RuntimeError (500) and the
DisallowedHost 400 come from Common, above Cors: no CORS headers; a view's 500 has them.""", {
    "DEBUG": True, "ALLOWED_HOSTS": HOSTS, "MIDDLEWARE": [SEC, SES, COM, CORS, CSRF, AUTH, MSG, XFO],
    "CORS_ALLOWED_ORIGINS": ORIGINS,
}, [
    S(APP, f"{API}/api/boom/"),
    S(APP, f"{API}/api/exempt", "POST", TEXT_CT, body="x"),
    S(APP, f"{API}/api/exempt", "PUT", JSON_CT, body="{}"),        # preflight redirected
    S(APP, f"{API}/api/items"),
    S(APP, "http://other.test/api/items/"),
    S(APP, f"{API}/api/missing"),
])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(HERE, "corpus"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for f in os.listdir(args.out):
        if f.endswith((".settings.py", ".routes.json", ".jsonl")):
            os.remove(os.path.join(args.out, f))
    total = 0
    for name, (comment, settings, routes, scenarios) in STACKS.items():
        with open(os.path.join(args.out, f"{name}.settings.py"), "w", encoding="utf-8") as f:
            f.write(settings_text(comment, settings))
        with open(os.path.join(args.out, f"{name}.routes.json"), "w", encoding="utf-8") as f:
            f.write('{"routes": [\n' + ",\n".join(f"  {json.dumps(r)}" for r in routes)
                    + f'\n], "identities": {json.dumps(IDENTITIES)}}}\n')
        with open(os.path.join(args.out, f"{name}.jsonl"), "w", encoding="utf-8") as f:
            for i, s in enumerate(scenarios, 1):
                f.write(json.dumps({"id": i, **s}) + "\n")
        total += len(scenarios)
    print(f"{len(STACKS)} stacks, {total} scenarios in {args.out}")


if __name__ == "__main__":
    main()
