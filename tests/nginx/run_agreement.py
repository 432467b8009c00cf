#!/usr/bin/python3
"""Agreement of the nginx export with django-cors-headers (as `cors-studio respond` answers for
it) on a real nginx bound to loopback.

    run_agreement.py --cli build/debug/app/cors-studio --work /tmp/ngx [--policies N]

For every generated settings.py (tests/differential/generate_cases.py plus the policies of
extra_policies() below) and profile: export it with `export POLICY --to nginx --profile P -o FILE
--listen 127.0.0.1:PORT --upstream http://127.0.0.1:UPORT`, start nginx with it in front of a
trivial upstream (200, no CORS headers), send the request corpus over real sockets, and compare
status and CORS headers (Access-Control-*, Vary) with `respond --profile P`.

Differences are accepted only as listed in DIFFERENCES (and docs/nginx-export.md); each is
checked to be exactly that difference and nothing more. Exits 1 with the first differences,
0 when everything agrees; prints "nginx/agreement SKIPPED: ..." and exits 0 without nginx.
"""

import argparse
import ctypes
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote_to_bytes

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "differential"))
import generate_cases  # noqa: E402

SKIPPED = "nginx/agreement SKIPPED:"

# What nginx cannot do as Django does; compare() accepts exactly these and counts them.
DIFFERENCES = {
    "preflight-204": "preflight answered 204 without body and Content-Length (Django: 200, "
                     "Content-Length: 0)",
    "empty-acrm": "OPTIONS with an empty Access-Control-Request-Method reaches the app "
                  "(Django: answered as a preflight); CORS headers identical",
    "vary-lines": "nginx's Vary is a separate line after the upstream's (Django merges); same "
                  "list once the lines are joined",
    "default-urls-lf": "default CORS_URLS_REGEX, path with a line feed before its end: nginx "
                       "treats it as enabled (Django does not); answer = Django's for the path "
                       "without the line feed",
    "dot-segments": "nginx resolves . and .. in the path before choosing the location: answer = "
                    "Django's for the resolved path",
    "method-case": "nginx refuses a method that is not upper case with 400 before any config",
    "empty-value": "a header Django sends with an empty value (empty list) is left out: nginx "
                   "sends no header for an empty value",
}

PATH_POOL_EXTRA = ["/api/./x", "/api/../api/x", "/x/../api/y", "/api//x", "//api/x",
                   "/api/a%0Ab/", "/API/x", "/api/caf%C3%A9"]


# ---- upstream ---------------------------------------------------------------------------------

class Upstream(BaseHTTPRequestHandler):
    """Answers every method with an empty body; X-Upstream-* request headers choose the status,
    a Vary header and CORS headers of its own (which the front must hide where it does CORS)."""

    protocol_version = "HTTP/1.1"

    def answer(self):
        status = int(self.headers.get("X-Upstream-Status", "200"))
        self.send_response(status)
        self.send_header("X-Upstream", "1")
        vary = self.headers.get("X-Upstream-Vary")
        if vary:
            self.send_header("Vary", vary)
        if self.headers.get("X-Upstream-Cors"):
            self.send_header("Access-Control-Allow-Origin", "https://upstream.invalid")
            self.send_header("Access-Control-Allow-Credentials", "true")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = do_OPTIONS = do_PATCH = answer

    def log_message(self, *args):
        pass


class UpstreamServer(ThreadingHTTPServer):
    # nginx opens a connection per request; the default backlog of 5 drops connections (and
    # makes nginx wait for a SYN retransmission) when the machine is busy.
    request_queue_size = 128


UPSTREAM_CORS = [("Access-Control-Allow-Origin", "https://upstream.invalid"),
                 ("Access-Control-Allow-Credentials", "true")]


# ---- nginx ------------------------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Deadlines, never expected durations: on a loaded machine everything is slow, nothing may fail
# for it.
READY_SECONDS = 60
EXCHANGE_SECONDS = 60
EXCHANGE_ATTEMPTS = 5
START_ATTEMPTS = 5


class NginxFailed(Exception):
    pass


class ExchangeFailed(Exception):
    pass


