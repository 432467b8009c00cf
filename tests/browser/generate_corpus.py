#!/usr/bin/python3
"""Writes the browser agreement corpus: corpus/NAME.py (a settings.py, django-cors-headers 3.14
semantics, plain literal assignments only) and corpus/NAME.jsonl (the scenarios).

    generate_corpus.py [--out corpus]

The corpus is generated once and committed; edit this file and re-run it to change it.
Scenario ids restart at 1 in every file. See README.md for the scenario members.
"""

import argparse
import json
import os
import textwrap

APP = "http://app.test"
ADMIN = "http://admin.app.test"
EVIL = "http://evil.test"
API = "http://api.test"
ITEMS = API + "/api/items"
SITE_APP = "http://app.site.test"  # same site as SITE_API (registrable domain site.test)
SITE_API = "http://api.site.test"
DEV_APP = "http://localhost:3000"
DEV_API = "http://localhost:8000"

JSON_ENDPOINT = {"Content-Type": "application/json", "X-Total-Count": "5"}


def S(origin=APP, url=ITEMS, method="GET", headers=None, credentials="same-origin", body=None,
      endpoint=None, **extra):
    scenario = {
        "origin": origin,
        "url": url,
        "method": method,
        "headers": headers or {},
        "credentials": credentials,
        "body": body,
        "endpoint_headers": JSON_ENDPOINT if endpoint is None else endpoint,
    }
    scenario.update(extra)
    return scenario


def json_body(method="POST", **kw):
    headers = {"Content-Type": "application/json"}
    headers.update(kw.pop("headers", {}))
    return S(method=method, headers=headers, body='{"name": "x"}', **kw)


POLICIES = {}


def policy(name, settings, scenarios, note=""):
    assert name not in POLICIES, name
    POLICIES[name] = (note, textwrap.dedent(settings).strip() + "\n", scenarios)


# ------------------------------------------------------------------------------------------------
policy("allowlist_defaults", """
    CORS_ALLOWED_ORIGINS = ["http://app.test", "http://localhost:3000"]
""", [
    S(),
    S(origin=EVIL),
    S(origin=DEV_APP, url=DEV_API + "/api/items"),
    S(origin="http://localhost:3001", url=DEV_API + "/api/items"),
    S(origin="http://app.test:8080"),
    S(method="POST", body="hello"),
    json_body(),
    json_body(method="PUT", url=API + "/api/items/7"),
    S(method="DELETE", url=API + "/api/items/7"),
    S(method="delete", url=API + "/api/items/7"),
    S(method="patch", url=API + "/api/items/7", body='{"a": 1}', headers={"Content-Type": "application/json"}),
    S(method="PATCH", url=API + "/api/items/7", body='{"a": 1}', headers={"Content-Type": "application/json"}),
    S(headers={"X-Custom": "1"}),
    S(headers={"Authorization": "Bearer abc.def"}),
    S(method="POST", body="a=1", headers={"X-CSRFToken": "tok", "X-Requested-With": "XMLHttpRequest"}),
    S(credentials="include"),
    json_body(method="PUT", credentials="include"),
    S(credentials="omit"),
    json_body(method="PUT", origin=EVIL),
    S(method="OPTIONS"),
    S(method="HEAD"),
    S(method="PURGE"),
    S(headers={"DNT": "1"}),
    S(headers={"User-Agent": "curl/8.0"}),
    S(origin=API, headers={"X-Custom": "1"}),  # same origin: no CORS at all
    json_body(method="PUT", origin=API),
])

