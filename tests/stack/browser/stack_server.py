#!/usr/bin/python3
"""A real Django 3.2 + django-cors-headers 3.14 + DRF 3.14 stack for the stack agreement test.

Run it with the system interpreter (the one that has Django):

    stack_server.py [--port 0] [--log requests.jsonl] [--no-tls]

It listens on 127.0.0.1 and prints one line `{"ready": true, "port": N, "tls": bool}` on
stdout once it accepts connections. Chromium reaches it through `--host-resolver-rules`, so
every origin of the corpus (`http://app.test`, `http://api.test`, `https://api.test`, ...)
is this one socket. The same socket speaks TLS too (a self-signed certificate made with
`openssl` at start; Chromium runs with --ignore-certificate-errors): a connection whose first
byte is a TLS handshake record is wrapped, and Django then sees `wsgi.url_scheme` https, so a
SECURE_SSL_REDIRECT that Chromium follows lands on the same stack.

The Django side is tests/stack/stack_oracle.py's: the same base settings, routes, view kinds
and identities (sessions, DRF tokens, basic users), the same per-stack settings loading and a
fresh WSGIHandler per stack. All Django work runs on one dedicated thread (the in-memory
sqlite database belongs to the thread that created it); connections are accepted by many.

Requests whose path starts with `/__cs/` are the harness's own and never reach Django:

    GET  /__cs/page                         a blank HTML page (the page origin's document)
    POST /__cs/stack {"settings": P, "routes": R}
                                            make settings.py P + routes.json R the active stack
                                            (forgets the request log)
    POST /__cs/bind  {"id": N}              attribute what arrives next to scenario N
    GET  /__cs/log?id=N                     the requests scenario N put on the wire, in order
    POST /__cs/reset                        forget the request log

Every other request goes through Django's WSGIHandler and is recorded: wire method, scheme,
Host, raw path, raw header lines in order, body length, and the status and headers Django
answered.
"""

import argparse
import io
import json
import os
import queue
import shutil
import socket
import socketserver
import ssl
import subprocess
import sys
import tempfile
import threading
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, os.pardir))

import stack_oracle  # noqa: E402  (the differential test's Django setup, reused as is)

PAGE_HTML = (
    b"<!doctype html>\n<html><head><meta charset=\"utf-8\">"
    b"<link rel=\"icon\" href=\"data:,\"><title>CORS Studio stack agreement page</title></head>"
    b"<body></body></html>\n"
)


class DjangoThread:
    """Runs callables on one thread, the only one that ever touches Django."""

    def __init__(self):
        self.jobs = queue.Queue()
        self.thread = threading.Thread(target=self._loop, name="django", daemon=True)
        self.thread.start()

    def _loop(self):
        while True:
            fn, box, done = self.jobs.get()
            try:
                box["value"] = fn()
            except BaseException as exc:  # handed back to the caller
                box["error"] = exc
            done.set()

    def call(self, fn):
        box, done = {}, threading.Event()
        self.jobs.put((fn, box, done))
        done.wait()
        if "error" in box:
            raise box["error"]
        return box["value"]


class State:
    def __init__(self):
        self.lock = threading.RLock()
        self.case = None
        self.stack = None
        self.scenario = None
        self.log = []
        self.log_file = None
        self.seq = 0


STATE = State()
DJANGO = None


def activate_stack(settings_path, routes_path):
    with open(routes_path, encoding="utf-8") as f:
        routes = json.load(f)
    case = DJANGO.call(lambda: stack_oracle.Case(settings_path, routes))
    if case.handler is None:
        raise RuntimeError(f"Django cannot start: {case.error}")
    STATE.case = case
    STATE.stack = os.path.basename(settings_path)
    STATE.scenario = None
    STATE.log = []


class RecordingHandler(WSGIRequestHandler):
    """wsgiref's handler, keeping the request as it came off the wire."""

    def get_environ(self):
        env = super().get_environ()
        if isinstance(self.connection, ssl.SSLSocket):
            env["HTTPS"] = "on"  # wsgiref's guess_scheme → wsgi.url_scheme https
        env["cors_studio.tls"] = isinstance(self.connection, ssl.SSLSocket)
        env["cors_studio.raw_method"] = self.command
        env["cors_studio.raw_path"] = self.path
        env["cors_studio.raw_headers"] = [[k, v] for k, v in self.headers.items()]
        return env

    def log_message(self, format, *args):  # noqa: A002 - keep stderr quiet
        pass


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    tls_context = None

    def finish_request(self, request, client_address):
        # Runs on the connection's own thread: peek at the first byte, wrap TLS handshakes.
        if self.tls_context is not None:
            try:
                request.settimeout(10)
                first = request.recv(1, socket.MSG_PEEK)
                if first == b"\x16":
                    request = self.tls_context.wrap_socket(request, server_side=True)
                request.settimeout(None)
            except (OSError, ssl.SSLError):
                return
        try:
            super().finish_request(request, client_address)
        except (OSError, ssl.SSLError):
            pass


