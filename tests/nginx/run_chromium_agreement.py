#!/usr/bin/python3
"""Real Chromium through a real nginx in front of a real Django 3.2 + django-cors-headers 3.14
stack (loopback only), against `cors-studio simulate --stack --proxy --format json`.

    run_chromium_agreement.py --cli build/release/app/cors-studio --work /tmp/ngx-chromium

The nginx files are tests/data/nginx/*.conf, the ones tst_clitest runs through `test --proxy`
(their `listen 8080` and upstream `127.0.0.1:8000` are replaced by free loopback ports):
nginx and Django both adding Access-Control-Allow-Origin, nginx answering preflights with a
bare 204, add_header without `always` in front of a Django that sends no CORS headers (its
500 and 404), and a plain proxy. For each, the scenarios below run in headless Chromium
(run_chromium_agreement.mjs, playwright-core of tests/browser) and through the simulator;
verdict, status, Chromium's CORS console line and its DevTools corsError must agree.

Readiness is waited for, never slept on: stack_server.py prints its port once it accepts,
nginx is ready once it owns its listening socket (tests/nginx/run_agreement.py's Nginx), and
control requests retry to a deadline. Exits 1 on a difference, 0 on agreement; prints
"nginx/chromium_agreement SKIPPED: ..." and exits 0 when nginx, node or Chromium is missing.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import run_agreement  # noqa: E402  (Nginx, free_port, die_with_parent)
import run_proxy_differential as proxydiff  # noqa: E402  (Django, write_settings, middleware)

SKIPPED = "nginx/chromium_agreement SKIPPED:"
DATA = os.path.join(ROOT, "tests", "data", "nginx")

# The stacks of tst_clitest's documents (tests/cli/tst_clitest.cpp, proxiedStack).
MIDDLEWARE = proxydiff.middleware("security", "cors", "common", "csrf")
STACKS = {
    "cors": {"ALLOWED_HOSTS": ["*"], "MIDDLEWARE": MIDDLEWARE,
             "CORS_ALLOWED_ORIGINS": ["http://app.test"], "CORS_ALLOW_CREDENTIALS": True},
    "silent": {"ALLOWED_HOSTS": ["*"],
               "MIDDLEWARE": [m for m in MIDDLEWARE if "corsheaders" not in m]},
}
ROUTES = {
    "routes": [{"path": "api/items/", "view": "csrf_exempt"},
               {"path": "api/error/", "view": "error"}],
    "identities": {"sessions": [], "tokens": [], "basic": []},
}

ITEMS = "http://api.test/api/items/"
GET = {"origin": "http://app.test", "url": ITEMS, "credentials": "include"}
PUT = {"origin": "http://app.test", "url": ITEMS, "method": "PUT", "credentials": "include",
       "headers": {"Content-Type": "application/json"}, "body": "{}"}
ERROR_CREDENTIALED = {"origin": "http://app.test", "url": "http://api.test/api/error/",
                      "credentials": "include"}
OTHER_ORIGIN = {"origin": "http://evil.test", "url": ITEMS, "credentials": "include"}
PLAIN_GET = {"origin": "http://app.test", "url": ITEMS}
ERROR = {"origin": "http://app.test", "url": "http://api.test/api/error/"}
MISSING = {"origin": "http://app.test", "url": "http://api.test/api/missing/"}
SIMPLE_POST = {"origin": "http://app.test", "url": ITEMS, "method": "POST", "body": "x"}

# (nginx file, stack, scenarios)
CASES = [
    ("proxy-plain.conf", "cors", [GET, PUT, ERROR_CREDENTIALED, OTHER_ORIGIN]),
    ("duplicate-allow-origin.conf", "cors", [GET, PUT, ERROR_CREDENTIALED, OTHER_ORIGIN]),
    ("preflight-answered.conf", "cors", [GET, PUT]),
    ("error-without-always.conf", "silent", [PLAIN_GET, ERROR, MISSING, SIMPLE_POST]),
]


def console_error(text):
    """Chromium's CORS line ("Access to fetch at ... blocked by CORS policy: ..."), or ""."""
    return "\n".join(l for l in (text or "").split("\n") if "CORS policy" in l)