policy("allowlist_credentials", """
    CORS_ALLOWED_ORIGINS = ["http://app.test", "http://app.site.test"]
    CORS_ALLOW_CREDENTIALS = True
""", [
    S(credentials="include"),
    json_body(method="PUT", credentials="include"),
    S(origin=EVIL, credentials="include"),
    json_body(method="PUT", origin=EVIL, credentials="include"),
    S(origin=EVIL, credentials="omit"),
    S(credentials="omit"),
    S(),
    S(origin=SITE_APP, url=SITE_API + "/api/me", credentials="include", cookies="sessionid=abc123"),
    S(origin=SITE_APP, url=SITE_API + "/api/me", credentials="same-origin", cookies="sessionid=abc123"),
    S(origin=SITE_APP, url=SITE_API + "/api/me", credentials="omit", cookies="sessionid=abc123"),
    json_body(method="PUT", origin=SITE_APP, url=SITE_API + "/api/me", credentials="include",
              cookies="sessionid=abc123"),
    S(origin=APP, url=SITE_API + "/api/me", credentials="include", cookies="sessionid=abc123"),
    S(credentials="include", headers={"Authorization": "Token 123"}),
    S(credentials="include", headers={"X-Custom": "1"}),
    S(method="delete", credentials="include"),
])

policy("allow_all", """
    CORS_ALLOW_ALL_ORIGINS = True
""", [
    S(),
    S(origin=EVIL),
    S(credentials="include"),
    json_body(method="PUT", credentials="include"),
    json_body(method="PUT", credentials="omit"),
    S(origin=DEV_APP, url=DEV_API + "/api/items"),
    S(method="patch", credentials="omit"),
    S(method="POST", body="a=1&b=2", body_kind="formdata"),
    S(origin=SITE_APP, url=SITE_API + "/api/me", credentials="include", cookies="sessionid=abc123"),
    S(origin="null"),
    S(origin="null", credentials="include"),
])

policy("allow_all_credentials", """
    CORS_ALLOW_ALL_ORIGINS = True
    CORS_ALLOW_CREDENTIALS = True
""", [
    S(credentials="include"),
    S(origin=EVIL, credentials="include"),
    json_body(method="PUT", origin=EVIL, credentials="include"),
    S(credentials="omit"),
    S(origin=DEV_APP, url=DEV_API + "/api/items", credentials="include"),
    S(origin=SITE_APP, url=SITE_API + "/api/me", credentials="include", cookies="sessionid=abc123"),
    S(origin="null", credentials="include"),
    json_body(method="PUT", origin="null"),
])

policy("legacy_aliases", r"""
    CORS_ORIGIN_ALLOW_ALL = False
    CORS_ORIGIN_WHITELIST = ("http://app.test",)
    CORS_ORIGIN_REGEX_WHITELIST = (r"^http://localhost:\d+$",)
""", [
    S(),
    S(origin=EVIL),
    S(origin=DEV_APP, url=DEV_API + "/api/items"),
    S(origin="http://localhost", url=DEV_API + "/api/items"),
    json_body(method="PUT", origin=DEV_APP, url=DEV_API + "/api/items"),
])

policy("alias_precedence", """
    CORS_ALLOWED_ORIGINS = []
    CORS_ORIGIN_WHITELIST = ["http://app.test"]
""", [
    S(),
    json_body(method="PUT"),
])

policy("methods_lowercase", """
    CORS_ALLOWED_ORIGINS = ["http://app.test"]
    CORS_ALLOW_METHODS = ["get", "post", "patch", "delete", "put"]
""", [
    S(method="patch", body='{"a": 1}', headers={"Content-Type": "application/json"}),
    S(method="PATCH", body='{"a": 1}', headers={"Content-Type": "application/json"}),
    S(method="delete"),
    S(method="DELETE"),
    S(method="put", body="x"),
    S(headers={"X-Requested-With": "XMLHttpRequest"}),
    json_body(),
    S(method="options"),
    S(method="get", headers={"X-Requested-With": "XMLHttpRequest"}),
])

policy("methods_star", """
    CORS_ALLOWED_ORIGINS = ["http://app.test"]
    CORS_ALLOW_METHODS = ["*"]
    CORS_ALLOW_CREDENTIALS = True
""", [
    json_body(method="PUT", credentials="omit"),
    json_body(method="PUT", credentials="include"),
    S(method="patch", credentials="omit"),
    S(method="PURGE"),
    S(credentials="include"),
    S(method="DELETE", credentials="include"),
    S(method="DELETE", credentials="same-origin"),
])