def read_body(environ):
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
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                  ("Content-Length", str(len(PAGE_HTML))), ("Cache-Control", "no-store")])
        return [PAGE_HTML]
    try:
        payload = json.loads(body.decode("utf-8")) if body else {}
    except ValueError as exc:
        return json_response(start_response, {"ok": False, "error": str(exc)}, "400 Bad Request")
    with STATE.lock:
        if path == "/__cs/stack":
            try:
                activate_stack(payload["settings"], payload["routes"])
            except Exception as exc:  # report, keep serving
                return json_response(start_response, {"ok": False, "error": f"{type(exc).__name__}: {exc}"})
            return json_response(start_response, {"ok": True})
        if path == "/__cs/bind":
            STATE.scenario = payload.get("id")
            return json_response(start_response, {"ok": True})
        if path == "/__cs/log":
            wanted = parse_qs(environ.get("QUERY_STRING", "")).get("id", [None])[0]
            return json_response(start_response,
                                 [e for e in STATE.log if wanted is None or str(e["scenario"]) == wanted])
        if path == "/__cs/reset":
            STATE.log = []
            return json_response(start_response, {"ok": True})
    return json_response(start_response, {"ok": False, "error": "unknown control path"}, "404 Not Found")


def make_app():
    def app(environ, start_response):
        body = read_body(environ)
        if environ["PATH_INFO"].startswith("/__cs/"):
            return control(environ, start_response, body)
        with STATE.lock:
            STATE.seq += 1
            headers = environ["cors_studio.raw_headers"]
            host = next((v for k, v in headers if k.lower() == "host"), "")
            scheme = "https" if environ["cors_studio.tls"] else "http"
            entry = {
                "seq": STATE.seq,
                "scenario": STATE.scenario,
                "stack": STATE.stack,
                "method": environ["cors_studio.raw_method"],
                "url": f"{scheme}://{host}{environ['cors_studio.raw_path']}",
                "path": environ["cors_studio.raw_path"],
                "headers": headers,
                "body_length": len(body),
            }
            case = STATE.case
            if case is None:
                entry["status"] = 503
                STATE.log.append(entry)
                return json_response(start_response, {"ok": False, "error": "no stack loaded"}, "503 No Stack")
            answered = {}

            def recording_start_response(status, response_headers, exc_info=None):
                answered["status"] = int(status.split(" ", 1)[0])
                answered["headers"] = [[k, v] for k, v in response_headers]
                return start_response(status, response_headers, exc_info)

            def run():
                result = case.handler(environ, recording_start_response)
                try:
                    return b"".join(result)
                finally:
                    if hasattr(result, "close"):
                        result.close()

            chunks = DJANGO.call(run)
            entry["status"] = answered.get("status")
            entry["response_headers"] = answered.get("headers")
            STATE.log.append(entry)
            if STATE.log_file:
                STATE.log_file.write(json.dumps(entry) + "\n")
                STATE.log_file.flush()
        return [chunks]

    return app


def make_tls_context(directory):
    key, cert = os.path.join(directory, "key.pem"), os.path.join(directory, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=api.test", "-addext", "subjectAltName=DNS:*.test,DNS:api.test",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.set_alpn_protocols(["http/1.1"])
    context.load_cert_chain(cert, key)
    return context


def main(argv):
    global DJANGO
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (printed on stdout)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--log", help="append every recorded request to this JSON-lines file")
    parser.add_argument("--no-tls", action="store_true", help="plain HTTP only")
    args = parser.parse_args(argv[1:])

    DJANGO = DjangoThread()
    DJANGO.call(stack_oracle.setup)
    if args.log:
        STATE.log_file = open(args.log, "a", encoding="utf-8")

    server = ThreadingWSGIServer((args.host, args.port), RecordingHandler)
    server.set_app(make_app())
    tmp = None
    if not args.no_tls and shutil.which("openssl"):
        tmp = tempfile.mkdtemp(prefix="cs-stack-tls-")
        server.tls_context = make_tls_context(tmp)
    print(json.dumps({"ready": True, "port": server.server_address[1], "tls": server.tls_context is not None}),
          flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
