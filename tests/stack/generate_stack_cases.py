#!/usr/bin/python3
"""Generates whole-stack cases for the stack differential test.

    generate_stack_cases.py OUTDIR --stacks N --requests M --seed S

Writes, for each case NNN:
  case_NNN.settings.py       plain Python literals only (no imports, no code)
  case_NNN.routes.json       routes + identities (see stack_oracle.py)
  case_NNN.requests.jsonl    M requests in `cors-studio respond` input form, each with an id
and OUTDIR/manifest.jsonl (one {"case", "settings", "routes", "requests"} line per case).

Deterministic for a seed. The settings vary the middleware list (startproject order with
CorsMiddleware at various places, missing/misordered Session/Auth, no Cors, shuffled
subsets), host/slash/SSL/login/CSRF settings, the CORS settings and DRF defaults; the
requests vary preflight vs actual, method, path (slash, unknown, query), scheme, Host,
Origin, session cookie, CSRF cookie/header pairs (incl. masked tokens), Referer and
Authorization.
"""

import argparse
import base64
import json
import os
import random
import string

SECURITY = "django.middleware.security.SecurityMiddleware"
SESSION = "django.contrib.sessions.middleware.SessionMiddleware"
CORS = "corsheaders.middleware.CorsMiddleware"
COMMON = "django.middleware.common.CommonMiddleware"
CSRF = "django.middleware.csrf.CsrfViewMiddleware"
AUTH = "django.contrib.auth.middleware.AuthenticationMiddleware"
MESSAGES = "django.contrib.messages.middleware.MessageMiddleware"
XFRAME = "django.middleware.clickjacking.XFrameOptionsMiddleware"
STARTPROJECT = [SECURITY, SESSION, COMMON, CSRF, AUTH, MESSAGES, XFRAME]

AUTH_CLASS = {
    "session": "rest_framework.authentication.SessionAuthentication",
    "token": "rest_framework.authentication.TokenAuthentication",
    "basic": "rest_framework.authentication.BasicAuthentication",
}
PERMISSION_CLASS = {
    "allow_any": "rest_framework.permissions.AllowAny",
    "is_authenticated": "rest_framework.permissions.IsAuthenticated",
}

HOST = "api.test"
ORIGIN_POOL = [
    "https://app.test",
    "http://app.test",
    "http://localhost:3000",
    "https://admin.app.test",
    "https://app.test:8443",
]
BAD_ORIGINS = ["https://evil.test", "http://localhost:4000", "https://app.test.evil.test"]
CSRF_CHARS = string.ascii_letters + string.digits


def pick(rng, weighted):
    """@weighted: list of (weight, value)."""
    total = sum(w for w, _ in weighted)
    x = rng.uniform(0, total)
    for w, v in weighted:
        x -= w
        if x <= 0:
            return v
    return weighted[-1][1]


# ---------------------------------------------------------------------------------------
# Settings


def middleware(rng):
    kind = pick(rng, [(68, "startproject"), (8, "no_cors"), (10, "broken"), (8, "subset"),
                      (6, "minimal")])
    mw = list(STARTPROJECT)
    if kind == "broken":
        fault = pick(rng, [(3, "no_session"), (3, "auth_above_session"),
                           (2, "messages_above_session"), (1, "no_auth")])
        if fault == "no_session":
            mw.remove(SESSION)
            if rng.random() < 0.4:
                mw.remove(MESSAGES)
        elif fault == "auth_above_session":
            mw.remove(AUTH)
            mw.insert(rng.choice([0, 1]), AUTH)
        elif fault == "messages_above_session":
            mw.remove(MESSAGES)
            mw.insert(0, MESSAGES)
        elif fault == "no_auth":
            mw.remove(AUTH)
    elif kind == "subset":
        mw = [m for m in mw if rng.random() < 0.7]
        if rng.random() < 0.5:
            rng.shuffle(mw)
    elif kind == "minimal":
        mw = [m for m in (SESSION, COMMON, AUTH) if rng.random() < 0.8]
    if kind != "startproject":
        # Occasional drop of single layers in the other kinds too.
        pass
    elif rng.random() < 0.3:
        victim = rng.choice([SECURITY, COMMON, CSRF, MESSAGES, XFRAME])
        mw.remove(victim)
    if kind == "no_cors":
        return mw
    where = pick(rng, [(30, "top"), (30, "above_common"), (18, "below_common"),
                       (12, "bottom"), (10, "random")])
    if where == "top":
        pos = 0
    elif where == "bottom":
        pos = len(mw)
    elif where in ("above_common", "below_common") and COMMON in mw:
        pos = mw.index(COMMON) + (where == "below_common")
    else:
        pos = rng.randrange(len(mw) + 1)
    mw.insert(pos, CORS)
    return mw