policy("headers_star", """
    CORS_ALLOWED_ORIGINS = ["http://app.test"]
    CORS_ALLOW_HEADERS = ["*"]
""", [
    S(headers={"X-Custom": "1"}),
    S(headers={"Authorization": "Bearer abc"}),
    json_body(headers={"X-B": "2", "X-A": "1"}),
    S(headers={"X-Custom": "1"}, credentials="include"),
    S(headers={"X-Custom": "1"}, session="star-then-auth"),
    S(headers={"X-Custom": "2"}, session="star-then-auth"),
    S(headers={"Authorization": "Bearer abc"}, session="star-then-auth"),
    S(headers={"Authorization": "Bearer abc"}, session="star-then-auth"),
    json_body(method="PUT", session="star-other-header"),
    json_body(method="PUT", headers={"X-Other": "1"}, session="star-other-header"),
    S(method="patch", session="star-other-header"),
])

policy("headers_star_credentials", """
    CORS_ALLOWED_ORIGINS = ["http://app.test"]
    CORS_ALLOW_HEADERS = ["*"]
    CORS_ALLOW_CREDENTIALS = True
""", [
    S(headers={"X-Custom": "1"}, credentials="include"),
    S(headers={"Authorization": "Bearer abc"}, credentials="include"),
    S(headers={"X-Custom": "1"}, credentials="omit"),
    json_body(credentials="include"),
    S(credentials="include"),
    S(headers={"Authorization": "Bearer abc"}),
    json_body(method="PUT", credentials="include", headers={"Content-Type": "text/plain"}),
])

policy("headers_custom", """
    CORS_ALLOWED_ORIGINS = ["http://app.test"]
    CORS_ALLOW_HEADERS = ["Content-Type", "X-Custom", "X-Api-Key"]
""", [
    S(headers={"X-Custom": "1"}),
    S(headers={"x-api-key": "k"}),
    S(headers={"Authorization": "Bearer abc"}),
    json_body(),
    S(headers={"X-Custom": "1", "X-Other": "2"}),
    S(headers={"Range": "bytes=-500"}),
    S(headers={"Range": "bytes=0-499"}),
    S(headers={"Accept-Language": "en_US"}),
    S(headers={"Accept-Language": "fr-CH, fr;q=0.9"}),
    S(headers={"Content-Language": "de"}),
    S(headers={"Accept": "application/json"}),
    S(headers={"Accept": 'text/"html"'}),
    S(headers={"X-CSRFToken": "t"}),
])

policy("headers_empty", """
    CORS_ALLOWED_ORIGINS = ["http://app.test"]
    CORS_ALLOW_HEADERS = []
    CORS_ALLOW_METHODS = []
""", [
    S(),
    S(method="PUT", body="x"),
    json_body(),
    S(method="POST", body="x"),
    S(method="HEAD"),
    S(headers={"X-Custom": "1"}),
])

