#!/usr/bin/python3
"""`cors-studio serve` on loopback, hit by a real HTTP client, answers exactly as `respond` does.

For every generated policy of the differential corpus (tests/differential/generate_cases.py),
starts `serve POLICY --listen 127.0.0.1:0`, sends each request of the policy's corpus with
Python's http.client (method, raw path and header bytes as written, keep-alive), and compares
the answer with `respond POLICY` on the same requests: same status, and exactly the headers
`respond` reports (names, casing, values, order). Besides those, `serve` may only add what Django
and the WSGI server add and the README documents: Content-Type (Django's default, when the view
set none), Content-Length, Date and Server.

The request `respond` gets is the one that arrives: header values without surrounding
whitespace (HTTP strips it), bytes decoded as Latin-1 (as WSGI does), not secure (plain HTTP).

Also checked: an edit of the policy file is served from the next requests on, the endpoint options (reference §7.1 P41: a view's `Vary: Cookie` becomes
`Vary: Cookie, origin`) and that a non-loopback --listen is refused without --allow-remote.

    serve_vs_respond.py --cli build/debug/app/cors-studio --work /tmp/svr [--policies 40]
"""

import argparse
import http.client
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, os.pardir, "differential"))

from generate_cases import generate  # noqa: E402

ADDED_BY_SERVE = {"content-type", "content-length", "date", "server"}


