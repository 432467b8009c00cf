#!/usr/bin/python3
"""A real Django 3.2 + django-cors-headers 3.14 server for the browser agreement test.

Run it with the system interpreter (the one that has Django):

    django_server.py [--port 0] [--policy SETTINGS.py] [--log requests.jsonl]

It listens on 127.0.0.1 and prints one line `{"ready": true, "port": N}` on stdout once it
accepts connections. Chromium reaches it through `--host-resolver-rules`, so every page origin
and API origin of the corpus (`http://app.test`, `http://localhost:3000`, ...) is this one
socket; the browser still sees them as different origins.

Requests whose path starts with `/__cs/` are the harness's own and never touch Django:

    GET  /__cs/page                      a blank HTML page (the page origin's document)
    POST /__cs/policy   {"path": P}      load settings.py P as the active policy (clears the
                                         binding and the in-memory request log)
    POST /__cs/bind     {"id": N, "endpoint_headers": {...}, "endpoint_status": 200,
                         "preflight_headers": {...}, "preflight_status": 200}
                                         attribute what arrives next to scenario N; the view
                                         answers with that status and those headers (an OPTIONS
                                         request that reaches the view gets the preflight_* ones
                                         when given)
    GET  /__cs/log?id=N                  the requests scenario N put on the wire, in order
    POST /__cs/reset                     forget the request log

Every other request goes through Django's own WSGIHandler with exactly one middleware,
corsheaders.middleware.CorsMiddleware, in front of a view that answers the bound scenario's
endpoint status (200 by default), an empty body and its endpoint headers (Django adds its default `Content-Type: text/html;
charset=utf-8` unless the endpoint sets one; wsgiref adds `Date` and `Server`). Each of those
requests is recorded: wire method, raw path, raw header lines in order, body length, and the
status and headers Django answered. With --log they are also appended to a JSON-lines file.

Settings are swapped between policies the way tests/differential/django_oracle.py does it:
the policy's upper-case names become the only user settings over a fixed base.
"""

import argparse
import io
import json
import os
import socketserver
import sys
import threading
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, os.pardir, "differential"))

import django  # noqa: E402
from django.conf import UserSettingsHolder, settings  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import re_path  # noqa: E402

from django_oracle import load_settings  # noqa: E402  (same policy loading as the oracle)

PAGE_HTML = (
    b"<!doctype html>\n<html><head><meta charset=\"utf-8\">"
    b"<link rel=\"icon\" href=\"data:,\"><title>CORS Studio agreement page</title></head>"
    b"<body></body></html>\n"
)


class State:
    """What the harness told the server; guarded by one lock (requests are handled serially)."""

    def __init__(self):
        self.lock = threading.RLock()
        self.base = None
        self.policy = None
        self.scenario = None
        self.endpoint_headers = {}
        self.endpoint_status = 200
        self.preflight = None  # (status, headers) for an OPTIONS that reaches the view
        self.log = []
        self.log_file = None
        self.seq = 0


STATE = State()


def endpoint_view(request):
    status, headers = STATE.endpoint_status, STATE.endpoint_headers
    if request.method == "OPTIONS" and STATE.preflight is not None:
        status, headers = STATE.preflight
    response = HttpResponse(b"", status=status)
    for name, value in headers.items():
        response[name] = value
    return response


urlpatterns = [re_path(r"", endpoint_view)]


def setup_django():
    settings.configure(
        DEBUG=False,
        SECRET_KEY="browser-agreement-test",
        ALLOWED_HOSTS=["*"],
        INSTALLED_APPS=["corsheaders"],
        MIDDLEWARE=["corsheaders.middleware.CorsMiddleware"],
        ROOT_URLCONF=__name__,
        USE_TZ=True,
    )
    django.setup()
    STATE.base = settings._wrapped


def activate_policy(path):
    """Makes exactly the policy's names the user settings (absent names stay absent)."""
    values = load_settings(path)
    holder = UserSettingsHolder(STATE.base)
    for name, value in values.items():
        setattr(holder, name, value)
    settings._wrapped = holder
    STATE.policy = path
    STATE.scenario = None
    STATE.endpoint_headers = {}
    STATE.endpoint_status = 200
    STATE.preflight = None
    STATE.log = []  # scenario ids restart in every policy file; the --log file keeps everything