policy("content_types", """
    CORS_ALLOWED_ORIGINS = ["http://app.test"]
    CORS_ALLOW_HEADERS = ["x-custom"]
""", [
    S(method="POST", body="plain text"),
    S(method="POST", body="a=1&b=two", body_kind="urlsearchparams"),
    S(method="POST", body="a=1&b=two", body_kind="formdata"),
    S(method="POST", body='{"a": 1}', body_kind="blob", blob_type="application/json"),
    json_body(),
    S(method="POST", body="x", headers={"Content-Type": "text/plain; charset=utf-8"}),
    S(method="POST", body="x", headers={"Content-Type": "multipart/form-data"}),
    S(method="POST", body="a=1", headers={"Content-Type": "application/x-www-form-urlencoded"}),
    S(method="POST", body="<p>", headers={"Content-Type": "text/html"}),
    S(headers={"Content-Type": "application/json"}),
    S(method="POST", body="x", headers={"Content-Type": "text/plain; p=" + "a" * 115}),
    S(method="POST", body="x", headers={"Content-Type": "text/plain; p=" + "a" * 114}),
    S(method="POST", body="x", headers={"Content-Type": "text/plain;garbage"}),
    S(method="POST", body="x", headers={"Content-Type": "text/plain,text/plain"}),
    S(method="POST", body="x", body_kind="blob", blob_type=""),
    S(method="POST", body="x", body_kind="blob", blob_type="text/plain"),
    S(method="POST", body="x", body_kind="arraybuffer"),
    S(method="POST", body="x", headers={"Content-Type": "Text/Plain"}),
    S(method="POST", body="x", headers={"Content-Type": "application/www-form-urlencoded"}),
])

policy("unsafe_bytes", """
    CORS_ALLOWED_ORIGINS = ["http://app.test"]
""", [
    S(headers={"Accept": "application/json"}),
    S(headers={"Accept": 'text/"html"'}),
    S(headers={"Content-Language": "en{US}"}),
    S(headers={"Content-Language": "de-DE"}),
    S(headers={"Accept-Language": "en_US"}),
    S(headers={"Accept-Language": "*"}),
    S(headers={"Accept": "a" * 129}),
    S(headers={"Accept": "a" * 128}),
    S(method="POST", body="x", headers={"Content-Type": 'text/plain; x="a:b"'}),
    S(headers={"Range": "bytes=0-"}),
    S(headers={"Range": "bytes=0-100,200-300"}),
    S(headers={"Range": "bytes = 0-100"}),
    S(headers={"Range": "bytes=200-100"}),
    S(headers={"DPR": "2"}),
    S(headers={"DPR": ""}),
    S(headers={"Viewport-Width": "800"}),
    S(headers={"Save-Data": "on"}),
    S(headers={"X-Custom": "{json: [1]}"}),
])

policy("expose_list", """
    CORS_ALLOWED_ORIGINS = ["http://app.test"]
    CORS_ALLOW_CREDENTIALS = True
    CORS_EXPOSE_HEADERS = ["X-Total-Count", "X-Request-Id", "Set-Cookie", "Content-Disposition"]
""", [
    S(endpoint={"Content-Type": "application/json", "X-Total-Count": "5", "X-Request-Id": "r1",
                "X-Internal": "secret", "Set-Cookie": "a=1; Path=/", "Cache-Control": "no-cache",
                "Content-Language": "en"}),
    S(credentials="include", endpoint={"Content-Type": "application/json", "X-Total-Count": "5",
                                       "X-Internal": "secret", "Set-Cookie": "a=1; Path=/"}),
    json_body(method="PUT", credentials="include",
              endpoint={"X-Request-Id": "r2", "Content-Disposition": "attachment", "Expires": "0"}),
    S(endpoint={}),
    S(origin=EVIL, endpoint={"X-Total-Count": "5"}),
    S(endpoint={"Pragma": "no-cache", "Last-Modified": "Wed, 21 Oct 2026 07:28:00 GMT", "ETag": '"abc"'}),
])

policy("expose_star", """
    CORS_ALLOW_ALL_ORIGINS = True
    CORS_EXPOSE_HEADERS = ["*"]
""", [
    S(endpoint={"Content-Type": "application/json", "X-Total-Count": "5", "Set-Cookie": "a=1"}),
    S(credentials="include"),
    json_body(method="PUT"),
    S(endpoint={}),
])

policy("expose_star_credentials", """
    CORS_ALLOWED_ORIGINS = ["http://app.test"]
    CORS_ALLOW_CREDENTIALS = True
    CORS_EXPOSE_HEADERS = ["*"]
""", [
    S(credentials="include", endpoint={"Content-Type": "application/json", "X-Total-Count": "5"}),
    S(credentials="omit", endpoint={"Content-Type": "application/json", "X-Total-Count": "5"}),
    S(credentials="same-origin", endpoint={"X-Total-Count": "5", "Set-Cookie": "a=1"}),
    S(credentials="include", endpoint={"*": "whoa", "X-Total-Count": "5"}),
])

