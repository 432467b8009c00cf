#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The browser half of the WebKitGTK agreement test.

Runs the corpus's scenarios with fetch() (or XMLHttpRequest) in real WebKitGTK (Debian's
`webkit2gtk-driver`: WebKitWebDriver driving MiniBrowser, under its own Xvfb) against the real
django-cors-headers 3.14 (django_server.py), and writes what happened in the shape of
`cors-studio simulate POLICY --batch FILE --browser safari`, like run_agreement_firefox.mjs.

    run_agreement_webkit.py --out DIR [--corpus corpus] [--only a,b] [--max N]
                            [--contexts reuse|fresh] [--driver /usr/bin/WebKitWebDriver]
                            [--xvfb /usr/bin/Xvfb] [--python /usr/bin/python3] [-v]

Plain Python: classic WebDriver is JSON over HTTP, spoken here with urllib (no npm). The page
side is page_run.mjs, the same function the Firefox harness evaluates, sent as an async script.

Network: loopback only. django_server.py is MiniBrowser's HTTP proxy (the session's W3C `proxy`
capability, manual, no exceptions), so every origin of the corpus (http://app.test,
http://api.test:8000, http://localhost:3000, ...) reaches the one server on 127.0.0.1.

Console lines cannot be captured: classic WebDriver has no log endpoint and WebKitGTK offers no
other channel (see docs/browser-engines.md). What is recorded: the verdict, the requests the
server saw, the readable headers and the script's error string (`fetch_error`).

Clean state: every WebDriver session is a new MiniBrowser with its own ephemeral network session
(preflight cache, cookies, HTTP cache). `--contexts fresh` starts one per scenario (about 2 s
each). `--contexts reuse` (default) keeps a policy's session for the next session-less scenario
unless an earlier scenario in it sent a preflight for the same page origin and URL (WebKit's
preflight cache is keyed by origin and URL, and it keeps the result of a preflight that failed
only because the method or a header was not allowed); on the 305 scenarios compared both ways
the results were identical. Scenarios with the same `session` share one session, in file order.

Readiness, never sleeps: Xvfb reports its display on -displayfd, django_server.py prints its port
once listening, and the driver's /status is polled until it is ready; every wait has a deadline.

Exit status: 0 done, 2 the harness could not run, 3 some scenarios hit harness errors.
"""

import argparse
import http.client
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from compare import compact, read_jsonl  # noqa: E402  (the same compared names as compare.py)

# No proxy from the environment: every connection of the harness is to 127.0.0.1.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class HarnessError(Exception):
    pass


def page_script():
    """page_run.mjs as a classic WebDriver async script: pageRun(arguments[0]) -> the callback."""
    with open(os.path.join(HERE, "page_run.mjs"), encoding="utf-8") as f:
        source = f.read().replace("export async function pageRun", "async function pageRun", 1)
    return ("const done = arguments[arguments.length - 1];\n" + source +
            "\npageRun(arguments[0]).then(done, (e) => done({ ok: false, error: `harness: ${e}` }));\n")


# What this harness cannot drive (the Firefox harness leaves out the same, for the same reasons).
def unsupported(scenario):
    if scenario.get("body_kind") == "stream":
        return "ReadableStream bodies"
    if scenario.get("origin") == "null":
        return "opaque origin page"
    if scenario.get("cookies"):
        return "cookies"
    if scenario.get("advance"):
        return "waiting"
    return None


def http_json(method, url, payload=None, timeout=30.0, with_status=False):
    data = None if payload is None else json.dumps(payload).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with OPENER.open(request, timeout=timeout) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as exc:  # WebDriver errors come as 4xx/5xx with a JSON body
        status, body = exc.code, exc.read()
    answer = json.loads(body.decode("utf-8")) if body else {}
    return (status, answer) if with_status else answer


def wait_until(what, deadline, probe):
    """Calls probe() until it returns a true value or the deadline passes; probe may raise."""
    last = None
    delay = 0.02
    while True:
        try:
            value = probe()
            if value:
                return value
        except (OSError, http.client.HTTPException, ValueError) as exc:
            last = exc
        if time.monotonic() >= deadline:
            raise HarnessError(f"{what} not ready before the deadline" + (f" ({last})" if last else ""))
        time.sleep(delay)  # polling interval, not synchronisation: the probe decides
        delay = min(delay * 2, 0.25)


def port_accepts(port):
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        return True


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def die_with_parent():
    """In the child before exec: SIGTERM when the harness dies, even by SIGKILL (Linux)."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Processes:
    """The processes this harness started; each in its own process group, ended by group id."""

    def __init__(self):
        self.children = []

    def start(self, cmd, **kwargs):
        child = subprocess.Popen(cmd, start_new_session=True, preexec_fn=die_with_parent, **kwargs)
        self.children.append(child)
        return child

    def stop(self, child):
        if child.poll() is None:
            try:
                os.killpg(child.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            child.wait(timeout=5)

    def stop_all(self):
        for child in reversed(self.children):
            self.stop(child)
        self.children = []


def tail(path, limit=400):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read().strip()[-limit:]
    except OSError:
        return ""


def start_xvfb(procs, xvfb, deadline, log_path):
    """Xvfb on the first free display; -displayfd writes the number once it accepts clients."""
    read_fd, write_fd = os.pipe()
    with open(log_path, "w") as log:
        child = procs.start([xvfb, "-displayfd", str(write_fd), "-nolisten", "tcp", "-screen", "0", "1280x800x24",
                             "-noreset"], pass_fds=(write_fd,), stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    os.close(write_fd)
    number = b""
    with os.fdopen(read_fd, "rb", buffering=0) as pipe:
        with selectors.DefaultSelector() as sel:
            sel.register(pipe, selectors.EVENT_READ)
            while not number.endswith(b"\n"):
                left = deadline - time.monotonic()
                if left <= 0 or child.poll() is not None:
                    raise HarnessError(f"Xvfb did not report a display: {tail(log_path)}")
                if sel.select(timeout=min(left, 1.0)):
                    chunk = pipe.read(64)
                    if not chunk:
                        raise HarnessError(f"Xvfb closed -displayfd without a display: {tail(log_path)}")
                    number += chunk
    return f":{number.decode().strip()}"


def start_server(procs, python, log_path, deadline):
    child = procs.start([python, os.path.join(HERE, "django_server.py"), "--port", "0", "--log", log_path],
                        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True)
    with selectors.DefaultSelector() as sel:
        sel.register(child.stdout, selectors.EVENT_READ)
        if not sel.select(timeout=max(0.0, deadline - time.monotonic())):
            raise HarnessError("django_server.py printed no ready line before the deadline")
    line = child.stdout.readline()
    try:
        port = json.loads(line)["port"]
    except (ValueError, KeyError, TypeError):
        raise HarnessError(f"django_server.py: unexpected output {line!r} (exit {child.poll()})")
    wait_until("django_server.py's port", deadline, lambda: port_accepts(port))
    return port


class Driver:
    """WebKitWebDriver on a free loopback port, spoken to with classic WebDriver JSON."""

    def __init__(self, procs, binary, display, deadline, log_path):
        self.procs = procs
        env = dict(os.environ, DISPLAY=display)
        env.pop("WAYLAND_DISPLAY", None)
        env.setdefault("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
        for attempt in range(3):  # the free port may be taken between the probe and the bind
            self.port = free_port()
            with open(log_path, "a") as log:  # the driver's and MiniBrowser's own messages
                self.child = procs.start([binary, f"--port={self.port}", "--host=local"], env=env,
                                         stdin=subprocess.DEVNULL, stdout=log, stderr=log)
            try:
                wait_until("WebKitWebDriver /status", deadline, self._ready)
                return
            except HarnessError:
                if self.child.poll() is None or attempt == 2:
                    raise
                procs.stop(self.child)

    def _ready(self):
        if self.child.poll() is not None:
            raise HarnessError(f"WebKitWebDriver exited with {self.child.returncode}")
        return http_json("GET", f"http://127.0.0.1:{self.port}/status", timeout=5).get("value", {}).get("ready")

    def call(self, method, path, payload=None, timeout=60.0):
        status, answer = http_json(method, f"http://127.0.0.1:{self.port}{path}", payload, timeout=timeout,
                                   with_status=True)
        value = answer.get("value") if isinstance(answer, dict) else None
        if status != 200:
            value = value if isinstance(value, dict) else {}
            raise WebDriverError(value.get("error"), value.get("message", ""))
        return value


class WebDriverError(HarnessError):
    def __init__(self, error, message):
        super().__init__(f"WebDriver {error}: {message}")
        self.error = error


class Session:
    def __init__(self, driver, proxy_port, script_ms):
        capabilities = {
            "webkitgtk:browserOptions": {"args": ["--automation"]},
            "proxy": {"proxyType": "manual", "httpProxy": f"127.0.0.1:{proxy_port}", "noProxy": []},
            "timeouts": {"script": script_ms, "pageLoad": 30000, "implicit": 0},
            "pageLoadStrategy": "normal",
        }
        self.driver = driver
        value = None
        for attempt in range(2):  # a MiniBrowser that fails to start once gets one more try
            try:
                value = driver.call("POST", "/session", {"capabilities": {"alwaysMatch": capabilities}}, timeout=90)
                break
            except (HarnessError, OSError, http.client.HTTPException):
                if attempt == 1:
                    raise
        self.id = value["sessionId"]
        self.version = value.get("capabilities", {}).get("browserVersion", "")
        self.origin = None
        self.preflighted = set()  # (origin, url) pairs whose preflight WebKit may have cached

    def goto(self, origin):
        if self.origin != origin:
            self.driver.call("POST", f"/session/{self.id}/url", {"url": f"{origin}/__cs/page"})
            self.origin = origin

    def run(self, script, spec, timeout):
        return self.driver.call("POST", f"/session/{self.id}/execute/async",
                                {"script": script, "args": [spec]}, timeout=timeout)

    def close(self):
        try:
            self.driver.call("DELETE", f"/session/{self.id}", timeout=30)
        except (HarnessError, OSError, http.client.HTTPException):
            pass


def control(port, method, path, payload=None, attempts=3):
    """A harness call to django_server.py (each is idempotent: retried when a connect fails)."""
    for attempt in range(attempts):
        try:
            return http_json(method, f"http://127.0.0.1:{port}{path}", payload, timeout=30)
        except (urllib.error.URLError, ConnectionError, http.client.RemoteDisconnected):
            if attempt == attempts - 1:
                raise


def is_preflight(entry):
    return entry["method"] == "OPTIONS" and any(n.lower() == "access-control-request-method" for n, _ in entry["headers"])


def run_scenario(args, port, sess, script, scenario):
    sess.goto(scenario["origin"])
    bound = control(port, "POST", "/__cs/bind", {
        "id": scenario["id"], "endpoint_headers": scenario.get("endpoint_headers") or {},
        "endpoint_status": scenario.get("endpoint_status"), "preflight_headers": scenario.get("preflight_headers"),
        "preflight_status": scenario.get("preflight_status"),
    })
    if not bound.get("ok"):
        raise HarnessError(f"bind failed: {bound}")
    spec = {
        "url": scenario["url"], "method": scenario.get("method") or "GET", "headers": scenario.get("headers") or {},
        "credentials": scenario.get("credentials"), "body": scenario.get("body"),
        "body_kind": scenario.get("body_kind"), "blob_type": scenario.get("blob_type"), "mode": scenario.get("mode"),
        "cache": scenario.get("cache"), "api": scenario.get("api"), "upload_listeners": scenario.get("upload_listeners"),
    }
    started = time.monotonic()
    result = sess.run(script, spec, timeout=args.timeout + 30)
    if not isinstance(result, dict) or (not result.get("ok") and str(result.get("error", "")).startswith("harness:")):
        raise HarnessError(f"page script: {result!r}")
    # The server handles requests before answering them, so everything the scenario put on the
    # wire is in the log once the page has its answer.
    wire = control(port, "GET", f"/__cs/log?id={scenario['id']}")
    if any(is_preflight(w) for w in wire):
        # Any preflight, passed or not: WebKit also caches the result of a preflight whose
        # response passed the access check but did not allow this request's method or headers.
        sess.preflighted.add((scenario["origin"], scenario["url"]))
    ok = bool(result.get("ok"))
    return {
        "id": scenario["id"],
        "engine": "safari",
        "verdict": "allowed" if ok else "blocked",
        "preflight": any(is_preflight(w) for w in wire),
        "server_saw": compact(scenario, wire, raw=True),
        "console": None,  # not observable over classic WebDriver
        "readable_headers": sorted(result.get("names") or []) if ok else [],
        "status": result.get("status") if ok else None,
        "response_type": result.get("type") if ok else None,
        "fetch_error": None if ok else result.get("error"),
        "wire": [{"method": w["method"], "path": w["path"], "headers": w["headers"], "status": w["status"]}
                 for w in wire],
        "ms": round((time.monotonic() - started) * 1000),
    }


def groups_of(scenarios):
    """WebKitWebDriver allows one session at a time: the session-less scenarios first (None), then
    each named session's scenarios in file order."""
    groups = {None: []}
    for scenario in scenarios:
        groups.setdefault(scenario.get("session") or None, []).append(scenario)
    return [(name, members) for name, members in groups.items() if members]


def run_policy(args, driver, port, script, scenarios, run, policy):
    """Runs one policy's scenarios; returns ({id: output line}, harness errors, sessions started)."""
    results = {}
    errors = started = 0
    script_ms = int(args.timeout * 1000)
    for group, members in groups_of(scenarios):
        sess = None
        for scenario in members:
            key = (scenario["origin"], scenario["url"])
            try:
                if sess is not None and group is None and (args.contexts == "fresh" or key in sess.preflighted):
                    sess.close()
                    sess = None
                if sess is None:
                    sess = Session(driver, port, script_ms)
                    started += 1
                    run["webkit"] = run["webkit"] or sess.version
                out = run_scenario(args, port, sess, script, scenario)
            except (HarnessError, OSError, http.client.HTTPException, ValueError, KeyError) as exc:
                errors += 1
                out = {"id": scenario["id"], "harness_error": f"{type(exc).__name__}: {exc}"}
                if sess is not None:  # a session in an unknown state is not used again
                    sess.close()
                    sess = None
                if group is not None:  # the rest of a named session would run without its history
                    for rest in members[members.index(scenario) + 1:]:
                        results[rest["id"]] = {"id": rest["id"], "harness_error": f"session {group} broken by #{scenario['id']}"}
                        errors += 1
                    results[scenario["id"]] = out
                    break
            results[scenario["id"]] = out
            if args.verbose:
                print(f"{policy} #{scenario['id']}: {out.get('verdict')} {out.get('fetch_error') or ''}"
                      f"{out.get('harness_error') or ''}", file=sys.stderr, flush=True)
        if sess is not None:
            sess.close()
    return results, errors, started


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--corpus", default=os.path.join(HERE, "corpus"))
    parser.add_argument("--only", default="", help="comma-separated policy names")
    parser.add_argument("--max", type=int, default=0, help="the first N runnable scenarios of each policy")
    parser.add_argument("--contexts", default="reuse", choices=("reuse", "fresh"))
    parser.add_argument("--driver", default=os.environ.get("CORS_WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver"))
    parser.add_argument("--xvfb", default=os.environ.get("CORS_XVFB", "/usr/bin/Xvfb"))
    parser.add_argument("--python", default=os.environ.get("CORS_SYSTEM_PYTHON", "/usr/bin/python3"))
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds one scenario's script may take")
    parser.add_argument("--startup-timeout", type=float, default=90.0,
                        help="seconds Xvfb, the server and the driver may take to become ready")
    parser.add_argument("-v", "--verbose", action="store_true")
    return parser.parse_args(argv[1:])


def main(argv):
    args = parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    only = {n for n in args.only.split(",") if n}
    policies = sorted(f[:-3] for f in os.listdir(args.corpus)
                      if f.endswith(".py") and os.path.exists(os.path.join(args.corpus, f[:-3] + ".jsonl")))
    if only:
        policies = [p for p in policies if p in only]
    script = page_script()
    server_log = os.path.join(args.out, "server_requests.jsonl")
    open(server_log, "w").close()
    started = time.monotonic()
    procs = Processes()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: sys.exit(130))
    run = {"webkit": None, "contexts": args.contexts, "policies": {}, "skipped": {}}
    total = failures = sessions_started = 0
    try:
        deadline = time.monotonic() + args.startup_timeout
        display = start_xvfb(procs, args.xvfb, deadline, os.path.join(args.out, "xvfb.log"))
        port = start_server(procs, args.python, server_log, deadline)
        driver = Driver(procs, args.driver, display, deadline, os.path.join(args.out, "webkitwebdriver.log"))
        run.update(display=display, server_port=port, driver_port=driver.port)
        for name in policies:
            loaded = control(port, "POST", "/__cs/policy", {"path": os.path.abspath(os.path.join(args.corpus, name + ".py"))})
            if not loaded.get("ok"):
                raise HarnessError(f"{name}.py: {loaded.get('error')}")
            scenarios = read_jsonl(os.path.join(args.corpus, name + ".jsonl"))
            for s in scenarios:
                if unsupported(s):
                    run["skipped"][f"{name}#{s['id']}"] = unsupported(s)
            scenarios = [s for s in scenarios if not unsupported(s)]
            if args.max:
                scenarios = scenarios[: args.max]
            t0 = time.monotonic()
            results, errors, started_here = run_policy(args, driver, port, script, scenarios, run, name)
            failures += errors
            sessions_started += started_here
            lines = [json.dumps(results[s["id"]]) for s in scenarios]
            with open(os.path.join(args.out, name + ".browser.jsonl"), "w", encoding="utf-8") as f:
                f.write("".join(line + "\n" for line in lines))
            run["policies"][name] = {"scenarios": len(scenarios), "seconds": round(time.monotonic() - t0, 1)}
            total += len(scenarios)
            print(f"webkit: {name}: {len(scenarios)} scenarios in {run['policies'][name]['seconds']:.1f} s", flush=True)
    except HarnessError as exc:
        print(f"run_agreement_webkit: {exc}", file=sys.stderr)
        return 2
    finally:
        procs.stop_all()
    run.update(total_scenarios=total, harness_errors=failures, sessions=sessions_started,
               seconds=round(time.monotonic() - started, 1))
    with open(os.path.join(args.out, "run.json"), "w", encoding="utf-8") as f:
        json.dump(run, f, indent=2)
        f.write("\n")
    print(f"webkit: {total} scenarios, {len(policies)} policies, WebKitGTK {run['webkit']}, {sessions_started} sessions, "
          f"{run['seconds']:.1f} s" + (f", {failures} HARNESS ERRORS" if failures else ""), flush=True)
    return 3 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
