#!/usr/bin/python3
"""A real nginx in front of a real Django stack, against `respond --stack --proxy`.

    run_proxy_differential.py --cli build/release/app/cors-studio --work /tmp/ngxproxy

Starts the real Django 3.2 + django-cors-headers 3.14 stack of tests/stack/browser/stack_server.py
(plain HTTP on loopback; it prints its own port), then, for every nginx configuration of
CONFIGS (the mistakes of issue 18 and the project's own `export --to nginx`) and every Django
stack it is paired with: starts Debian's nginx (unprivileged, loopback, one process) with the
configuration proxying to that Django, sends REQUESTS over real sockets, and runs
`cors-studio respond --profile 3.14 --stack --routes R --proxy nginx.conf settings.py` on the
same requests. Compared: the status (0 when nginx closes the connection without a response)
and, per header name (case-insensitively), the ordered list of values of every
Access-Control-*, Vary and Location header line. Exits 1 on any difference; prints
"nginx/proxy_differential SKIPPED: ..." and exits 0 when nginx is missing.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "differential"))
import run_agreement  # noqa: E402  (Nginx: start/stop, readiness by owning the port)
import generate_cases  # noqa: E402  (tests/differential: generated settings.py policies)

SKIPPED = "nginx/proxy_differential SKIPPED:"
READY_SECONDS = 120
EXCHANGE_SECONDS = 60

MW = {
    "security": "django.middleware.security.SecurityMiddleware",
    "session": "django.contrib.sessions.middleware.SessionMiddleware",
    "cors": "corsheaders.middleware.CorsMiddleware",
    "common": "django.middleware.common.CommonMiddleware",
    "csrf": "django.middleware.csrf.CsrfViewMiddleware",
    "auth": "django.contrib.auth.middleware.AuthenticationMiddleware",
    "messages": "django.contrib.messages.middleware.MessageMiddleware",
    "xframe": "django.middleware.clickjacking.XFrameOptionsMiddleware",
}


def middleware(*names):
    return [MW[n] for n in names]


STARTPROJECT_CORS = middleware("security", "session", "cors", "common", "csrf", "auth",
                               "messages", "xframe")
STARTPROJECT = middleware("security", "session", "common", "csrf", "auth", "messages", "xframe")

# Django stacks: settings (plain literals) and routes.
STACKS = {
    # django-cors-headers does CORS for one origin, with credentials
    "cors": {
        "ALLOWED_HOSTS": ["*"],
        "MIDDLEWARE": STARTPROJECT_CORS,
        "CORS_ALLOWED_ORIGINS": ["https://app.test"],
        "CORS_ALLOW_CREDENTIALS": True,
    },
    # Django silent: nginx is meant to do CORS
    "silent": {"ALLOWED_HOSTS": ["*"], "MIDDLEWARE": STARTPROJECT},
    # only the public name is allowed: $proxy_host as Host is refused
    "strict_hosts": {
        "ALLOWED_HOSTS": ["api.test"],
        "MIDDLEWARE": STARTPROJECT_CORS,
        "CORS_ALLOW_ALL_ORIGINS": True,
    },
    # CorsMiddleware below CommonMiddleware: APPEND_SLASH answers first
    "cors_low": {
        "ALLOWED_HOSTS": ["*"],
        "MIDDLEWARE": middleware("security", "session", "common", "cors", "csrf", "auth"),
        "CORS_ALLOWED_ORIGINS": ["https://app.test"],
        "CORS_URLS_REGEX": r"^/api/.*$",
    },
}
ROUTES = {
    "routes": [
        {"path": "api/items/", "view": "csrf_exempt"},
        {"path": "api/error/", "view": "error"},
        {"path": "api/private/", "view": "login_required"},
        {"path": "items/", "view": "csrf_exempt"},
    ],
    "identities": {"sessions": [], "tokens": [], "basic": []},
}

PROXY = "proxy_pass http://127.0.0.1:{U};"

# nginx site files ({P}: nginx's port, {U}: Django's), each with the stacks it runs in front of.
CONFIGS = {
    "plain": ("""
server {{
    listen 127.0.0.1:{P};
    server_name api.test;
    location / {{ %s }}
}}""" % PROXY, ["cors", "silent", "cors_low"]),
    # nginx and Django both add Access-Control-Allow-Origin (and Vary)
    "double_acao": ("""