policy("expose_invalid_token", """
    CORS_ALLOWED_ORIGINS = ["http://app.test"]
    CORS_EXPOSE_HEADERS = ["X-Total-Count", "X Request Id"]
""", [
    S(endpoint={"Content-Type": "application/json", "X-Total-Count": "5", "X-Request-Id": "1"}),
    S(endpoint={"Content-Type": "application/json", "X-Total-Count": "5"}),
])

policy("expose_empty_item", """
    CORS_ALLOWED_ORIGINS = ["http://app.test"]
    CORS_EXPOSE_HEADERS = ["X-Total-Count", "", "X-Page"]
""", [
    S(endpoint={"Content-Type": "application/json", "X-Total-Count": "5", "X-Page": "2"}),
])

policy("urls_regex", r"""
    CORS_ALLOWED_ORIGINS = ["http://app.test"]
    CORS_URLS_REGEX = r"^/api/.*$"
""", [
    S(url=API + "/api/items"),
    S(url=API + "/admin/"),
    json_body(method="PUT", url=API + "/admin/users/1"),
    S(url=API + "/api"),
    S(url=API + "/API/items"),
    S(url=API + "/api/items?page=2"),
    S(url=API + "/admin/?next=/api/"),
    S(url=API + "/%61pi/items"),
    json_body(method="PUT", url=API + "/api/items/1"),
])

policy("urls_regex_unanchored", r"""
    CORS_ALLOWED_ORIGINS = ["http://app.test"]
    CORS_URLS_REGEX = r"/api/"
""", [
    S(url=API + "/api/v1/items"),
    S(url=API + "/v1/api/items"),
    json_body(method="PUT", url=API + "/v1/api/items"),
])

policy("max_age_zero", """
    CORS_ALLOWED_ORIGINS = ["http://app.test"]
    CORS_PREFLIGHT_MAX_AGE = 0
""", [
    json_body(method="PUT", session="a"),
    json_body(method="PUT", session="a"),
    json_body(method="PUT", session="a", advance=6),
    S(headers={"Authorization": "Bearer 1"}, session="b"),
    S(headers={"Authorization": "Bearer 2"}, session="b"),
    json_body(method="PUT"),
])

policy("max_age_default", """
    CORS_ALLOWED_ORIGINS = ["http://app.test", "http://admin.app.test"]
""", [
    json_body(method="PUT", session="a"),
    json_body(method="PUT", session="a"),
    S(method="DELETE", session="a"),
    S(method="patch", session="a"),
    json_body(method="PUT", session="a"),
    json_body(method="PUT", credentials="omit", session="b"),
    json_body(method="PUT", credentials="include", session="b"),
    S(headers={"X-Custom": "1"}, session="c"),
    json_body(method="PUT", session="c"),
    json_body(method="PUT", session="c"),
    json_body(method="PUT", url=API + "/api/a", session="d"),
    json_body(method="PUT", url=API + "/api/b", session="d"),
    json_body(method="PUT", url=API + "/api/a", session="d"),
    json_body(method="PUT", session="e"),
    json_body(method="PUT", origin=ADMIN, session="e"),
    json_body(method="PUT", session="e"),
    S(headers={"Authorization": "Bearer 1"}, session="f"),
    S(headers={"X-Requested-With": "XMLHttpRequest"}, session="f"),
    S(headers={"Authorization": "Bearer 1", "X-Requested-With": "x"}, session="f"),
])