class Nginx:
    """One nginx (single process, foreground) serving one exported file; always stopped."""

    def __init__(self, binary, directory, export_file, port):
        self.binary, self.dir, self.port = binary, directory, port
        os.makedirs(os.path.join(directory, "tmp"), exist_ok=True)
        self.conf = os.path.join(directory, "nginx.conf")
        self.log = os.path.join(directory, "error.log")
        temp = "".join(f"    {k}_temp_path {directory}/tmp/{k};\n"
                       for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        with open(self.conf, "w", encoding="utf-8") as f:
            f.write(f"daemon off;\nmaster_process off;\nworker_processes 1;\n"
                    f"pid {directory}/nginx.pid;\nerror_log {self.log} warn;\n"
                    f"events {{ worker_connections 64; }}\n"
                    f"http {{\n    access_log off;\n{temp}    include {export_file};\n}}\n")
        self.proc = None

    def test(self):
        return subprocess.run([self.binary, "-t", "-q", "-p", self.dir, "-c", self.conf,
                               "-e", self.log], capture_output=True, text=True, timeout=60)

    def start(self):
        """Starts nginx and returns once it accepts connections on its own socket: a port that
        another process took first (nginx then fails to bind and exits) is never mistaken for
        ours. Raises NginxFailed with nginx's error log."""
        self.proc = subprocess.Popen([self.binary, "-p", self.dir, "-c", self.conf, "-e", self.log],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     preexec_fn=die_with_parent)
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise NginxFailed(f"nginx exited ({self.proc.returncode}): {self.error_log()}")
            if self.owns_port():
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=5).close()
                    return
                except OSError:
                    pass
            time.sleep(0.05)
        raise NginxFailed(f"nginx did not listen on 127.0.0.1:{self.port} within "
                          f"{READY_SECONDS} s: {self.error_log()}")

    def owns_port(self):
        """Whether this nginx process holds the socket listening on self.port (Linux /proc)."""
        inodes = set()
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            try:
                with open(table, encoding="ascii") as f:
                    rows = f.read().splitlines()[1:]
            except OSError:
                continue
            for row in rows:
                fields = row.split()
                local, state, inode = fields[1], fields[3], fields[9]
                if state == "0A" and int(local.rsplit(":", 1)[1], 16) == self.port:
                    inodes.add(inode)
        fd_dir = f"/proc/{self.proc.pid}/fd"
        try:
            fds = os.listdir(fd_dir)
        except OSError:
            return False
        for fd in fds:
            try:
                target = os.readlink(os.path.join(fd_dir, fd))
            except OSError:
                continue
            if target.startswith("socket:[") and target[len("socket:["):-1] in inodes:
                return True
        return False

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def error_log(self):
        try:
            with open(self.log, encoding="utf-8", errors="replace") as f:
                return f.read()[-2000:]
        except OSError:
            return ""


