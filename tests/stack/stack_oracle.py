#!/usr/bin/python3
"""The real Django request stack, driven like `cors-studio respond --stack`.

Runs Debian's Django 3.2 + django-cors-headers 3.14 + Django REST framework 3.14 with the
system interpreter, in-process, through `django.core.handlers.wsgi.WSGIHandler`: the full
handler with the whole middleware chain, URL resolution, views, error handlers and an
in-memory sqlite database (sessions, users, DRF tokens).

    stack_oracle.py SETTINGS.py ROUTES.json < requests.jsonl   # one JSON answer per line
    stack_oracle.py --batch MANIFEST.jsonl                     # many cases, one process

A settings file is executed (with an empty environment) and its upper-case names become
Django settings over a small base (apps, database, urlconf, fast hasher, quiet logging);
everything else keeps Django's defaults (DEBUG False, ALLOWED_HOSTS [], MIDDLEWARE [], ...).
A fresh WSGIHandler is built per settings file, so the middleware is rebuilt each time.

The routes file: {"routes": [{"path": "api/items/", "view": "ok"}, ...],
                  "identities": {"sessions": [...], "tokens": [...], "basic": ["user:pw"]}}
View kinds: ok, csrf_exempt, login_required, error, drf (+ "authentication", "permission").

Answer: {"id": ..., "status": int, "headers": [[name, value], ...]} - the header list exactly
as handed to WSGI start_response (wire spelling and order, Set-Cookie included). In batch
mode each line also carries "case". A crash is reported as {"id": ..., "crash": "Type: msg"}.
"""

import io
import json
import logging
import os
import runpy
import sys
import types
import warnings
from datetime import timedelta
from urllib.parse import unquote_to_bytes

import django
from django.conf import UserSettingsHolder, settings

URLCONF_MODULE = "stack_oracle_urlconf"
_BASE = None
_URLCONF = types.ModuleType(URLCONF_MODULE)
_URLCONF.urlpatterns = []
sys.modules[URLCONF_MODULE] = _URLCONF

BASE_SETTINGS = dict(
    SECRET_KEY="stack-differential-test-secret-key",
    INSTALLED_APPS=[
        "django.contrib.contenttypes",
        "django.contrib.auth",
        "django.contrib.sessions",
        "django.contrib.messages",
        "corsheaders",
        "rest_framework",
        "rest_framework.authtoken",
    ],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    ROOT_URLCONF=URLCONF_MODULE,
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    USE_TZ=True,
    DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    LOGGING_CONFIG=None,
)


def setup():
    """Configures Django once and migrates the in-memory database."""
    global _BASE
    if _BASE is not None:
        return
    warnings.simplefilter("ignore")
    settings.configure(**BASE_SETTINGS)
    django.setup()
    logging.disable(logging.CRITICAL)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    _BASE = settings._wrapped


def load_settings(path):
    """Executes a settings module with an empty environment; returns its upper-case names."""
    saved = dict(os.environ)
    os.environ.clear()
    try:
        namespace = runpy.run_path(path)
    finally:
        os.environ.update(saved)
    return {k: v for k, v in namespace.items() if k.isupper()}


def exception_text(exc):
    kind = type(exc)
    name = "re.error" if kind.__module__ == "re" and kind.__name__ == "error" else kind.__name__
    return f"{name}: {exc}"


# ---------------------------------------------------------------------------------------
# Views


def _ok(request, *args, **kwargs):
    from django.http import HttpResponse

    return HttpResponse("ok")


def _boom(request, *args, **kwargs):
    raise RuntimeError("boom")


AUTH_CLASSES = {
    "session": "rest_framework.authentication.SessionAuthentication",
    "token": "rest_framework.authentication.TokenAuthentication",
    "basic": "rest_framework.authentication.BasicAuthentication",
}
PERMISSION_CLASSES = {
    "allow_any": "rest_framework.permissions.AllowAny",
    "is_authenticated": "rest_framework.permissions.IsAuthenticated",
}


def _drf_view(route):
    """An APIView subclass built now, after api_settings.reload().

    APIView's own class attributes were read from api_settings when rest_framework.views was
    first imported, so every api_settings-derived attribute is set again explicitly here.
    """
    from django.utils.module_loading import import_string
    from rest_framework.response import Response
    from rest_framework.settings import api_settings
    from rest_framework.views import APIView

    def answer(self, request, *args, **kwargs):
        return Response({"ok": True})

    attrs = {
        "renderer_classes": api_settings.DEFAULT_RENDERER_CLASSES,
        "parser_classes": api_settings.DEFAULT_PARSER_CLASSES,
        "authentication_classes": api_settings.DEFAULT_AUTHENTICATION_CLASSES,
        "throttle_classes": api_settings.DEFAULT_THROTTLE_CLASSES,
        "permission_classes": api_settings.DEFAULT_PERMISSION_CLASSES,
        "content_negotiation_class": api_settings.DEFAULT_CONTENT_NEGOTIATION_CLASS,
        "metadata_class": api_settings.DEFAULT_METADATA_CLASS,
        "versioning_class": api_settings.DEFAULT_VERSIONING_CLASS,
        "settings": api_settings,
    }
    for method in ("get", "post", "put", "patch", "delete"):
        attrs[method] = answer
    if "authentication" in route:
        attrs["authentication_classes"] = [
            import_string(AUTH_CLASSES[name]) for name in route["authentication"]
        ]
    if route.get("permission"):
        attrs["permission_classes"] = [import_string(PERMISSION_CLASSES[route["permission"]])]
    cls = type("StackDrfView", (APIView,), attrs)
    return cls.as_view()