policy("max_age_short", """
    CORS_ALLOWED_ORIGINS = ["http://app.test"]
    CORS_PREFLIGHT_MAX_AGE = 600
    CORS_ALLOW_CREDENTIALS = True
""", [
    json_body(method="PUT", credentials="include", session="a"),
    json_body(method="PUT", credentials="omit", session="a"),
    json_body(method="PUT", credentials="include", session="a"),
])

policy("max_age_two", """
    CORS_ALLOWED_ORIGINS = ["http://app.test"]
    CORS_PREFLIGHT_MAX_AGE = 2
""", [
    json_body(method="PUT", session="a"),
    json_body(method="PUT", session="a"),
    json_body(method="PUT", session="a", advance=3),
])

policy("preflight_cache_modes", """
    CORS_ALLOWED_ORIGINS = ["http://app.test"]
""", [
    json_body(method="PUT", session="no-cache"),
    json_body(method="PUT", session="no-cache", cache="no-cache"),
    json_body(method="PUT", session="reload"),
    json_body(method="PUT", session="reload", cache="reload"),
    json_body(method="PUT", session="no-store"),
    json_body(method="PUT", session="no-store", cache="no-store"),
    json_body(method="PUT", session="not-written", cache="no-store"),
    json_body(method="PUT", session="not-written"),
    json_body(method="PUT", session="not-written"),
])

policy("regex_origins", r"""
    CORS_ALLOWED_ORIGIN_REGEXES = [r"^http://\w+\.app\.test$", r"http://app\.test"]
""", [
    S(origin=ADMIN),
    S(),
    S(origin="http://app.test.evil.test"),
    S(origin=EVIL),
    S(origin="http://app.test:8080"),
    S(origin="http://xapp.test"),
    S(origin="http://a.b.app.test"),
    json_body(method="PUT", origin="http://app.test.evil.test"),
])

policy("regex_case", r"""
    CORS_ALLOWED_ORIGIN_REGEXES = [r"^http://App\.test$", r"(?i)^http://ADMIN\.app\.test$"]
""", [
    S(),
    S(origin=ADMIN),
])

policy("origin_entries", """
    CORS_ALLOWED_ORIGINS = ["http://app.test/", "http://APP2.test", "http://app3.test:80", "HTTP://app4.test"]
""", [
    S(),
    S(origin="http://app2.test"),
    S(origin="http://app3.test"),
    S(origin="http://app4.test"),
    json_body(method="PUT", origin="http://app4.test"),
])

policy("origin_ports", """
    CORS_ALLOWED_ORIGINS = ["http://app.test:8080", "http://localhost:3000"]
""", [
    S(origin="http://app.test:8080"),
    S(),
    S(origin=DEV_APP, url=DEV_API + "/api/items"),
    S(origin="http://127.0.0.1:3000", url=DEV_API + "/api/items"),
    json_body(method="PUT", origin="http://app.test:8080", url="http://api.test:8000/api/items"),
])

policy("null_origin", """
    CORS_ALLOWED_ORIGINS = ["null", "http://app.test"]
    CORS_ALLOW_CREDENTIALS = True
""", [
    S(origin="null"),
    S(origin="null", credentials="include"),
    json_body(method="PUT", origin="null"),
    S(origin="null", headers={"X-Custom": "1"}),
    S(),
])

policy("view_sets_cors", """
    CORS_ALLOWED_ORIGINS = ["http://app.test"]
""", [
    S(origin=EVIL, endpoint={"Access-Control-Allow-Origin": "*"}),
    S(endpoint={"Access-Control-Allow-Origin": "*"}),
    S(endpoint={"Access-Control-Allow-Origin": "http://evil.test"}),
    S(origin=EVIL, endpoint={"Access-Control-Allow-Origin": "https://app.test"}),
    S(origin=EVIL, endpoint={"Access-Control-Allow-Origin": "http://app.test, http://evil.test"}),
    S(origin=EVIL, endpoint={"Access-Control-Allow-Origin": ""}),
    S(origin=EVIL, endpoint={"Access-Control-Allow-Origin": "null"}),
    S(origin=EVIL, endpoint={"Access-Control-Allow-Origin": "evil.test"}),
    S(origin=EVIL, endpoint={"Access-Control-Allow-Origin": "http://evil.test/"}),
    S(endpoint={"Access-Control-Expose-Headers": "X-Total-Count", "X-Total-Count": "5"}),
    S(credentials="include", endpoint={"Access-Control-Allow-Credentials": "TRUE"}),
    S(credentials="include", endpoint={"Access-Control-Allow-Credentials": "true"}),
    json_body(method="PUT", origin=EVIL, endpoint={"Access-Control-Allow-Origin": "*"}),
])