def die_with_parent():
    """In the child: SIGTERM when the harness dies, even by SIGKILL (a ctest timeout)."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


RUNNING = set()
RUNNING_LOCK = threading.Lock()


def stop_all(*_):
    with RUNNING_LOCK:
        for n in list(RUNNING):
            n.stop()


# ---- requests ---------------------------------------------------------------------------------

def wire_request(spec):
    """The request as nginx will see it, or None if it cannot travel: header values are latin-1
    bytes without CR, LF or NUL, and nginx strips spaces around them."""
    headers = {}
    for name, value in spec.get("headers", {}).items():
        value = value.strip(" ")
        if any(ord(c) > 0xFF or c in "\r\n\0" for c in value):
            return None
        headers[name] = value
    out = {"id": spec["id"], "method": spec["method"], "path": spec["path"], "headers": headers}
    return out


def raw_request(spec, port):
    lines = [f"{spec['method']} {spec['path']} HTTP/1.1"]
    names = {n.lower() for n in spec["headers"]}
    if "host" not in names:
        lines.append(f"Host: 127.0.0.1:{port}")
    for name, value in spec["headers"].items():
        lines.append(f"{name}: {value}")
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def parse_response(data, to_head=False):
    """(status, [(name, value)]) of one whole HTTP/1.1 response (to a HEAD request when to_head:
    no body whatever Content-Length says); ValueError, naming what is wrong, when it is empty,
    cut short or malformed."""
    if not data:
        raise ValueError("empty reply (the connection closed without a byte)")
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        raise ValueError("no end of the header block")
    lines = head.decode("latin-1").split("\r\n")
    match = re.match(r"HTTP/1\.[01] (\d{3})(?: |$)", lines[0])
    if not match:
        raise ValueError(f"bad status line {lines[0]!r}")
    headers = []
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if not colon or not name:
            raise ValueError(f"bad header line {line!r}")
        headers.append((name, value[1:] if value.startswith(" ") else value))
    lengths = [v.strip() for n, v in headers if n.lower() == "content-length"]
    status = int(match.group(1))
    bodiless = to_head or status in (204, 304) or 100 <= status < 200
    if lengths and not lengths[0].isdigit():
        raise ValueError(f"bad Content-Length {lengths[0]!r}")
    if lengths and not bodiless and len(body) != int(lengths[0]):
        raise ValueError(f"body of {len(body)} bytes, Content-Length {lengths[0]}")
    return status, headers


def exchange(spec, port, deadline):
    """Sends the request (Connection: close) and reads until the server closes."""
    with socket.create_connection(("127.0.0.1", port),
                                  timeout=max(1.0, deadline - time.monotonic())) as s:
        s.sendall(raw_request(spec, port))
        data = b""
        while True:
            s.settimeout(max(1.0, deadline - time.monotonic()))
            chunk = s.recv(65536)
            if not chunk:
                return data
            data += chunk


def send(spec, port):
    """One request through nginx, its whole response parsed. A refused or reset connection, or a
    reply that is empty or malformed, is tried again up to a deadline (every request is
    idempotent here); ExchangeFailed then tells what each attempt got."""
    deadline = time.monotonic() + EXCHANGE_SECONDS
    attempts = []
    while True:
        data = None
        try:
            data = exchange(spec, port, deadline)
            return parse_response(data, to_head=spec["method"] == "HEAD")
        except (OSError, ValueError) as e:
            got = f"{type(e).__name__}: {e}"
            if data:
                got += f"; received {len(data)} bytes: {data[:400]!r}"
            attempts.append(got)
        if len(attempts) >= EXCHANGE_ATTEMPTS or time.monotonic() >= deadline:
            distinct = sorted(set(attempts), key=attempts.index)
            raise ExchangeFailed(f"{spec['method']} {spec['path']} to 127.0.0.1:{port}, "
                                 f"{len(attempts)} attempt(s): "
                                 + " | ".join(f"{attempts.count(a)}x {a}" for a in distinct))
        time.sleep(0.1 * len(attempts))


def nginx_path(path):
    """$uri's view of the path's dot segments (the corpus writes them literally)."""
    raw, sep, query = path.partition("?")
    out = []
    for seg in raw.split("/")[1:]:
        if seg == ".":
            continue
        if seg == "..":
            if out:
                out.pop()
            continue
        out.append(seg)
    resolved = "/" + "/".join(out)
    if raw.endswith(("/.", "/..")):
        resolved = resolved.rstrip("/") + "/"
    return resolved + sep + query


def line_feed_inside(path):
    decoded = unquote_to_bytes(path.partition("?")[0])
    return b"\n" in decoded[:-1]


def extra_requests(rng, policy_origins, count):
    """Requests aimed at what the exporter translates: entry variants (case, path, TABs, leading
    controls), unparseable origins, the upstream's Vary/status/CORS headers, odd paths."""
    origins = ["https://app.example.com", "HTTPS://app.example.com/", "https://app.example.com?x",
               "https://app.example.com#f", "\x01https://app.example.com", "\thttps://app.example.com",
               "https://app.example.com\t", "h\tttps://app.example.com", "https:/\t/app.example.com",
               "https://ap\tp.example.com", "\tnull", "null\t", "nul\tl", "\x0bfoo", "x:y", "1x:y",
               "//app.example.com", "/\t/app.example.com", "https://[::1", "https://[::1]",
               "https://[::1]x", "https://[v1.x]", "https://[V1.x]", "https://a[b]", "https://[1.2.3.4]",
               "https://[::ffff:1.2.3.4]", "https://[::1%eth0]", "https://[]@x", "https://u@[::1]:8",
               "http://[fe80::1%25en0]", "https://\t[::1", "https://é.example", "file:///x", "FILE:",
               "https://x.example.com", "https://\xe9x.example.com", "https://a.b.example.com"]
    for o in policy_origins:
        if o and all(ord(c) <= 0xFF for c in o):
            origins += [o, o.upper(), o + "/", o + "/p?q#f", o.replace("://", ":/\t/", 1),
                        "\x02" + o, o[:3] + "\t" + o[3:]]
    out = []
    for i in range(count):
        headers = {}
        if rng.random() < 0.93:
            headers["Origin"] = rng.choice(origins)
        method = rng.choice(["GET", "POST", "OPTIONS", "OPTIONS", "HEAD", "DELETE"])
        if method == "OPTIONS" and rng.random() < 0.7:
            headers["Access-Control-Request-Method"] = rng.choice(["PUT", "GET", ""])
        roll = rng.random()
        if roll < 0.15:
            headers["X-Upstream-Vary"] = rng.choice(["Cookie", "Accept-Encoding, Cookie", "Origin",
                                                     "*", "origin"])
        elif roll < 0.25:
            headers["X-Upstream-Status"] = rng.choice(["404", "500", "302"])
        elif roll < 0.32:
            headers["X-Upstream-Cors"] = "1"
        if rng.random() < 0.05:
            headers["Access-Control-Request-Private-Network"] = rng.choice(["true", "TRUE"])
        path = rng.choice(PATH_POOL_EXTRA + ["/api/x", "/", "/other/"])
        out.append({"id": f"x{i}", "method": method, "path": path, "headers": headers})
    return out