def make_view(route):
    from django.contrib.auth.decorators import login_required
    from django.views.decorators.csrf import csrf_exempt

    kind = route.get("view", "ok")
    if kind == "ok":
        return _ok
    if kind == "csrf_exempt":
        return csrf_exempt(_ok)
    if kind == "login_required":
        return login_required(_ok)
    if kind == "error":
        return _boom
    if kind == "drf":
        return _drf_view(route)
    raise ValueError(f"unknown view kind {kind!r}")


def install_routes(routes):
    from django.urls import clear_url_caches, path, set_urlconf

    _URLCONF.urlpatterns = [path(r["path"], make_view(r)) for r in routes.get("routes", [])]
    clear_url_caches()
    set_urlconf(None)


# ---------------------------------------------------------------------------------------
# Identities


def install_identities(identities):
    """Users, logged-in DB sessions and DRF tokens with the exact keys given."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    Token.objects.all().delete()
    Session.objects.all().delete()
    User.objects.all().delete()

    def user(name, password="wonderland"):
        found = User.objects.filter(username=name).first()
        if found is None:
            found = User.objects.create_user(name, password=password)
        return found

    for entry in identities.get("basic", []):
        name, _, password = entry.partition(":")
        user(name, password)
    sessions = identities.get("sessions", [])
    tokens = identities.get("tokens", [])
    if sessions or tokens:
        alice = user("alice")
    for key in sessions:
        data = {
            SESSION_KEY: str(alice.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: alice.get_session_auth_hash(),
        }
        Session.objects.create(
            session_key=key,
            session_data=SessionStore().encode(data),
            expire_date=timezone.now() + timedelta(days=14),
        )
    for i, key in enumerate(tokens):
        owner = alice if i == 0 else user(f"tokenuser{i}")
        Token.objects.create(key=key, user=owner)


# ---------------------------------------------------------------------------------------
# Cases and requests


class Case:
    """One settings file + routes: activates them and owns a fresh WSGIHandler."""

    def __init__(self, settings_path, routes):
        setup()
        self.handler = None
        self.error = None
        try:
            values = load_settings(settings_path)
            holder = UserSettingsHolder(_BASE)
            for name, value in values.items():
                setattr(holder, name, value)
            settings._wrapped = holder
            from rest_framework.settings import api_settings

            api_settings.reload()
            install_routes(routes)
            install_identities(routes.get("identities", {}))
            from django.core.handlers.wsgi import WSGIHandler

            self.handler = WSGIHandler()
        except Exception as exc:  # reported per request
            self.error = exception_text(exc)

    def respond(self, spec):
        answer = {"id": spec["id"]} if "id" in spec else {}
        if self.handler is None:
            answer["crash"] = self.error
            return answer
        try:
            status, headers = call_wsgi(self.handler, make_environ(spec))
        except Exception as exc:
            answer["crash"] = exception_text(exc)
            return answer
        answer["status"] = status
        answer["headers"] = headers
        return answer


def make_environ(spec):
    path = spec.get("path", "/")
    raw_path, _, query = path.partition("?")
    secure = bool(spec.get("secure", False))
    environ = {
        "REQUEST_METHOD": spec.get("method", "GET"),
        # Non-ASCII characters count as their UTF-8 bytes on the wire; WSGI hands Django latin-1.
        "PATH_INFO": unquote_to_bytes(raw_path.encode("utf-8")).decode("latin-1"),
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "443" if secure else "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_LENGTH": "0",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "https" if secure else "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in spec.get("headers", {}).items():
        key = name.upper().replace("-", "_")
        if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            environ[key] = value
        else:
            environ["HTTP_" + key] = value
    return environ


def call_wsgi(handler, environ):
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"] = int(status.split(" ", 1)[0])
        seen["headers"] = [[k, v] for k, v in headers]

    body = handler(environ, start_response)
    try:
        for _ in body:
            pass
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()
    return seen["status"], seen["headers"]


def read_jsonl(stream):
    for line in stream:
        if line.strip():
            yield json.loads(line)


def run_batch(manifest_path, out):
    with open(manifest_path, encoding="utf-8") as f:
        entries = list(read_jsonl(f))
    for entry in entries:
        with open(entry["routes"], encoding="utf-8") as f:
            routes = json.load(f)
        case = Case(entry["settings"], routes)
        with open(entry["requests"], encoding="utf-8") as f:
            for spec in read_jsonl(f):
                answer = case.respond(spec)
                out.write(json.dumps({"case": entry["case"], **answer}) + "\n")
    out.flush()


def main(argv):
    if len(argv) == 3 and argv[1] == "--batch":
        run_batch(argv[2], sys.stdout)
        return 0
    if len(argv) != 3 or argv[1].startswith("-"):
        sys.stderr.write(__doc__)
        return 2
    with open(argv[2], encoding="utf-8") as f:
        routes = json.load(f)
    case = Case(argv[1], routes)
    for spec in read_jsonl(sys.stdin):
        print(json.dumps(case.respond(spec)), flush=False)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