policy("vary", """
    CORS_ALLOWED_ORIGINS = ["http://app.test"]
    CORS_EXPOSE_HEADERS = ["Vary", "X-Total-Count"]
""", [
    S(endpoint={"Vary": "Accept-Encoding", "X-Total-Count": "1"}),
    S(endpoint={"Vary": "*"}),
    S(endpoint={"Vary": "origin, Cookie"}),
    S(origin=EVIL, endpoint={"Vary": "Cookie"}),
])

policy("localhost_dev", """
    CORS_ALLOWED_ORIGINS = ["http://localhost:3000", "http://127.0.0.1:3000"]
    CORS_ALLOW_CREDENTIALS = True
""", [
    S(origin=DEV_APP, url=DEV_API + "/api/items", credentials="include"),
    S(origin="http://127.0.0.1:3000", url=DEV_API + "/api/items", credentials="include"),
    S(origin="http://localhost:5173", url=DEV_API + "/api/items", credentials="include"),
    json_body(method="PUT", origin=DEV_APP, url="http://127.0.0.1:8000/api/items", credentials="include"),
    S(origin=DEV_APP, url=DEV_API + "/api/me", credentials="include", cookies="sessionid=dev1"),
    S(origin="http://127.0.0.1:3000", url=DEV_API + "/api/me", credentials="include",
      cookies="sessionid=dev1"),
    S(origin=DEV_APP, url=DEV_API + "/api/me", credentials="same-origin", cookies="sessionid=dev1"),
])

policy("xhr", """
    CORS_ALLOWED_ORIGINS = ["http://app.test"]
    CORS_ALLOW_CREDENTIALS = True
    CORS_EXPOSE_HEADERS = ["X-Total-Count"]
""", [
    S(api="xhr"),
    S(api="xhr", origin=EVIL),
    S(api="xhr", credentials="include"),
    S(api="xhr", headers={"User-Agent": "curl/8.0"}),
    S(api="xhr", method="POST", body="x", upload_listeners=True),
    S(api="xhr", method="POST", body="x", upload_listeners=False),
    json_body(api="xhr", method="PUT", credentials="include"),
    S(api="xhr", headers={"X-Custom": "1"}),
    S(api="xhr", method="patch", body="x"),
    S(api="xhr", endpoint={"Access-Control-Allow-Credentials": "TRUE"}, credentials="include"),
])

policy("xhr_allow_all", """
    CORS_ALLOW_ALL_ORIGINS = True
""", [
    S(api="xhr", credentials="include"),
    S(api="xhr"),
    json_body(api="xhr", method="PUT", credentials="include"),
])