class Serve:
    """A running `cors-studio serve`; stops it on exit."""

    def __init__(self, cli, policy, extra=()):
        self.proc = subprocess.Popen(
            [cli, "serve", policy, "-q", "--listen", "127.0.0.1:0", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line:
            err = self.proc.stderr.read()
            self.proc.wait()
            raise RuntimeError(f"serve did not start: {err.strip()}")
        self.listening = json.loads(line)
        self.port = self.listening["port"]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def wire_value(value):
    """The header value's bytes on the wire and what the server decodes from them."""
    raw = value.encode("utf-8")
    return raw, raw.decode("latin-1").strip(" \t")


def send(conn_box, port, spec):
    """Sends one request as written; returns (status, [(name, value)], body). A connection that
    the server closed, reset or that timed out is opened again (up to a deadline, for a loaded
    machine); the last error is raised with what the attempts got."""
    headers = spec.get("headers", {})
    deadline = time.monotonic() + 120
    errors = []
    while True:
        conn = conn_box.get("conn")
        if conn is None:
            conn = conn_box["conn"] = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            conn.putrequest(spec.get("method", "GET"), spec.get("path", "/"),
                            skip_host=True, skip_accept_encoding=True)
            if not any(k.lower() == "host" for k in headers):
                conn.putheader("Host", f"127.0.0.1:{port}")
            for name, value in headers.items():
                conn.putheader(name, wire_value(value)[0])
            conn.endheaders()
            response = conn.getresponse()
            body = response.read()
            return response.status, response.getheaders(), body
        except (http.client.HTTPException, OSError) as e:
            conn.close()
            conn_box["conn"] = None
            errors.append(f"{type(e).__name__}: {e}")
            # The first failure is a keep-alive connection the server closed: try again at once.
            if len(errors) >= 4 or time.monotonic() >= deadline:
                raise RuntimeError(f"{spec.get('method', 'GET')} {spec.get('path', '/')}: "
                                   f"{len(errors)} attempts: " + " | ".join(errors)) from e
            if len(errors) > 1:
                time.sleep(0.2 * len(errors))


def respond(cli, policy, profile, requests):
    lines = []
    for spec in requests:
        r = {"id": spec["id"], "method": spec.get("method", "GET"), "path": spec.get("path", "/"),
             "headers": {k: wire_value(v)[1] for k, v in spec.get("headers", {}).items()}}
        lines.append(json.dumps(r))
    out = subprocess.run([cli, "respond", policy, "-q", "--profile", profile],
                         input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=120)
    if out.returncode == 2:
        return None, out.stderr.strip()
    answers = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    return answers, None


def compare(spec, answer, status, headers):
    """The differences between respond's answer and what serve sent, in words."""
    problems = []
    expected_status = 500 if "error" in answer else answer["status"]
    if status != expected_status:
        problems.append(f"status {status}, respond says {expected_status}")
    expected = list(answer.get("headers", {}).items())
    expected_names = {name.lower() for name, _ in expected}
    sent = [(n, v) for n, v in headers if n.lower() not in ADDED_BY_SERVE or n.lower() in expected_names]
    if sent != expected:
        problems.append(f"headers {sent}, respond says {expected}")
    for name in ("content-type", "date", "server"):
        if name not in expected_names and sum(1 for n, _ in headers if n.lower() == name) != 1:
            problems.append(f"{name} not sent exactly once")
    return problems


def run_corpus(args):
    corpus = os.path.join(args.work, "corpus")
    names = generate(args.seed, args.policies, args.requests, corpus)
    total = 0
    failures = []
    skipped = 0
    for index, name in enumerate(names):
        policy = os.path.join(corpus, name + ".py")
        profile = "3.14" if index % 2 else "4.x"
        with open(os.path.join(corpus, name + ".requests.jsonl"), encoding="utf-8") as f:
            requests = [json.loads(line) for line in f if line.strip()]
        for r in requests:
            r.pop("secure", None)  # serve speaks plain HTTP: is_secure() is always false
        answers, error = respond(args.cli, policy, profile, requests)
        if answers is None:
            # A policy respond cannot load: serve must refuse it the same way.
            started = subprocess.run([args.cli, "serve", policy, "-q", "--profile", profile,
                                      "--listen", "127.0.0.1:0"], capture_output=True, timeout=30)
            if started.returncode != 2:
                failures.append((name, None, f"respond refused the policy ({error}), serve did not"))
            skipped += 1
            continue
        with Serve(args.cli, policy, ["--profile", profile]) as serve:
            conn_box = {}
            for spec, answer in zip(requests, answers):
                total += 1
                status, headers, _ = send(conn_box, serve.port, spec)
                for problem in compare(spec, answer, status, headers):
                    failures.append((name, spec, problem))
            if conn_box.get("conn"):
                conn_box["conn"].close()
    return total, skipped, failures


def run_endpoint_checks(args):
    failures = []
    policy = os.path.join(args.work, "allow_all.py")
    with open(policy, "w", encoding="utf-8") as f:
        f.write("CORS_ALLOW_ALL_ORIGINS = True\n")
    with Serve(args.cli, policy, ["--endpoint-header", "Vary: Cookie", "--endpoint-status", "404"]) as serve:
        status, headers, _ = send({}, serve.port, {"method": "GET", "path": "/x",
                                                   "headers": {"Origin": "https://a.example"}})
        vary = [v for n, v in headers if n.lower() == "vary"]
        if status != 404 or vary != ["Cookie, origin"]:
            failures.append(("endpoint", None, f"status {status}, Vary {vary}: expected 404, "
                             "['Cookie, origin'] (reference P41)"))
    # The policy file is watched: an edit is served from the next request on (bounded wait).
    with Serve(args.cli, policy) as serve:
        before = dict(send({}, serve.port, {"headers": {"Origin": "https://a.example"}})[1])
        with open(policy, "w", encoding="utf-8") as f:
            f.write('CORS_ALLOWED_ORIGINS = ["https://b.example"]\n')
        after = before
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            after = dict(send({}, serve.port, {"headers": {"Origin": "https://a.example"}})[1])
            if "access-control-allow-origin" not in after:
                break
            time.sleep(0.1)
        if before.get("access-control-allow-origin") != "*" or "access-control-allow-origin" in after:
            failures.append(("reload", None, f"before the edit {before}, after {after}"))
    refused = subprocess.run([args.cli, "serve", policy, "--listen", "0.0.0.0:0"],
                             capture_output=True, text=True, timeout=30)
    if refused.returncode != 2 or "--allow-remote" not in refused.stderr:
        failures.append(("listen", None, f"a non-loopback --listen gave exit {refused.returncode}: "
                         f"{refused.stderr.strip()}"))
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--policies", type=int, default=40)
    parser.add_argument("--requests", type=int, default=25)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)

    total, skipped, failures = run_corpus(args)
    failures += run_endpoint_checks(args)
    print(f"serve_vs_respond: {total} requests over {args.policies - skipped} policies "
          f"({skipped} unloadable, refused by both), {len(failures)} differences")
    for name, spec, problem in failures[:15]:
        print(f"  {name}: {json.dumps(spec, ensure_ascii=False) if spec else ''}\n    {problem}")
    return 1 if failures or total == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