server {{
    listen 127.0.0.1:{P};
    server_name api.test;
    add_header Access-Control-Allow-Origin $http_origin always;
    add_header Access-Control-Allow-Credentials true always;
    add_header Vary Origin always;
    location / {{ %s }}
}}""" % PROXY, ["cors", "silent"]),
    # the classic preflight shortcut, with add_header only inside the if
    "if_options_204": ("""
server {{
    listen 127.0.0.1:{P};
    server_name api.test;
    add_header Access-Control-Allow-Origin "https://app.test";
    location / {{
        if ($request_method = OPTIONS) {{
            add_header Access-Control-Allow-Methods "GET, POST, OPTIONS";
            add_header Access-Control-Max-Age 86400;
            return 204;
        }}
        %s
    }}
}}""" % PROXY, ["silent", "cors"]),
    # if ($request_method = 'OPTIONS') at server level, add_header without always
    "if_server_level": ("""
server {{
    listen 127.0.0.1:{P};
    server_name api.test;
    add_header Access-Control-Allow-Origin $http_origin;
    add_header Access-Control-Allow-Headers "content-type, authorization";
    if ($request_method = 'OPTIONS') {{ return 200; }}
    location / {{ %s }}
}}""" % PROXY, ["silent"]),
    # add_header in a location throws away the server's
    "lost_inherited": ("""
server {{
    listen 127.0.0.1:{P};
    server_name api.test;
    add_header Access-Control-Allow-Origin "https://app.test" always;
    add_header Vary Origin always;
    location /api/ {{
        add_header X-Frame-Options DENY;
        %s
    }}
    location / {{ %s }}
}}""" % (PROXY, PROXY), ["silent"]),
    # proxy_hide_header removes Django's CORS headers
    "hide_header": ("""
server {{
    listen 127.0.0.1:{P};
    server_name api.test;
    proxy_hide_header Access-Control-Allow-Origin;
    location / {{
        proxy_hide_header Vary;
        %s
    }}
    location /items/ {{
        proxy_pass_header Server;
        %s
    }}
}}""" % (PROXY, PROXY), ["cors"]),
    # an unanchored map regex lets https://app.test.evil.test through
    "unanchored_map": ("""
map $http_origin $cors_origin {{
    default "";
    ~https://app\\.test $http_origin;
    "https://exact.test" $http_origin;
}}
map $request_method $preflight {{
    default 0;
    OPTIONS 1;
}}
server {{
    listen 127.0.0.1:{P};
    server_name api.test;
    location / {{
        if ($preflight) {{
            add_header Access-Control-Allow-Origin $cors_origin always;
            add_header Access-Control-Allow-Methods "GET, POST" always;
            return 204;
        }}
        add_header Access-Control-Allow-Origin $cors_origin always;
        %s
    }}
}}""" % PROXY, ["silent"]),
    # trailing slash: return 301 / rewrite permanent, port_in_redirect, Host $host
    "trailing_slash": ("""
server {{
    listen 127.0.0.1:{P};
    server_name api.test;
    add_header Access-Control-Allow-Origin $http_origin always;
    location = /api/items {{ return 301 /api/items/; }}
    location /api/ {{
        rewrite ^(/api/[a-z]+)$ $1/ permanent;
        proxy_set_header Host $host;
        %s
    }}
    location /old/ {{
        port_in_redirect off;
        rewrite ^/old/(.*)$ /api/$1 redirect;
    }}
    location / {{ %s }}
}}""" % (PROXY, PROXY), ["strict_hosts", "cors_low"]),
    # proxy_pass with a URI part, rewrite break/last, return with a URL
    "uri_rewriting": ("""