policy("status_codes", r"""
    CORS_ALLOWED_ORIGINS = ["http://app.test"]
    CORS_URLS_REGEX = r"^/api/"
""", [
    S(endpoint_status=404),
    S(endpoint_status=500, endpoint={"Content-Type": "text/html"}),
    json_body(method="PUT", endpoint_status=201),
    S(origin=EVIL, endpoint_status=403),
    json_body(method="PUT", url=API + "/admin/x", preflight_status=200,
              preflight_headers={"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "PUT",
                                 "Access-Control-Allow-Headers": "content-type"}),
    json_body(method="PUT", url=API + "/admin/x", preflight_status=405,
              preflight_headers={"Access-Control-Allow-Origin": "*"}),
    json_body(method="PUT", url=API + "/admin/x", preflight_status=404, preflight_headers={}),
    json_body(method="PUT", url=API + "/admin/x", preflight_status=204,
              preflight_headers={"Access-Control-Allow-Origin": "http://app.test",
                                 "Access-Control-Allow-Methods": "PUT", "Access-Control-Allow-Headers": "content-type"},
              endpoint={"Access-Control-Allow-Origin": "http://app.test"}),
    json_body(method="PUT", url=API + "/admin/x", preflight_status=200,
              preflight_headers={"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET PUT"}),
    json_body(method="PUT", url=API + "/admin/x", preflight_status=200,
              preflight_headers={"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "PUT",
                                 "Access-Control-Allow-Headers": "x-a; x-b"}),
])

policy("streams", """
    CORS_ALLOW_ALL_ORIGINS = True
""", [
    S(method="POST", body="x", body_kind="stream", headers={"Content-Type": "text/plain"}),
    S(method="POST", body="x", body_kind="stream", duplex=False),
], note="ReadableStream bodies: forced preflight; Chromium streams uploads only over HTTP/2")

policy("fetch_modes", """
    CORS_ALLOW_ALL_ORIGINS = True
""", [
    S(mode="no-cors"),
    S(method="POST", body="x", headers={"X-Custom": "1"}, mode="no-cors"),
    S(method="PUT", mode="no-cors"),
    S(mode="same-origin"),
    S(method="TRACE"),
    S(body="x"),
    S(origin=API, mode="same-origin"),
], note="optional members: mode, and script errors thrown by fetch() itself")

# Matrices: every method x credentials mode x header set.
MATRIX_METHODS = ["GET", "POST", "PUT", "patch", "DELETE"]
MATRIX_CREDENTIALS = ["omit", "same-origin", "include"]
MATRIX_HEADERS = [{}, {"X-Custom": "1"}, {"Authorization": "Bearer abc"}]


def matrix(origin):
    out = []
    for method in MATRIX_METHODS:
        for credentials in MATRIX_CREDENTIALS:
            for headers in MATRIX_HEADERS:
                body = "x" if method != "GET" else None
                out.append(S(origin=origin, method=method, headers=headers, credentials=credentials, body=body))
    return out


policy("matrix_allowlist", """
    CORS_ALLOWED_ORIGINS = ["http://app.test"]
    CORS_ALLOW_CREDENTIALS = True
    CORS_ALLOW_HEADERS = ["content-type", "X-Custom"]
    CORS_ALLOW_METHODS = ["GET", "POST", "PUT", "PATCH", "delete"]
    CORS_EXPOSE_HEADERS = ["X-Total-Count"]
""", matrix(APP))

policy("matrix_wildcards", """
    CORS_ALLOW_ALL_ORIGINS = True
    CORS_ALLOW_CREDENTIALS = True
    CORS_ALLOW_HEADERS = ["*"]
    CORS_ALLOW_METHODS = ["*"]
    CORS_EXPOSE_HEADERS = ["*"]
""", matrix(EVIL))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name in os.listdir(args.out):
        if name.endswith((".py", ".jsonl")):
            os.remove(os.path.join(args.out, name))
    total = 0
    for name, (note, settings, scenarios) in POLICIES.items():
        header = f"# Browser agreement corpus: {name} (django-cors-headers 3.14 semantics).\n"
        if note:
            header += f"# {note}\n"
        with open(os.path.join(args.out, name + ".py"), "w", encoding="utf-8") as f:
            f.write(header + settings)
        with open(os.path.join(args.out, name + ".jsonl"), "w", encoding="utf-8") as f:
            for i, scenario in enumerate(scenarios, 1):
                f.write(json.dumps({"id": i, **scenario}) + "\n")
        total += len(scenarios)
    print(f"{len(POLICIES)} policies, {total} scenarios -> {args.out}")


if __name__ == "__main__":
    main()