# ---- policies ---------------------------------------------------------------------------------

EXTRA_POLICIES = [
    # allow-all with and without credentials, and an unparseable Origin
    'CORS_ALLOW_ALL_ORIGINS = True\n',
    'CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True\nCORS_PREFLIGHT_MAX_AGE = 0\n',
    # entries of every shape, TAB-tolerant matching, credentials on refused origins (3.14)
    'CORS_ALLOWED_ORIGINS = ["https://app.example.com", "http://localhost:8080", "null", '
    '"file://", "//app.example.com", "https://", "https://u@[::1]:8", "https://\\xe9x.example.com"]\n'
    'CORS_ALLOW_CREDENTIALS = True\nCORS_EXPOSE_HEADERS = ["X-A", "x-$b", "\\\\c\\"d"]\n',
    # regexes with Unicode classes, case-insensitivity, captures and backreferences
    'import re\nCORS_ALLOWED_ORIGIN_REGEXES = [r"^https://\\w+\\.example\\.com$", '
    're.compile(r"^https://(a|b)\\.(?P<x>example)\\.com", re.I), r"^https://(x)\\1", '
    'r"^https://[\\xe0-\\xff]", r"^https?://\\d+\\b"]\n',
    # errors: a bad regex after a good one, a bad list entry, failing header lists
    'CORS_ALLOWED_ORIGIN_REGEXES = [r"^https://app\\.", "("]\n',
    'CORS_ALLOWED_ORIGINS = ["https://app.example.com", "http://[::1"]\n',
    'CORS_ALLOWED_ORIGINS = ["https://app.example.com"]\nCORS_EXPOSE_HEADERS = 5\n',
    'CORS_ALLOWED_ORIGINS = ["https://app.example.com"]\nCORS_ALLOW_HEADERS = [1]\n'
    'CORS_PREFLIGHT_MAX_AGE = "1\\n2"\n',
    'CORS_ALLOWED_ORIGINS = 5\n',
    'CORS_ALLOW_ALL_ORIGINS = True\nCORS_URLS_REGEX = "("\n',
    # URL scopes
    'CORS_ALLOW_ALL_ORIGINS = True\nCORS_URLS_REGEX = r"^/api/.*$"\n',
    'CORS_ALLOW_ALL_ORIGINS = True\nCORS_URLS_REGEX = r"^/(api|v2)/caf\\xe9"\n',
    # bare strings iterated per character
    'CORS_ALLOWED_ORIGINS = "https://a.example"\nCORS_ALLOW_METHODS = "GET"\n',
    'CORS_ALLOWED_ORIGIN_REGEXES = r"^https://foo\\.com$"\nCORS_ALLOW_PRIVATE_NETWORK = True\n',
]


