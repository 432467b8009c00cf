#!/usr/bin/python3
"""Real headless Chromium, running scenarios from `serve`'s test page, agrees with `simulate`.

Starts `cors-studio serve chromium/policy.py --scenarios chromium/scenarios.jsonl` on loopback,
lets real Chromium (Debian's /usr/bin/chromium through playwright-core, as tests/browser) open
the test page and run each scenario as written (chromium/run_page.mjs), then compares, per
scenario, what the browser did and what reached `serve` (its request log on stdout) with
`cors-studio simulate chromium/policy.py --batch chromium/scenarios.jsonl`:
  verdict, whether a preflight was sent, the methods that reached the server in order, the
  status and the header names the script could read (allowed requests).

Prints `live/chromium_serve SKIPPED: ...` and exits 0 when node, Chromium or playwright-core
is missing; exits 1 on any disagreement.

    chromium_serve.py --cli build/debug/app/cors-studio --work /tmp/cs
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
POLICY = os.path.join(HERE, "chromium", "policy.py")
SCENARIOS = os.path.join(HERE, "chromium", "scenarios.jsonl")
BROWSER_DIR = os.path.join(HERE, os.pardir, "browser")


def skip(reason):
    print(f"live/chromium_serve SKIPPED: {reason}")
    sys.exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--chromium", default=os.environ.get("CORS_CHROMIUM", "/usr/bin/chromium"))
    args = parser.parse_args()

    if not shutil.which("node"):
        skip("node is not installed")
    if not os.access(args.chromium, os.X_OK):
        skip(f"{args.chromium} is not installed")
    if subprocess.run(["sh", os.path.join(BROWSER_DIR, "setup.sh")]).returncode != 0:
        skip("playwright-core could not be installed (tests/browser/setup.sh)")
    os.makedirs(args.work, exist_ok=True)

    log_path = os.path.join(args.work, "serve.jsonl")
    with open(log_path, "w", encoding="utf-8") as log:
        serve = subprocess.Popen([args.cli, "serve", POLICY, "-q", "--scenarios", SCENARIOS,
                                  "--listen", "127.0.0.1:0"], stdout=log, stderr=subprocess.PIPE, text=True)
    try:
        listening = None
        deadline = time.monotonic() + 120  # a deadline, not an expected time
        while listening is None and time.monotonic() < deadline and serve.poll() is None:
            with open(log_path, encoding="utf-8") as f:
                first = f.readline()
            if first.endswith("\n"):
                listening = json.loads(first)
            else:
                time.sleep(0.05)
        if listening is None:
            print(f"serve did not start: {serve.stderr.read() if serve.poll() is not None else 'timeout'}")
            return 1
        results_path = os.path.join(args.work, "browser.jsonl")
        page = subprocess.run(["node", os.path.join(HERE, "chromium", "run_page.mjs"),
                               "--page-port", str(listening["page_port"]),
                               "--policy-port", str(listening["port"]),
                               "--out", results_path, "--chromium", args.chromium], timeout=480)
        if page.returncode == 2:
            print("run_page.mjs could not run")
            return 1
    finally:
        serve.terminate()
        serve.wait(timeout=10)

    with open(results_path, encoding="utf-8") as f:
        browser = {r["name"]: r for r in map(json.loads, f)}
    with open(log_path, encoding="utf-8") as f:
        events = [json.loads(line) for line in f if line.strip()]
    seen = {}
    for e in events:
        if e.get("event") == "request" and e.get("binding"):
            seen.setdefault(e["binding"], []).append(e)
    sim = subprocess.run([args.cli, "simulate", POLICY, "-q", "--batch", SCENARIOS],
                         capture_output=True, text=True, timeout=120)
    simulated = [json.loads(line) for line in sim.stdout.splitlines() if line.strip()]

    failures = []
    for index, s in enumerate(simulated):
        name = str(s["id"])
        b = browser.get(name)
        if b is None or "harness_error" in b:
            failures.append(f"{name}: the browser did not run it ({b and b.get('harness_error')})")
            continue
        requests = seen.get(f"live/{index + 1}", [])
        methods = [r["method"] for r in requests]
        preflight = any(r["method"] == "OPTIONS" and any(n.lower() == "access-control-request-method"
                                                         for n, _ in r["headers"]) for r in requests)
        problems = []
        if b["verdict"] != s["verdict"]:
            problems.append(f"verdict: Chromium {b['verdict']} ({b['error']}), simulate {s['verdict']} "
                            f"({s['console'] or s['script_error']})")
        if preflight != s["preflight"]:
            problems.append(f"preflight: Chromium {preflight}, simulate {s['preflight']}")
        if methods != [w["method"] for w in s["server_saw"]]:
            problems.append(f"serve saw {methods}, simulate predicts {[w['method'] for w in s['server_saw']]}")
        if b["verdict"] == "allowed" == s["verdict"]:
            if b["status"] != s["status"]:
                problems.append(f"status: Chromium {b['status']}, simulate {s['status']}")
            if sorted(b["readable_headers"]) != sorted(h.lower() for h in s["readable_headers"]):
                problems.append(f"readable headers: Chromium {b['readable_headers']}, "
                                f"simulate {s['readable_headers']}")
        if problems:
            failures.append(f"{name}: " + "; ".join(problems))
        elif not b["page_agrees"]:
            failures.append(f"{name}: simulate agrees but the test page reports {b['page_disagreements']}")

    allowed = sum(1 for s in simulated if s["verdict"] == "allowed")
    print(f"live/chromium_serve: {len(simulated)} scenarios ({allowed} allowed, "
          f"{len(simulated) - allowed} blocked), {len(failures)} disagreements")
    for failure in failures:
        print("  " + failure)
    return 1 if failures or not simulated else 0


if __name__ == "__main__":
    sys.exit(main())