def make_settings(rng):
    s = {}
    s["MIDDLEWARE"] = middleware(rng)
    s["ALLOWED_HOSTS"] = pick(rng, [(37, ["api.test"]), (20, [".test"]), (18, ["*"]),
                                    (6, []), (19, ["api.test", "localhost"])])
    if rng.random() < 0.18:
        s["DEBUG"] = True
    elif rng.random() < 0.1:
        s["DEBUG"] = False
    if rng.random() < 0.15:
        s["APPEND_SLASH"] = False
    elif rng.random() < 0.05:
        s["APPEND_SLASH"] = True
    if rng.random() < 0.05:
        s["PREPEND_WWW"] = True
    if rng.random() < 0.22:
        s["SECURE_SSL_REDIRECT"] = True
        if rng.random() < 0.2:
            s["SECURE_SSL_HOST"] = "secure.test"
        if rng.random() < 0.4:
            s["SECURE_REDIRECT_EXEMPT"] = pick(rng, [(3, [r"^api/"]), (2, [r"^/api/"]),
                                                     (1, [r"^api/drf/", r"^login/$"])])
    if rng.random() < 0.05:
        s["SECURE_PROXY_SSL_HEADER"] = ("HTTP_X_FORWARDED_PROTO", "https")
    login = pick(rng, [(6, None), (2.5, "/login/"), (1.5, "https://sso.test/login")])
    if login:
        s["LOGIN_URL"] = login
    trusted = pick(rng, [(50, None), (15, ["app.test"]), (12, [".test"]),
                         (10, ["https://app.test"]), (8, ["app.test", "localhost:3000"]),
                         (5, [])])
    if trusted is not None:
        s["CSRF_TRUSTED_ORIGINS"] = trusted
    if rng.random() < 0.06:
        s["CSRF_COOKIE_NAME"] = "XSRF-TOKEN"
    if rng.random() < 0.06:
        s["CSRF_HEADER_NAME"] = "HTTP_X_XSRF_TOKEN"
    if rng.random() < 0.05:
        s["SESSION_COOKIE_NAME"] = "api_session"

    # CORS
    if rng.random() < 0.9:
        origins = [o for o in ORIGIN_POOL if rng.random() < 0.45]
        if not origins and rng.random() < 0.8:
            origins = ["https://app.test"]
        if rng.random() < 0.05:
            origins.append("null")
        s["CORS_ALLOWED_ORIGINS"] = origins
    if rng.random() < 0.1:
        s["CORS_ALLOWED_ORIGIN_REGEXES"] = pick(rng, [(2, [r"^https://\w+\.app\.test$"]),
                                                      (1, [r"^http://localhost:\d+$"])])
    if rng.random() < 0.08:
        s["CORS_ALLOW_ALL_ORIGINS"] = True
    if rng.random() < 0.55:
        s["CORS_ALLOW_CREDENTIALS"] = rng.random() < 0.9
    if rng.random() < 0.3:
        s["CORS_URLS_REGEX"] = pick(rng, [(4, r"^/api/.*$"), (1, r"^/api/drf/")])
    if rng.random() < 0.2:
        s["CORS_EXPOSE_HEADERS"] = pick(rng, [(1, ["X-Total-Count"]),
                                              (1, ["X-Request-Id", "Content-Range"])])
    if rng.random() < 0.15:
        s["CORS_PREFLIGHT_MAX_AGE"] = rng.choice([600, 0])
    if rng.random() < 0.08:
        s["CORS_REPLACE_HTTPS_REFERER"] = True

    if rng.random() < 0.3:
        rf = {}
        if rng.random() < 0.8:
            names = [n for n in ("session", "token", "basic") if rng.random() < 0.5]
            rng.shuffle(names)
            rf["DEFAULT_AUTHENTICATION_CLASSES"] = [AUTH_CLASS[n] for n in names]
        if rng.random() < 0.7:
            rf["DEFAULT_PERMISSION_CLASSES"] = [
                PERMISSION_CLASS[rng.choice(["allow_any", "is_authenticated",
                                             "is_authenticated"])]]
        s["REST_FRAMEWORK"] = rf
    return s