def write_extra_policies(work):
    names = []
    for i, text in enumerate(EXTRA_POLICIES):
        name = f"extra_{i:02d}"
        with open(os.path.join(work, name + ".py"), "w", encoding="utf-8") as f:
            f.write('"""Hand-written for tests/nginx/run_agreement.py."""\n' + text)
        names.append(name)
    return names


def policy_origins(path):
    """The string literals of a settings file that look like origins (for request variants)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return sorted(set(m for m in re.findall(r"""["']([a-zA-Z]+://[^"'\s]*)["']""", text)))


# ---- comparison -------------------------------------------------------------------------------

def vary_tokens(values):
    tokens = []
    for v in values:
        tokens += [t.strip() for t in v.split(",") if t.strip()]
    return tokens


def django_vary(view, token):
    """patch_vary_headers(view's Vary, (token,)) as Django does it."""
    tokens = vary_tokens([view]) if view else []
    if token and token.lower() not in (t.lower() for t in tokens):
        tokens.append(token)
    if "*" in tokens:
        return "*"
    return ", ".join(tokens) if tokens else None


def merged_vary(lines):
    """Several Vary lines read as one list: joined, duplicates (any case) dropped, * absorbing."""
    tokens = vary_tokens(lines)
    if "*" in tokens:
        return "*"
    seen, out = set(), []
    for t in tokens:
        if t.lower() not in seen:
            seen.add(t.lower())
            out.append(t)
    return ", ".join(out) if out else None


def cors_only(headers):
    return [(n, v) for n, v in headers if n.lower().startswith("access-control-")]


def compare(req, expected, status, headers, default_urls, alt):
    """(None, differences found) if nginx's answer is Django's up to the listed differences,
    else (the problem, None)."""
    upstream_status = int(req["headers"].get("X-Upstream-Status", "200"))
    upstream_vary = req["headers"].get("X-Upstream-Vary")
    reached_upstream = any(n == "X-Upstream" for n, _ in headers)
    got_cors = cors_only(headers)
    got_vary = [v for n, v in headers if n.lower() == "vary"]
    found = []

    if not re.fullmatch(r"[A-Z_-]+", req["method"]):
        if status == 400 and not got_cors and not got_vary and not reached_upstream:
            return None, ["method-case"]
        return f"lower-case method: expected nginx's 400, got {status} {headers}", None

    if nginx_path(req["path"]) != req["path"]:
        expected = alt["dots"]
        found.append("dot-segments")
    if (default_urls and line_feed_inside(req["path"]) and "error" not in expected
            and not any(n == "Vary" for n, _ in expected["headers"])):
        expected = alt["lf"]
        found.append("default-urls-lf")
    if "error" in expected:
        if expected["error"].startswith("CORS Studio cannot run"):
            return None, ["no-oracle"]
        if status == 500 and not got_cors and not got_vary and not reached_upstream:
            return None, found
        return f"Django raises {expected['error']!r}: expected a bare 500, got {status} {headers}", None

    exp_headers = [(n, v) for n, v in expected["headers"]]
    exp_vary = [v for n, v in exp_headers if n == "Vary"]
    exp_cors = cors_only(exp_headers)
    enabled = bool(exp_vary)

    if expected["short_circuit"]:
        empty_acrm = req["headers"].get("Access-Control-Request-Method", None) == ""
        if empty_acrm:
            if status != upstream_status or not reached_upstream:
                return f"empty ACRM: expected the upstream's {upstream_status}, got {status}", None
            found.append("empty-acrm")
        else:
            if status != 204 or reached_upstream:
                return f"preflight: expected nginx's 204, got {status} (upstream: {reached_upstream})", None
            if any(n.lower() == "content-length" for n, _ in headers):
                return "preflight: 204 with a Content-Length", None
            found.append("preflight-204")
    else:
        if expected["status"] != 200:
            return f"respond gave status {expected['status']} for a request the view answers", None
        if status != upstream_status or not reached_upstream:
            return f"expected the upstream's {upstream_status}, got {status} (upstream: {reached_upstream})", None

    # Vary: Django merges its token into the view's; nginx adds a line after the upstream's.
    view_vary = upstream_vary if (reached_upstream and upstream_vary) else None
    want_vary = django_vary(view_vary, exp_vary[0] if exp_vary else None) if enabled else view_vary
    if len(got_vary) > 1 or (view_vary and enabled):
        if merged_vary(got_vary) != want_vary:
            return f"Vary {got_vary} != {want_vary!r}", None
        found.append("vary-lines")
    elif (got_vary[0] if got_vary else None) != want_vary:
        return f"Vary {got_vary} != {want_vary!r}", None

    want_cors = [(n, v) for n, v in exp_cors if v != ""]
    if want_cors != exp_cors:
        found.append("empty-value")
    if not enabled and reached_upstream and req["headers"].get("X-Upstream-Cors"):
        want_cors = UPSTREAM_CORS  # outside CORS_URLS_REGEX the app's headers pass, as in Django
    if got_cors != want_cors:
        return f"CORS headers {got_cors} != {want_cors}", None
    return None, found


# ---- driver -----------------------------------------------------------------------------------

def stop_nginx(nginx):
    nginx.stop()
    with RUNNING_LOCK:
        RUNNING.discard(nginx)


def export_nginx(args, policy, profile, export_file, upstream_port, rid, port):
    """`cors-studio export --to nginx` listening on 127.0.0.1:port; returns (text, problems)."""
    cmd = [args.cli, "export", policy, "--to", "nginx", "--profile", profile, "-o", export_file,
           "--listen", f"127.0.0.1:{port}", "--upstream",
           f"http://127.0.0.1:{upstream_port}"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        return None, [(rid, None, f"export failed ({proc.returncode}): {proc.stderr.strip()}")]
    with open(export_file, encoding="utf-8") as f:
        return f.read(), None


def run_policy(args, name, profile, upstream_port):
    """Exports, runs and compares one policy; returns (problems, counters)."""
    counters = {}
    policy = os.path.join(args.work, name + ".py")
    rid = f"{name}.{profile}"
    directory = os.path.join(args.work, "nginx", rid)
    os.makedirs(directory, exist_ok=True)
    export_file = os.path.join(directory, "cors.conf")
    port = free_port()
    conf_text, failed = export_nginx(args, policy, profile, export_file, upstream_port, rid, port)
    if failed:
        return failed, counters
    default_urls = "location ~ " not in conf_text

    rng = random.Random(f"{args.seed}:{rid}")
    corpus = []
    generated = os.path.join(args.work, name + ".requests.jsonl")
    if os.path.exists(generated):
        with open(generated, encoding="utf-8") as f:
            corpus = [json.loads(line) for line in f if line.strip()]
    corpus += extra_requests(rng, policy_origins(policy), args.extra if corpus else 3 * args.extra)
    requests = []
    for spec in corpus:
        wire = wire_request(spec)
        if wire is None:
            counters["not on the wire"] = counters.get("not on the wire", 0) + 1
            continue
        requests.append(wire)

    # Django's answers: the request itself, the dot-resolved path, the path without line feeds.
    lines = []
    for r in requests:
        lines.append(json.dumps(r))
        lines.append(json.dumps(dict(r, id=f"{r['id']}#dots", path=nginx_path(r["path"]))))
        lf = re.sub("%0[aA]", "", r["path"])
        lines.append(json.dumps(dict(r, id=f"{r['id']}#lf", path=lf)))
    answer = subprocess.run([args.cli, "respond", "--profile", profile, "-q", policy],
                            input="\n".join(lines) + "\n", capture_output=True, text=True,
                            encoding="utf-8", timeout=120)
    if answer.returncode != 0:
        return [(rid, None, f"respond failed: {answer.stderr.strip()}")], counters
    answers = {}
    for line in answer.stdout.splitlines():
        obj = json.loads(line, object_pairs_hook=lambda pairs: pairs)
        d = dict(obj)
        if "headers" in d:
            d["headers"] = list(d["headers"])
        answers[d["id"]] = d

    problems = []
    nginx = None
    try:
        # A port found free can be taken by another process before nginx binds it: then export
        # again on another port.
        for attempt in range(1, START_ATTEMPTS + 1):
            if attempt > 1:
                port = free_port()
                _, failed = export_nginx(args, policy, profile, export_file, upstream_port, rid,
                                         port)
                if failed:
                    return failed, counters
            nginx = Nginx(args.nginx, directory, export_file, port)
            if attempt == 1:
                tested = nginx.test()
                if tested.returncode != 0:
                    return [(rid, None, f"nginx -t failed: {tested.stderr.strip()}")], counters
            with RUNNING_LOCK:
                RUNNING.add(nginx)
            try:
                nginx.start()
                break
            except NginxFailed as e:
                stop_nginx(nginx)
                if "Address already in use" not in str(e) or attempt == START_ATTEMPTS:
                    return [(rid, None, str(e))], counters
        for r in requests:
            counters["requests"] = counters.get("requests", 0) + 1
            try:
                status, headers = send(r, port)
            except ExchangeFailed as e:
                problems.append((rid, r, f"no valid response: {e}\n    nginx error log: "
                                         f"{nginx.error_log()[-600:]}"))
                continue
            alt = {"dots": answers[f"{r['id']}#dots"], "lf": answers[f"{r['id']}#lf"]}
            problem, found = compare(r, answers[r["id"]], status, headers, default_urls, alt)
            for key in found or ["identical"]:
                counters[key] = counters.get(key, 0) + 1
            if problem:
                problems.append((rid, r, problem))
    finally:
        if nginx:
            stop_nginx(nginx)
    return problems, counters


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cli", required=True, help="the cors-studio binary (export, respond)")
    parser.add_argument("--nginx", default="/usr/sbin/nginx")
    parser.add_argument("--work", required=True)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--policies", type=int, default=160)
    parser.add_argument("--requests", type=int, default=24)
    parser.add_argument("--extra", type=int, default=16, help="extra requests per policy")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show", type=int, default=12)
    args = parser.parse_args()

    if not (os.path.isfile(args.nginx) and os.access(args.nginx, os.X_OK)):
        print(f"{SKIPPED} no nginx at {args.nginx}")
        return 0
    if os.path.isdir(args.work):
        shutil.rmtree(args.work)
    os.makedirs(args.work)
    started = time.monotonic()
    names = generate_cases.generate(args.seed, args.policies, args.requests, args.work)
    extra = write_extra_policies(args.work)
    jobs = [(n, "3.14") for n in names + extra]
    jobs += [(n, "4.x") for n in names[::4] + extra]

    upstream = UpstreamServer(("127.0.0.1", 0), Upstream)
    upstream.daemon_threads = True
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *a: (stop_all(), sys.exit(1)))

    counters = {}
    problems = []
    try:
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            port = upstream.server_address[1]
            for found, counted in pool.map(lambda j: run_policy(args, j[0], j[1], port), jobs):
                problems += found
                for key, value in counted.items():
                    counters[key] = counters.get(key, 0) + value
    finally:
        stop_all()
        upstream.shutdown()

    total = counters.pop("requests", 0)
    print(f"{len(jobs)} exports ({len(names) + len(extra)} policies), {total} requests through "
          f"nginx in {time.monotonic() - started:.0f} s")
    for key in sorted(counters):
        label = DIFFERENCES.get(key, {
            "identical": "no difference",
            "not on the wire": "requests left out: header values no request can carry "
                               "(beyond latin-1, CR, LF, NUL)",
            "no-oracle": "the engine cannot run a pattern (no answer to compare with)",
        }.get(key, key))
        print(f"  {counters[key]:6d}  {key}: {label}")
    if problems:
        print(f"\n{len(problems)} DIFFERENCES NOT ON THE LIST:")
        for rid, req, problem in problems[:args.show]:
            print(f"- {rid}: {json.dumps(req, ensure_ascii=True) if req else ''}\n    {problem}")
        return 1
    print("nginx agrees with django-cors-headers up to the listed differences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
