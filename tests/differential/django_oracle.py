#!/usr/bin/python3
"""The real django-cors-headers, driven like `cors-studio respond` and `cors-studio check`.

Runs Debian's python3-django-cors-headers (3.14) on Django 3.2 with the system interpreter.
A policy is a settings.py file; it is executed (we generated it, or the user trusts it) and its
upper-case names become Django settings, exactly as Django would see them.

    django_oracle.py respond SETTINGS.py < requests.jsonl   # one JSON answer per line
    django_oracle.py check SETTINGS.py                      # the corsheaders errors as JSON

Requests and answers use the same JSON shapes as `cors-studio respond`: the answer lists only
the headers the middleware set or changed, in the order Django stored them.
"""

import json
import os
import runpy
import sys
from urllib.parse import unquote_to_bytes

import django
from django.conf import UserSettingsHolder, settings

_BASE = None


def setup():
    """Configures a minimal Django once: corsheaders installed, no other middleware."""
    global _BASE
    if _BASE is not None:
        return
    settings.configure(
        DEBUG=False,
        SECRET_KEY="differential-test",
        ALLOWED_HOSTS=["*"],
        INSTALLED_APPS=["corsheaders"],
        MIDDLEWARE=[],
        ROOT_URLCONF=__name__,
        USE_TZ=True,
    )
    django.setup()
    _BASE = settings._wrapped


urlpatterns = []


def load_settings(path):
    """Executes a settings module with an empty environment; returns its upper-case names."""
    saved = dict(os.environ)
    os.environ.clear()
    try:
        namespace = runpy.run_path(path)
    finally:
        os.environ.update(saved)
    return {k: v for k, v in namespace.items() if k.isupper()}


def activate(values):
    """Makes exactly @values the defined settings (absent names stay absent for hasattr)."""
    setup()
    holder = UserSettingsHolder(_BASE)
    for name, value in values.items():
        setattr(holder, name, value)
    settings._wrapped = holder


def exception_text(exc):
    kind = type(exc)
    name = "re.error" if kind.__module__ == "re" and kind.__name__ == "error" else kind.__name__
    return f"{name}: {exc}"


def make_request(spec):
    from django.test import RequestFactory

    path = spec.get("path", "/")
    raw_path, _, query = path.partition("?")
    # Non-ASCII characters count as their UTF-8 bytes on the wire; WSGI hands Django latin-1.
    path_info = unquote_to_bytes(raw_path.encode("utf-8")).decode("latin-1")
    extra = {"PATH_INFO": path_info, "QUERY_STRING": query}
    for name, value in spec.get("headers", {}).items():
        extra["HTTP_" + name.upper().replace("-", "_")] = value
    return RequestFactory().generic(
        spec.get("method", "GET"), "/", secure=bool(spec.get("secure", False)), **extra
    )


def respond(spec):
    """One request through CorsMiddleware in front of a view answering 200 with no headers."""
    from django.http import HttpResponse

    from corsheaders.middleware import CorsMiddleware

    called = []

    def view(request):
        called.append(True)
        response = HttpResponse(status=200)
        return response

    request = make_request(spec)
    try:
        response = CorsMiddleware(view)(request)
    except Exception as exc:  # Django would turn this into a bare 500 outside the middleware.
        return {"status": 500, "error": exception_text(exc)}
    headers = [(k, v) for k, v in response.items() if k.lower() != "content-type"]
    return {"status": response.status_code, "short_circuit": not called, "headers": headers}


def check():
    """The corsheaders errors Django's check framework reports, or the crash of the check."""
    from django.core import checks

    try:
        messages = checks.run_checks()
    except Exception as exc:
        return {"errors": [], "crash": exception_text(exc)}
    errors = [
        {"id": m.id, "message": m.msg, "hint": m.hint}
        for m in messages
        if m.id and m.id.startswith("corsheaders.")
    ]
    return {"errors": errors, "crash": None}


def main(argv):
    if len(argv) != 3 or argv[1] not in ("respond", "check"):
        sys.stderr.write(__doc__)
        return 2
    activate(load_settings(argv[2]))
    if argv[1] == "check":
        print(json.dumps(check()))
        return 0
    for line in sys.stdin:
        if not line.strip():
            continue
        spec = json.loads(line)
        answer = respond(spec)
        if "headers" in answer:
            answer["headers"] = dict(answer["headers"])
        if "id" in spec:
            answer = {"id": spec["id"], **answer}
        print(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