def literal(value):
    """A plain Python literal; regex-like strings with backslashes as raw strings."""
    if isinstance(value, str):
        if "\\" in value and '"' not in value and not value.endswith("\\"):
            return 'r"' + value + '"'
        return json.dumps(value) if value.isascii() and "\\" not in value else repr(value)
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, tuple):
        inner = ", ".join(literal(v) for v in value)
        return "(" + inner + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def settings_text(s, name):
    lines = [f"# {name}: generated by generate_stack_cases.py (plain literals only)"]
    for key, value in s.items():
        if key == "MIDDLEWARE":
            lines.append("MIDDLEWARE = [")
            lines.extend(f"    {literal(m)}," for m in value)
            lines.append("]")
        else:
            lines.append(f"{key} = {literal(value)}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------
# Routes

def make_routes(rng):
    pool = [
        (5, {"path": "api/items/", "view": rng.choice(["ok", "ok", "csrf_exempt"])}),
        (3, {"path": "api/items/<int:pk>/", "view": rng.choice(["csrf_exempt", "ok"])}),
        (5, {"path": "api/drf/", "view": "drf"}),
        (3, {"path": "api/private/", "view": "login_required"}),
        (3, {"path": "api/boom/", "view": "error"}),
        (1, {"path": "login/", "view": "ok"}),
        (1, {"path": "accounts/login/", "view": "ok"}),
        (2, {"path": "api/noslash", "view": rng.choice(["ok", "csrf_exempt", "drf"])}),
    ]
    count = rng.randint(2, 5)
    chosen = []
    while len(chosen) < count:
        route = pick(rng, [(w, r) for w, r in pool if r not in chosen])
        chosen.append(route)
    routes = []
    for r in chosen:
        r = dict(r)
        if r["view"] == "drf":
            if rng.random() < 0.7:
                names = [n for n in ("session", "token", "basic") if rng.random() < 0.6]
                if not names:
                    names = [rng.choice(["session", "token", "basic"])]
                rng.shuffle(names)
                r["authentication"] = names
            if rng.random() < 0.75:
                r["permission"] = rng.choice(["allow_any", "is_authenticated",
                                              "is_authenticated"])
        routes.append(r)
    return routes


# ---------------------------------------------------------------------------------------
# Requests


def rand_str(rng, chars, n):
    return "".join(rng.choice(chars) for _ in range(n))


def mask(rng, secret):
    """Django 3.2's _mask_cipher_secret, with our deterministic rng for the mask."""
    m = rand_str(rng, CSRF_CHARS, 32)
    n = len(CSRF_CHARS)
    cipher = "".join(CSRF_CHARS[(CSRF_CHARS.index(a) + CSRF_CHARS.index(b)) % n]
                     for a, b in zip(secret, m))
    return m + cipher


def concrete_path(rng, route_path):
    p = "/" + route_path.replace("<int:pk>", str(rng.randint(1, 999)))
    return p


def make_request(rng, rid, s, routes, ids):
    headers = {}
    # Path
    if rng.random() < 0.82:
        path = concrete_path(rng, rng.choice(routes)["path"])
        r = rng.random()
        if path.endswith("/") and r < 0.35:
            path = path[:-1]
        elif not path.endswith("/") and r < 0.3:
            path += "/"
    else:
        path = rng.choice(["/api/unknown/", "/nope", "/", "/api/items/abc/", "/api/drf",
                           "/static/app.js", "/api/", "/API/items/"])
    if rng.random() < 0.2:
        path += "?" + rng.choice(["x=1", "page=2&size=10", "q=a%20b", "next=/x/"])

    # Method
    preflight = rng.random() < 0.35
    if preflight:
        method = "OPTIONS"
        headers["Access-Control-Request-Method"] = pick(
            rng, [(3, "POST"), (2, "PUT"), (2, "DELETE"), (1, "PATCH"), (1, "GET")])
        if rng.random() < 0.5:
            headers["Access-Control-Request-Headers"] = rng.choice(
                ["content-type", "content-type,x-csrftoken", "authorization",
                 "x-custom-header"])
    else:
        method = pick(rng, [(33, "GET"), (30, "POST"), (10, "PUT"), (10, "DELETE"),
                            (8, "PATCH"), (4, "HEAD"), (5, "OPTIONS")])

    # Host
    host = pick(rng, [(72, HOST), (5, "evil.example"), (5, "www.api.test"),
                      (6, "api.test:8000"), (5, "localhost"), (7, None)])
    if host is not None:
        headers["Host"] = host

    # Origin
    allowed = s.get("CORS_ALLOWED_ORIGINS") or ["https://app.test"]
    origin = pick(rng, [(58, rng.choice(allowed)), (15, rng.choice(BAD_ORIGINS)),
                        (6, "null"), (21 if not preflight else 6, None)])
    if origin is not None:
        headers["Origin"] = origin

    secure = rng.random() < 0.35
    if rng.random() < 0.03:
        headers["X-Forwarded-Proto"] = rng.choice(["https", "http", "https, http"])

    # Cookies
    cookies = []
    session_name = s.get("SESSION_COOKIE_NAME", "sessionid")
    csrf_name = s.get("CSRF_COOKIE_NAME", "csrftoken")
    sess = pick(rng, [(32, "valid"), (10, "bogus"), (4, "short"), (2, "empty"), (52, None)])
    if sess == "valid":
        cookies.append(f"{session_name}={ids['session']}")
    elif sess == "bogus":
        cookies.append(f"{session_name}={rand_str(rng, string.ascii_lowercase + string.digits, 32)}")
    elif sess == "short":
        cookies.append(f"{session_name}=abc")
    elif sess == "empty":
        cookies.append(f"{session_name}=")
    if rng.random() < 0.03 and csrf_name != "csrftoken":
        csrf_name = "csrftoken"  # the default name while the settings renamed it

    secret = rand_str(rng, CSRF_CHARS, 32)
    cookie_form = pick(rng, [(30, "masked"), (12, "secret"), (5, "short"), (3, "badchars"),
                             (50, None)])
    if cookie_form == "masked":
        cookies.append(f"{csrf_name}={mask(rng, secret)}")
    elif cookie_form == "secret":
        cookies.append(f"{csrf_name}={secret}")
    elif cookie_form == "short":
        cookies.append(f"{csrf_name}={rand_str(rng, CSRF_CHARS, 20)}")
    elif cookie_form == "badchars":
        cookies.append(f"{csrf_name}={rand_str(rng, CSRF_CHARS, 30)}-_")
    if rng.random() < 0.05:
        cookies.append("theme=dark")
    if cookies:
        rng.shuffle(cookies)
        headers["Cookie"] = "; ".join(cookies)

    # CSRF header
    header_name = "X-CSRFToken"
    if s.get("CSRF_HEADER_NAME") == "HTTP_X_XSRF_TOKEN" and rng.random() < 0.7:
        header_name = "X-XSRF-TOKEN"
    token_form = pick(rng, [(30, "masked"), (12, "secret"), (10, "mismatch"), (5, "short"),
                            (3, "badchars"), (40, None)])
    if cookie_form is None and token_form in ("masked", "secret") and rng.random() < 0.5:
        token_form = None
    if token_form == "masked":
        headers[header_name] = mask(rng, secret)
    elif token_form == "secret":
        headers[header_name] = secret
    elif token_form == "mismatch":
        headers[header_name] = mask(rng, rand_str(rng, CSRF_CHARS, 32))
    elif token_form == "short":
        headers[header_name] = secret[:16]
    elif token_form == "badchars":
        headers[header_name] = secret[:31] + "!"

    # Referer
    referer = pick(rng, [(20, "https://api.test/page"), (15, "https://app.test/"),
                         (5, "http://api.test/"), (3, "https://evil.test/x"),
                         (2, "https://api.test:8000/"), (2, "not a url"), (53, None)])
    if referer is not None:
        headers["Referer"] = referer

    # Authorization
    auth = pick(rng, [(14, "token"), (6, "bogus_token"), (10, "basic"), (6, "bogus_basic"),
                      (2, "token_spaces"), (62, None)])
    if auth == "token":
        headers["Authorization"] = "Token " + ids["token"]
    elif auth == "bogus_token":
        headers["Authorization"] = "Token " + rand_str(rng, "0123456789abcdef", 40)
    elif auth == "basic":
        headers["Authorization"] = "Basic " + base64.b64encode(b"alice:wonderland").decode()
    elif auth == "bogus_basic":
        headers["Authorization"] = "Basic " + base64.b64encode(b"alice:wrong").decode()
    elif auth == "token_spaces":
        headers["Authorization"] = "Token a b"

    if method in ("POST", "PUT", "PATCH") and rng.random() < 0.3:
        headers["Content-Type"] = rng.choice(["application/json",
                                              "application/x-www-form-urlencoded"])
    if rng.random() < 0.08:
        headers["Accept"] = rng.choice(["application/json", "*/*"])

    # Header order: a browser-ish order, deterministic.
    return {"id": rid, "method": method, "path": path, "headers": headers, "secure": secure}


def make_case(rng, index, outdir, requests):
    name = f"case_{index:03d}"
    s = make_settings(rng)
    routes = make_routes(rng)
    ids = {
        "session": rand_str(rng, string.ascii_lowercase + string.digits, 32),
        "token": rand_str(rng, "0123456789abcdef", 40),
    }
    routes_doc = {
        "routes": routes,
        "identities": {"sessions": [ids["session"]], "tokens": [ids["token"]],
                       "basic": ["alice:wonderland"]},
    }
    paths = {
        "settings": os.path.join(outdir, name + ".settings.py"),
        "routes": os.path.join(outdir, name + ".routes.json"),
        "requests": os.path.join(outdir, name + ".requests.jsonl"),
    }
    with open(paths["settings"], "w", encoding="utf-8") as f:
        f.write(settings_text(s, name))
    with open(paths["routes"], "w", encoding="utf-8") as f:
        json.dump(routes_doc, f, indent=1)
        f.write("\n")
    with open(paths["requests"], "w", encoding="utf-8") as f:
        for i in range(requests):
            f.write(json.dumps(make_request(rng, f"{name}.{i}", s, routes, ids)) + "\n")
    return {"case": name, **paths}


def generate(outdir, stacks, requests, seed):
    os.makedirs(outdir, exist_ok=True)
    rng = random.Random(seed)
    entries = [make_case(rng, i, outdir, requests) for i in range(stacks)]
    manifest = os.path.join(outdir, "manifest.jsonl")
    with open(manifest, "w", encoding="utf-8") as f:
        for e in entries:
            f.write(json.dumps(e) + "\n")
    return manifest, entries


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--stacks", type=int, default=100)
    ap.add_argument("--requests", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    manifest, _ = generate(args.outdir, args.stacks, args.requests, args.seed)
    print(manifest)


if __name__ == "__main__":
    main()