server {{
    listen 127.0.0.1:{P};
    server_name api.test;
    location /v1/ {{ proxy_pass http://127.0.0.1:{U}/api/; }}
    location /v2/ {{
        rewrite ^/v2/(.*)$ /api/$1 break;
        %s
    }}
    location /v3/ {{ rewrite ^/v3/(.*)$ /v1/$1 last; }}
    location = /go {{ return https://app.test/elsewhere; }}
    location / {{ %s }}
}}""" % (PROXY, PROXY), ["cors", "cors_low"]),
    # locations: exact, ^~, regexes in order, nested; limit_except
    "locations": ("""
server {{
    listen 127.0.0.1:{P};
    server_name api.test;
    add_header Access-Control-Allow-Origin "*" always;
    location = /exact {{ return 200 "exact"; }}
    location ^~ /static/ {{ return 403; }}
    location ~ \\.json$ {{ return 404; }}
    location ~* ^/API/PRIVATE {{ add_header X-Where regex; %s }}
    location /api/ {{
        location ~ /error/$ {{ return 502; }}
        location ^~ /api/deep/ {{ return 410; }}
        limit_except GET POST {{ deny all; }}
        %s
    }}
    location / {{ return 404 "nothing here"; }}
}}""" % (PROXY, PROXY), ["silent"]),
    # proxy_intercept_errors + error_page, nginx's own error pages
    "error_pages": ("""
server {{
    listen 127.0.0.1:{P};
    server_name api.test;
    add_header Access-Control-Allow-Origin $http_origin always;
    proxy_intercept_errors on;
    error_page 500 502 503 =503 @down;
    error_page 404 /notfound;
    location = /notfound {{ return 404 "not found"; }}
    location @down {{
        add_header Access-Control-Allow-Origin "https://app.test";
        return 503;
    }}
    location / {{ %s }}
}}""" % PROXY, ["cors", "silent"]),
    # two servers: server_name exact / wildcard / regex and default_server; 444
    "servers": ("""
server {{
    listen 127.0.0.1:{P} default_server;
    server_name _;
    return 444;
}}
server {{
    listen 127.0.0.1:{P};
    server_name api.test *.api.test;
    location / {{ %s }}
}}
server {{
    listen 127.0.0.1:{P};
    server_name ~^v(?<version>[0-9]+)\\.test$;
    add_header X-Version $version always;
    add_header Access-Control-Allow-Origin "https://app.test" always;
    location / {{ return 204; }}
}}""" % PROXY, ["cors"]),
    # set, if on $http_origin (~*, !~), variables in add_header, proxy_set_header ""
    "set_and_if": ("""
server {{
    listen 127.0.0.1:{P};
    server_name api.test;
    set $cors "";
    if ($http_origin ~* "^https://(app|admin)\\.test$") {{ set $cors "ok"; }}
    location / {{
        if ($cors = "ok") {{ add_header Access-Control-Allow-Origin $http_origin always; }}
        if ($http_origin !~ ^https://) {{ add_header X-Not-Https 1 always; }}
        proxy_set_header Origin "";
        %s
    }}
}}""" % PROXY, ["cors", "silent"]),
    # rewrite cycles (500 after 10 changes), an error page that errors, a map on a map
    "cycles": ("""
map $http_origin $origin_host {{
    default "";
    ~^https://(?<h>[a-z.]+)$ $h;
}}
map $origin_host $allowed {{
    default "";
    app.test "https://app.test";
    .admin.test "https://admin.test";
}}
server {{
    listen 127.0.0.1:{P};
    server_name api.test;
    add_header Access-Control-Allow-Origin $allowed always;
    error_page 404 /missing;
    location = /missing {{ return 404; }}
    location /loop/ {{ rewrite ^/loop/(.*)$ /loop/$1 last; }}
    location /api/ {{ rewrite ^/api/(.*)$ /loop/$1; rewrite ^ /api/items/ break; %s }}
    location / {{ return 404; }}
}}""" % PROXY, ["cors"]),
}

ORIGINS = ["https://app.test", "https://evil.test", "https://app.test.evil.test",
           "https://admin.test", "http://app.test", None]
REQUESTS = []


def _requests():
    paths = ["/api/items/", "/api/items", "/api/error/", "/api/private/", "/items/", "/nope/",
             "/api/items/?q=1", "/v1/items/", "/v2/items/", "/v3/items/", "/go", "/old/items/",
             "/exact", "/static/x", "/API/items/", "/api/a.json", "/api/x/error/", "/api/./items/",
             "/api//items/", "/api/deep/a.json", "/api/deep/x", "/loop/x", "/missing"]
    n = 0
    for path in paths:
        for origin in ORIGINS:
            for kind in ("preflight", "GET", "POST", "DELETE"):
                if origin is None and kind != "GET":
                    continue
                if origin not in ("https://app.test", "https://app.test.evil.test", None) \
                        and kind in ("POST", "DELETE"):
                    continue
                headers = {"Host": "api.test"}
                if origin:
                    headers["Origin"] = origin
                method = kind
                if kind == "preflight":
                    method = "OPTIONS"
                    headers["Access-Control-Request-Method"] = "POST"
                    headers["Access-Control-Request-Headers"] = "content-type"
                REQUESTS.append({"id": f"r{n}", "method": method, "path": path,
                                 "headers": headers})
                n += 1
    for host in ["api.test:8080", "x.api.test", "v2.test", "other.test", "API.TEST."]:
        for kind in ("preflight", "GET"):
            headers = {"Host": host, "Origin": "https://app.test"}
            method = "GET"
            if kind == "preflight":
                method = "OPTIONS"
                headers["Access-Control-Request-Method"] = "PUT"
            for path in ("/api/items/", "/api/items", "/old/items/"):
                REQUESTS.append({"id": f"r{n}", "method": method, "path": path,
                                 "headers": headers})
                n += 1


_requests()


# ---- wire ------------------------------------------------------------------------------------

def raw_request(spec):
    lines = [f"{spec['method']} {spec['path']} HTTP/1.1"]
    for name, value in spec["headers"].items():
        lines.append(f"{name}: {value}")
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def send(spec, port):
    """(status, [(name, value)]); status 0 when nginx closes without a byte (return 444).
    Refused connections are retried up to a deadline."""
    deadline = time.monotonic() + EXCHANGE_SECONDS
    last = None
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
                s.sendall(raw_request(spec))
                data = b""
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    data += chunk
        except (ConnectionRefusedError, socket.timeout) as e:
            last = e
            time.sleep(0.2)
            continue
        except ConnectionResetError:
            return 0, []
        if not data:
            return 0, []
        return run_agreement.parse_response(data, to_head=spec["method"] == "HEAD")
    raise RuntimeError(f"no answer from 127.0.0.1:{port}: {last}")


def reported(headers):
    """{lower-case name: [values in order]} for Access-Control-*, Vary, Location."""
    out = {}
    for name, value in headers:
        lower = name.lower()
        if lower.startswith("access-control-") or lower in ("vary", "location"):
            out.setdefault(lower, []).append(value)
    return out


def model_headers(obj):
    out = {}
    for name, value in obj.get("headers", {}).items():
        out.setdefault(name.lower(), []).extend(value if isinstance(value, list) else [value])
    return out


# ---- Django ----------------------------------------------------------------------------------

class Django:
    def __init__(self, work):
        self.log = open(os.path.join(work, "django.log"), "w")
        self.proc = subprocess.Popen(
            ["/usr/bin/python3", os.path.join(HERE, "..", "stack", "browser", "stack_server.py"),
             "--port", "0", "--no-tls"], stdout=subprocess.PIPE, stderr=self.log, text=True,
            preexec_fn=run_agreement.die_with_parent)
        line = self.proc.stdout.readline()  # the server announces its own port once ready
        if not line:
            raise RuntimeError("stack_server.py exited before it was ready; see django.log")
        self.port = json.loads(line)["port"]

    def activate(self, settings, routes):
        body = json.dumps({"settings": settings, "routes": routes}).encode()
        spec = {"method": "POST", "path": "/__cs/stack",
                "headers": {"Host": "127.0.0.1", "Content-Type": "application/json",
                            "Content-Length": str(len(body))}}
        deadline = time.monotonic() + READY_SECONDS
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=60) as s:
                    s.sendall(raw_request(spec) + body)
                    data = b""
                    while True:
                        chunk = s.recv(65536)
                        if not chunk:
                            break
                        data += chunk
                answer = json.loads(data.partition(b"\r\n\r\n")[2])
                if not answer.get("ok"):
                    raise RuntimeError(f"Django cannot load {settings}: {answer}")
                return
            except (ConnectionRefusedError, ValueError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def write_settings(path, values):
    with open(path, "w", encoding="utf-8") as f:
        f.write('"""Written by tests/nginx/run_proxy_differential.py."""\n')
        for k, v in values.items():
            f.write(f"{k} = {v!r}\n")


# ---- driver ----------------------------------------------------------------------------------

COVERAGE = {}


def count(key):
    COVERAGE[key] = COVERAGE.get(key, 0) + 1


CLAIM = re.compile(r"^(\S+:\d+): error: .*\[(nginx-duplicate-[a-z-]+|nginx-regex-unanchored|"
                   r"nginx-origin-reflected)\]\n  request: (GET|OPTIONS)( /\S*)? with Origin: "
                   r"(\S+)$", re.M)


PREFLIGHT_CLAIM = re.compile(
    r"^(\S+:\d+): error: nginx answers the preflight itself \((\d+)\) without (.*?), which "
    r".*\[nginx-preflight-missing-headers\]\n  request: OPTIONS (\S+) with Origin: ([^,]+),",
    re.M)


def lint_claims(args, settings, conf):
    """The error findings of `lint --proxy` that name a request: [(rule, request, where)]."""
    proc = subprocess.run([args.cli, "lint", settings, "--profile", "3.14", "-q", "--proxy", conf],
                          capture_output=True, text=True, timeout=300)
    out = []
    for where, status, missing, path, origin in PREFLIGHT_CLAIM.findall(proc.stdout):
        headers = {"Host": "api.test", "Origin": origin, "Access-Control-Request-Method": "PUT",
                   "Access-Control-Request-Headers": "content-type"}
        out.append(("nginx-preflight-missing-headers",
                    {"id": "claim", "method": "OPTIONS", "path": path, "headers": headers,
                     "status": int(status), "missing": missing.split(", ")}, where))
    for where, rule, method, path, origin in CLAIM.findall(proc.stdout):
        headers = {"Host": "api.test", "Origin": origin}
        if method == "OPTIONS":
            headers["Access-Control-Request-Method"] = "GET"
        out.append((rule, {"id": rule, "method": method, "path": (path or " /").strip(),
                           "headers": headers}, where))
    return out


def check_claim(rule, spec, got):
    """What the linter said must be what the real nginx + Django do."""
    origin = spec["headers"]["Origin"]
    if rule == "nginx-preflight-missing-headers":
        present = [m for m in spec["missing"] if m.lower() in got]
        if present:
            return f"the linter says the preflight lacks {present}"
    elif rule.startswith("nginx-duplicate-"):
        name = "access-control-" + rule[len("nginx-duplicate-"):]
        if len(got.get(name, [])) < 2:
            return f"the linter says {name} is sent twice"
    elif origin not in got.get("access-control-allow-origin", []):
        return f"the linter says {origin} is allowed"
    return None


def generated_stacks(args):
    """Generated django-cors-headers policies (tests/differential/generate_cases.py) as Django
    stacks, each with its own request corpus: the exports of these are imported back."""
    names = generate_cases.generate(args.seed, args.exports, 30, args.work)
    out = []
    for name in names:
        path = os.path.join(args.work, name + ".py")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(os.path.join(args.work, name + ".settings.py"), "w", encoding="utf-8") as f:
            f.write(text + f"\nALLOWED_HOSTS = ['*']\nMIDDLEWARE = {STARTPROJECT_CORS!r}\n")
        extra = []
        with open(os.path.join(args.work, name + ".requests.jsonl"), encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                spec = run_agreement.wire_request(json.loads(line))
                if spec is None or not re.fullmatch(r"[A-Z]+", spec["method"]):
                    continue
                spec["headers"] = {k: v for k, v in spec["headers"].items()
                                   if k.lower() != "host"}
                spec["headers"]["Host"] = "api.test"
                spec["id"] = f"g{len(extra)}"
                extra.append(spec)
        out.append((name, extra))
    return out


def run_case(args, django, name, text, stack, export=False, extra=()):
    """One nginx configuration in front of one Django stack; returns (problems, count)."""
    requests = REQUESTS + list(extra)
    work = os.path.join(args.work, f"{name}.{stack}")
    os.makedirs(work, exist_ok=True)
    settings = os.path.join(args.work, f"{stack}.settings.py")
    routes = os.path.join(args.work, "routes.json")
    site = os.path.join(work, "site.conf")
    port = run_agreement.free_port()
    if export:
        proc = subprocess.run([args.cli, "export", settings, "--to", "nginx", "--profile", "3.14",
                               "-o", site, "--listen", f"127.0.0.1:{port}", "--upstream",
                               f"http://127.0.0.1:{django.port}"], capture_output=True, text=True,
                              timeout=120)
        if proc.returncode != 0:
            return [f"{name}.{stack}: export failed: {proc.stderr}"], 0
    else:
        with open(site, "w", encoding="utf-8") as f:
            f.write(text.format(P=port, U=django.port) + "\n")
    nginx = run_agreement.Nginx(args.nginx, work, site, port)
    tested = nginx.test()
    if tested.returncode != 0:
        return [f"{name}.{stack}: nginx -t failed: {tested.stderr.strip()}"], 0
    django.activate(settings, routes)
    problems = []
    real = {}
    claims = lint_claims(args, settings, nginx.conf)
    try:
        nginx.start()
        for r in requests:
            real[r["id"]] = send(r, port)
        for rule, spec, where in claims:
            status, headers = send(spec, port)
            problem = check_claim(rule, spec, reported(headers))
            if not problem and "status" in spec and spec["status"] != status:
                problem = f"the linter says nginx answers {spec['status']}"
            count(f"lint {rule}: checked on the real stack")
            if problem:
                problems.append(f"{name}.{stack} lint {rule} at {where}: {problem}: real nginx "
                                f"answered {status} {reported(headers)}")
    finally:
        nginx.stop()
    cmd = [args.cli, "respond", "--profile", "3.14", "-q", "--stack", "--routes", routes,
           "--proxy", nginx.conf, settings]
    answer = subprocess.run(cmd, input="".join(json.dumps(r) + "\n" for r in requests),
                            capture_output=True, text=True, timeout=300)
    if answer.returncode != 0:
        return [f"{name}.{stack}: respond failed ({answer.returncode}): {answer.stderr}"], 0
    model = {}
    for line in answer.stdout.splitlines():
        obj = json.loads(line)
        model[obj.get("id")] = obj
    for r in requests:
        status, headers = real[r["id"]]
        m = model.get(r["id"])
        if m is None or "error" in m and "status" not in m:
            problems.append(f"{name}.{stack} {r['method']} {r['path']} {r['headers']}: "
                            f"no model answer: {m}")
            continue
        want = reported(headers)
        got = model_headers(m)
        count(f"status {status}")
        count("answered by nginx" if m.get("decided_by") == "nginx" else "answered by Django")
        if any(len(v) > 1 for v in want.values()):
            count("a header line repeated (e.g. ACAO from nginx and Django)")
        if any(k.startswith("access-control-") for k in want):
            count("with Access-Control-* headers")
        if status != m["status"] or want != got:
            problems.append(f"{name}.{stack} {r['method']} {r['path']} {r['headers']}:\n"
                            f"      real nginx: {status} {want}\n"
                            f"      respond:    {m['status']} {got}")
    return problems, len(requests)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cli", required=True)
    parser.add_argument("--nginx", default="/usr/sbin/nginx")
    parser.add_argument("--work", required=True)
    parser.add_argument("--only", help="run only configurations whose name contains this")
    parser.add_argument("--show", type=int, default=25)
    parser.add_argument("--seed", type=int, default=18)
    # 80 took the test past ctest's 900 s on 2 cores busy with stress-ng and a sanitizer build;
    # 50 (same seed) take about 60% of the time.
    parser.add_argument("--exports", type=int, default=50,
                        help="generated policies whose nginx export is imported back")
    args = parser.parse_args()
    if not (os.path.isfile(args.nginx) and os.access(args.nginx, os.X_OK)):
        print(f"{SKIPPED} no nginx at {args.nginx}")
        return 0
    if os.path.isdir(args.work):
        shutil.rmtree(args.work)
    os.makedirs(args.work)
    for stack, values in STACKS.items():
        write_settings(os.path.join(args.work, f"{stack}.settings.py"), values)
    with open(os.path.join(args.work, "routes.json"), "w", encoding="utf-8") as f:
        json.dump(ROUTES, f)

    started = time.monotonic()
    django = Django(args.work)
    problems, total, cases = [], 0, 0
    try:
        jobs = [(name, text, stack, False) for name, (text, stacks) in CONFIGS.items()
                for stack in stacks]
        # the project's own exports, in front of Django with and without its own CORS
        jobs = [j + ((),) for j in jobs]
        jobs += [("export", None, stack, True, ()) for stack in ("cors", "cors_low")]
        jobs += [("export", None, stack, True, extra) for stack, extra in generated_stacks(args)]
        for name, text, stack, export, extra in jobs:
            if args.only and args.only not in name:
                continue
            found, count = run_case(args, django, name, text, stack, export, extra)
            problems += found
            total += count
            cases += 1
            print(f"  {name}.{stack}: {count} requests, {len(found)} differences", flush=True)
    finally:
        django.stop()
    print(f"{cases} nginx configurations x stacks, {total} requests through real nginx and "
          f"real Django in {time.monotonic() - started:.0f} s")
    for key in sorted(COVERAGE):
        print(f"  {COVERAGE[key]:6d}  {key}")
    if problems:
        print(f"\n{len(problems)} DIFFERENCES:")
        for p in problems[:args.show]:
            print("- " + p)
        return 1
    print("respond --stack --proxy agrees with the real nginx + Django")
    return 0


if __name__ == "__main__":
    sys.exit(main())