def compare(chromium, model):
    diffs = []
    for key in ("verdict", "status", "cors_error"):
        want = chromium.get(key)
        got = model.get(key)
        if key == "status" and chromium.get("verdict") != "allowed":
            continue
        if key == "cors_error" and not want and not got:
            continue
        if want != got:
            diffs.append((key, want, got))
    if console_error(chromium.get("console")) != console_error(model.get("console")):
        diffs.append(("console", console_error(chromium.get("console")),
                      console_error(model.get("console"))))
    return diffs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cli", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--nginx", default="/usr/sbin/nginx")
    parser.add_argument("--node", default="node")
    parser.add_argument("--chromium", default=os.environ.get("CORS_CHROMIUM", "/usr/bin/chromium"))
    args = parser.parse_args()
    node = shutil.which(args.node)
    for missing, what in ((not os.access(args.nginx, os.X_OK), f"nginx not found ({args.nginx})"),
                          (not node, f"node not found ({args.node})"),
                          (not os.access(args.chromium, os.X_OK),
                           f"Chromium not found ({args.chromium})")):
        if missing:
            print(f"{SKIPPED} {what}")
            return 0
    browser_dir = os.path.join(ROOT, "tests", "browser")
    if not os.path.isdir(os.path.join(browser_dir, "node_modules", "playwright-core")):
        proc = subprocess.run(["sh", os.path.join(browser_dir, "setup.sh")], capture_output=True,
                              text=True, timeout=600)
        if proc.returncode != 0:
            print(f"setup.sh (npm ci) failed:\n{proc.stdout}\n{proc.stderr}")
            return 1

    os.makedirs(args.work, exist_ok=True)
    routes = os.path.join(args.work, "routes.json")
    with open(routes, "w", encoding="utf-8") as f:
        json.dump(ROUTES, f)
    for name, values in STACKS.items():
        proxydiff.write_settings(os.path.join(args.work, f"{name}.settings.py"), values)

    django = proxydiff.Django(args.work)
    problems = []
    compared = 0
    try:
        for conf_name, stack, scenarios in CASES:
            case = f"{conf_name[:-5]}.{stack}"
            work = os.path.join(args.work, case)
            os.makedirs(work, exist_ok=True)
            port = run_agreement.free_port()
            with open(os.path.join(DATA, conf_name), encoding="utf-8") as f:
                text = f.read()
            if "listen 8080;" not in text or "http://127.0.0.1:8000" not in text:
                problems.append(f"{case}: {conf_name} has no 'listen 8080;' or upstream to replace")
                continue
            site = os.path.join(work, "site.conf")
            with open(site, "w", encoding="utf-8") as f:
                f.write(text.replace("listen 8080;", f"listen 127.0.0.1:{port};")
                        .replace("http://127.0.0.1:8000", f"http://127.0.0.1:{django.port}"))
            lines = os.path.join(work, "scenarios.jsonl")
            with open(lines, "w", encoding="utf-8") as f:
                for i, s in enumerate(scenarios):
                    f.write(json.dumps({"id": i + 1, **s}) + "\n")
            settings = os.path.join(args.work, f"{stack}.settings.py")

            nginx = run_agreement.Nginx(args.nginx, work, site, port)
            tested = nginx.test()
            if tested.returncode != 0:
                problems.append(f"{case}: nginx -t failed: {tested.stderr.strip()}")
                continue
            django.activate(settings, routes)
            browser_out = os.path.join(work, "chromium.jsonl")
            try:
                nginx.start()
                run = subprocess.run([node, os.path.join(HERE, "run_chromium_agreement.mjs"),
                                      "--port", str(port), "--scenarios", lines,
                                      "--out", browser_out, "--chromium", args.chromium],
                                     capture_output=True, text=True, timeout=300)
            finally:
                nginx.stop()
            if run.returncode != 0:
                problems.append(f"{case}: Chromium harness failed ({run.returncode}): "
                                f"{run.stderr[-2000:]}")
                continue
            sim = subprocess.run([args.cli, "simulate", settings, "--profile", "3.14", "-q",
                                  "--stack", "--routes", routes, "--proxy", site,
                                  "--format", "json", "--batch", lines],
                                 capture_output=True, text=True, timeout=120)
            if sim.returncode != 0:
                problems.append(f"{case}: simulate failed ({sim.returncode}): {sim.stderr}")
                continue
            model = {json.loads(l)["id"]: json.loads(l) for l in sim.stdout.splitlines() if l}
            with open(browser_out, encoding="utf-8") as f:
                real = [json.loads(l) for l in f if l.strip()]
            for r in real:
                s = scenarios[r["id"] - 1]
                label = f"{case} #{r['id']} {s.get('method', 'GET')} {s['url']} from {s['origin']}"
                m = model.get(r["id"], {})
                compared += 1
                print(f"{label}: Chromium {r.get('verdict')} {r.get('cors_error') or ''}".rstrip())
                for key, want, got in compare(r, m):
                    problems.append(f"{label}: {key}\n      chromium:  {json.dumps(want)}\n"
                                    f"      simulator: {json.dumps(got)}")
    finally:
        django.stop()
    if problems:
        print(f"{len(problems)} differences:")
        for p in problems:
            print("  " + p)
        return 1
    print(f"simulate --stack --proxy agrees with real Chromium through the real nginx + Django "
          f"({compared} scenarios, {len(CASES)} nginx files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