class RecordingHandler(WSGIRequestHandler):
    """wsgiref's handler, keeping the request exactly as it came off the wire."""

    def get_environ(self):
        raw_path = self.path
        # Through a proxy (run_agreement_firefox.mjs points Firefox at this server as its HTTP
        # proxy, to reach every host and port of the corpus), the request target is absolute:
        # read it as the path it names; the Host header already names the host.
        if raw_path.startswith("http://"):
            self.path = self.path_origin_form(raw_path)
        env = super().get_environ()
        env["cors_studio.raw_method"] = self.command
        env["cors_studio.raw_path"] = self.path
        env["cors_studio.raw_headers"] = [[k, v] for k, v in self.headers.items()]
        env["cors_studio.http_version"] = self.request_version
        return env

    @staticmethod
    def path_origin_form(target):
        rest = target[len("http://"):]
        slash = rest.find("/")
        return rest[slash:] if slash >= 0 else "/"

    def log_message(self, format, *args):  # noqa: A002 - keep stderr quiet
        pass


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


def read_body(environ):
    """Drains the request body, so closing the connection never resets it under the browser."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    environ["wsgi.input"] = io.BytesIO(body)
    return body


def json_response(start_response, obj, status="200 OK"):
    data = json.dumps(obj).encode("utf-8")
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def control(environ, start_response, body):
    path = environ["PATH_INFO"]
    if path == "/__cs/page":
        start_response(
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(PAGE_HTML))),
             ("Cache-Control", "no-store")],
        )
        return [PAGE_HTML]
    try:
        payload = json.loads(body.decode("utf-8")) if body else {}
    except ValueError as exc:
        return json_response(start_response, {"ok": False, "error": str(exc)}, "400 Bad Request")
    with STATE.lock:
        if path == "/__cs/policy":
            try:
                activate_policy(payload["path"])
            except Exception as exc:  # report, keep serving
                return json_response(start_response, {"ok": False, "error": f"{type(exc).__name__}: {exc}"})
            return json_response(start_response, {"ok": True})
        if path == "/__cs/bind":
            STATE.scenario = payload.get("id")
            STATE.endpoint_headers = dict(payload.get("endpoint_headers") or {})
            STATE.endpoint_status = int(payload.get("endpoint_status") or 200)
            if payload.get("preflight_headers") is not None or payload.get("preflight_status") is not None:
                STATE.preflight = (int(payload.get("preflight_status") or 200),
                                   dict(payload.get("preflight_headers") or {}))
            else:
                STATE.preflight = None
            return json_response(start_response, {"ok": True})
        if path == "/__cs/log":
            query = parse_qs(environ.get("QUERY_STRING", ""))
            wanted = query.get("id", [None])[0]
            entries = [e for e in STATE.log if wanted is None or str(e["scenario"]) == wanted]
            return json_response(start_response, entries)
        if path == "/__cs/reset":
            STATE.log = []
            return json_response(start_response, {"ok": True})
    return json_response(start_response, {"ok": False, "error": "unknown control path"}, "404 Not Found")


def make_app():
    from django.core.handlers.wsgi import WSGIHandler

    django_app = WSGIHandler()

    def app(environ, start_response):
        body = read_body(environ)
        if environ["PATH_INFO"].startswith("/__cs/"):
            return control(environ, start_response, body)
        with STATE.lock:
            STATE.seq += 1
            entry = {
                "seq": STATE.seq,
                "scenario": STATE.scenario,
                "policy": STATE.policy,
                "method": environ["cors_studio.raw_method"],
                "path": environ["cors_studio.raw_path"],
                "http_version": environ["cors_studio.http_version"],
                "headers": environ["cors_studio.raw_headers"],
                "body_length": len(body),
            }
            answered = {}

            def recording_start_response(status, headers, exc_info=None):
                answered["status"] = int(status.split(" ", 1)[0])
                answered["headers"] = [[k, v] for k, v in headers]
                return start_response(status, headers, exc_info)

            # Django's handler runs under the lock: the active settings belong to one policy.
            result = django_app(environ, recording_start_response)
            chunks = b"".join(result)
            if hasattr(result, "close"):
                result.close()
            entry["status"] = answered.get("status")
            entry["response_headers"] = answered.get("headers")
            STATE.log.append(entry)
            if STATE.log_file:
                STATE.log_file.write(json.dumps(entry) + "\n")
                STATE.log_file.flush()
        return [chunks]

    return app


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (printed on stdout)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--policy", help="settings.py to activate at start")
    parser.add_argument("--log", help="append every recorded request to this JSON-lines file")
    args = parser.parse_args(argv[1:])

    setup_django()
    if args.policy:
        activate_policy(args.policy)
    if args.log:
        STATE.log_file = open(args.log, "a", encoding="utf-8")

    server = ThreadingWSGIServer((args.host, args.port), RecordingHandler)
    server.set_app(make_app())
    print(json.dumps({"ready": True, "port": server.server_address[1]}), flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
