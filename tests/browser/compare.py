#!/usr/bin/python3
"""Agreement test: `cors-studio simulate` against real headless Chromium (or, with --browser
firefox, real headless Firefox ESR; with --browser safari, real WebKitGTK) talking to the real
django-cors-headers 3.14 (Debian), on the scenario corpus in tests/browser/corpus.

With --browser firefox the browser side is run_agreement_firefox.mjs (puppeteer-core over
WebDriver BiDi), the simulator runs with `--browser firefox`, and the scenarios that harness
cannot drive (opaque origins, cookies, waits, stream bodies; listed in WORK/browser/run.json) are
left out; --max N keeps the first N scenarios of each policy.

With --browser safari the browser side is run_agreement_webkit.py (WebKitWebDriver, classic
WebDriver, MiniBrowser under its own Xvfb), the simulator runs with `--browser safari`, and the
same scenarios are left out. Console lines cannot be captured over classic WebDriver, so instead
of `console` the script's error string is compared (the simulator's `script_error` with the
`TypeError: ...` the page's script caught; '' for both when allowed). --max N as for Firefox.

    compare.py --cli build/debug/app/cors-studio [--work DIR] [--only a,b] [--skip a,b]
               [--profile 3.14] [--contexts reuse|fresh] [--browser-results DIR]

1. Runs the browser side (run_agreement.mjs: Chromium + django_server.py) into WORK/browser,
   unless --browser-results points at the output of an earlier run.
2. Runs `CLI simulate POLICY --profile 3.14 --batch POLICY.jsonl` for every policy, into
   WORK/simulator.
3. Requires agreement, scenario by scenario, on: verdict; preflight; server_saw (methods in
   order, and the compared request headers of each: Origin, Access-Control-Request-Method,
   Access-Control-Request-Headers, Cookie when the scenario sets cookies, and the names the
   scenario's script set, minus the ones the browser owns; see compared_header_names); console
   (exact text); readable_headers (as a set of lower-case names).

Prints a summary and the first differences (all of them go to WORK/differences.jsonl) and exits
1 on any difference, 0 on full agreement. If node or Chromium is missing it prints
"browser/chromium_agreement SKIPPED: ..." and exits 0 (ctest reports the test as skipped); the
same with "browser/firefox_agreement SKIPPED:" (node, Firefox ESR) and
"browser/webkit_agreement SKIPPED:" (WebKitWebDriver, Xvfb).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP_MARK = "browser/chromium_agreement SKIPPED:"
FIREFOX_SKIP_MARK = "browser/firefox_agreement SKIPPED:"
WEBKIT_SKIP_MARK = "browser/webkit_agreement SKIPPED:"
SKIP_MARKS = {"chromium": SKIP_MARK, "firefox": FIREFOX_SKIP_MARK, "safari": WEBKIT_SKIP_MARK}
ENGINE_NAMES = {"chromium": "Chromium", "firefox": "Firefox", "safari": "WebKit"}

# Keep in step with comparedHeaderNames() in run_agreement.mjs.
BROWSER_OWNED = {"host", "connection", "user-agent", "accept-encoding", "content-length", "cookie",
                 "referer", "origin", "sec-fetch-site", "sec-fetch-mode", "sec-fetch-dest"}
PREFLIGHT_BROWSER_OWNED = {"accept", "accept-language"}
CORS_REQUEST_HEADERS = ("origin", "access-control-request-method", "access-control-request-headers")


def compared_header_names(scenario, method):
    names = set(CORS_REQUEST_HEADERS)
    for name in (scenario.get("headers") or {}):
        lower = name.lower()
        if lower in BROWSER_OWNED or lower.startswith(("sec-", "proxy-")):
            continue
        if method == "OPTIONS" and lower in PREFLIGHT_BROWSER_OWNED:
            continue
        names.add(lower)
    if scenario.get("cookies"):
        names.add("cookie")
    return names


def compact(scenario, entries, raw):
    """[{method, headers}] restricted to the compared names; raw=True: headers are [[n, v]...]."""
    out = []
    for entry in entries or []:
        method = entry.get("method")
        names = compared_header_names(scenario, method)
        pairs = entry.get("headers") or ([] if raw else {})
        if not raw:
            pairs = list(pairs.items()) if isinstance(pairs, dict) else pairs
        headers = {}
        for name, value in pairs:
            lower = name.lower()
            if lower in names:
                headers[lower] = f"{headers[lower]}, {value}" if lower in headers else value
        out.append({"method": method, "headers": headers})
    return out


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip() and not line.lstrip().startswith("//")]


def policies_in(corpus, only, skip):
    names = sorted(f[:-3] for f in os.listdir(corpus)
                   if f.endswith(".py") and os.path.exists(os.path.join(corpus, f[:-3] + ".jsonl")))
    if only:
        names = [n for n in names if n in only]
    return [n for n in names if n not in skip]


def skip(reason, mark=SKIP_MARK):
    print("=" * 78)
    print(f"{mark} {reason}")
    print("=" * 78)
    return 0


def find_prerequisites(args):
    if args.browser == "safari":
        for what, path in (("WebKitWebDriver (Debian webkit2gtk-driver)", args.webkit_driver),
                           ("Xvfb (Debian xvfb)", args.xvfb)):
            if not os.access(path, os.X_OK):
                return None, f"{what} not found ({path})"
        return args.python, None
    node = shutil.which(args.node) if not os.path.isabs(args.node) else (args.node if os.access(args.node, os.X_OK) else None)
    if not node:
        return None, f"node not found ({args.node})"
    if args.browser == "firefox":
        if not os.access(args.firefox, os.X_OK):
            return None, f"Firefox not found ({args.firefox})"
    elif not os.access(args.chromium, os.X_OK):
        return None, f"Chromium not found ({args.chromium})"
    return node, None


def ensure_node_modules(node):
    if all(os.path.isdir(os.path.join(HERE, "node_modules", m)) for m in ("playwright-core", "puppeteer-core")):
        return None
    proc = subprocess.run(["sh", os.path.join(HERE, "setup.sh")], capture_output=True, text=True)
    if proc.returncode != 0:
        return f"setup.sh (npm ci) failed:\n{proc.stdout}\n{proc.stderr}"
    return None


def run_browser(args, node, out_dir, policies):
    if args.browser == "safari":
        cmd = [args.python, os.path.join(HERE, "run_agreement_webkit.py"), "--corpus", args.corpus,
               "--out", out_dir, "--driver", args.webkit_driver, "--xvfb", args.xvfb,
               "--python", args.python, "--contexts", args.contexts, "--only", ",".join(policies)]
        if args.max:
            cmd += ["--max", str(args.max)]
        print(f"browser side: {' '.join(cmd[:2])} ... ({len(policies)} policies)", flush=True)
        return subprocess.run(cmd, cwd=HERE).returncode
    if args.browser == "firefox":
        cmd = [node, os.path.join(HERE, "run_agreement_firefox.mjs"), "--corpus", args.corpus,
               "--out", out_dir, "--firefox", args.firefox, "--python", args.python,
               "--only", ",".join(policies)]
        if args.max:
            cmd += ["--max", str(args.max)]
        print(f"browser side: {' '.join(cmd[:2])} ... ({len(policies)} policies)", flush=True)
        return subprocess.run(cmd, cwd=HERE).returncode
    cmd = [node, os.path.join(HERE, "run_agreement.mjs"), "--corpus", args.corpus, "--out", out_dir,
           "--chromium", args.chromium, "--python", args.python,
           "--contexts", args.contexts, "--only", ",".join(policies)]
    print(f"browser side: {' '.join(cmd[:2])} ... ({len(policies)} policies)", flush=True)
    proc = subprocess.run(cmd, cwd=HERE)
    return proc.returncode


def run_simulator(args, policy, out_dir):
    settings = os.path.join(args.corpus, policy + ".py")
    scenarios = os.path.join(args.corpus, policy + ".jsonl")
    cmd = [args.cli, "simulate", settings]
    if args.profile:
        cmd += ["--profile", args.profile]
    cmd += ["--batch", scenarios]
    if args.browser != "chromium":
        cmd += ["--browser", args.browser]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, (cmd, f"{type(exc).__name__}: {exc}")
    with open(os.path.join(out_dir, policy + ".jsonl"), "w", encoding="utf-8") as f:
        f.write(proc.stdout)
    if proc.returncode != 0 and not proc.stdout.strip():
        return None, (cmd, f"exited {proc.returncode}: {(proc.stderr or '').strip()[:600]}")
    answers = {}
    problems = []
    for number, line in enumerate(proc.stdout.splitlines(), 1):
        if not line.strip():
            continue
        try:
            answer = json.loads(line)
        except ValueError as exc:
            problems.append(f"output line {number} is not JSON ({exc}): {line[:200]}")
            continue
        if "id" not in answer:
            problems.append(f"output line {number} has no id: {line[:300]}")
            continue
        answers[answer["id"]] = answer
    if proc.returncode != 0:
        problems.append(f"exit code {proc.returncode}: {(proc.stderr or '').strip()[:300]}")
    return answers, problems


def normalize_readable(names):
    return sorted({str(n).lower() for n in (names or [])})


def compare_one(scenario, browser, sim):
    """The list of (field, browser value, simulator value) that differ."""
    diffs = []
    if "error" in sim and "verdict" not in sim:
        return [("error", None, sim["error"])]
    for field in ("verdict", "preflight"):
        if browser.get(field) != sim.get(field):
            diffs.append((field, browser.get(field), sim.get(field)))
    expected_saw = compact(scenario, browser.get("wire"), raw=True)
    actual_saw = compact(scenario, sim.get("server_saw"), raw=False)
    if expected_saw != actual_saw:
        diffs.append(("server_saw", expected_saw, actual_saw))
    if browser.get("engine") == "safari":
        # No console over classic WebDriver: the script's error string instead.
        browser_error = browser.get("fetch_error") or ""
        if browser_error != (sim.get("script_error") or ""):
            diffs.append(("script_error", browser_error, sim.get("script_error") or ""))
    else:
        browser_console = browser.get("console") or ""
        if browser.get("engine") == "firefox":
        # Firefox names the page's URL; the harness's pages live at ORIGIN/__cs/page, the
        # simulator's page is ORIGIN/.
            browser_console = browser_console.replace("/__cs/page may not load", "/ may not load")
        if browser_console != (sim.get("console") or ""):
            diffs.append(("console", browser_console, sim.get("console") or ""))
    if normalize_readable(browser.get("readable_headers")) != normalize_readable(sim.get("readable_headers")):
        diffs.append(("readable_headers", normalize_readable(browser.get("readable_headers")),
                      normalize_readable(sim.get("readable_headers"))))
    return diffs


def describe(scenario):
    keys = ("origin", "url", "method", "headers", "credentials", "mode", "api", "body", "body_kind",
            "blob_type", "cache", "upload_listeners", "duplex", "session", "advance", "cookies",
            "endpoint_status", "endpoint_headers", "preflight_status", "preflight_headers")
    return json.dumps({k: scenario[k] for k in keys if k in scenario and scenario[k] not in (None, {}, "")})


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", required=True, help="the cors-studio executable")
    parser.add_argument("--work", default=os.path.join(os.getcwd(), "chromium_agreement"))
    parser.add_argument("--corpus", default=os.path.join(HERE, "corpus"))
    parser.add_argument("--only", default="", help="comma-separated policy names")
    parser.add_argument("--skip", default="", help="comma-separated policy names to leave out")
    parser.add_argument("--profile", default="3.14", help="passed to simulate as --profile ('' for none)")
    parser.add_argument("--contexts", default="reuse", choices=("reuse", "fresh"))
    parser.add_argument("--browser-results", help="use this earlier browser output instead of running Chromium")
    parser.add_argument("--node", default=os.environ.get("CORS_NODE", "node"))
    parser.add_argument("--chromium", default=os.environ.get("CORS_CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument("--python", default="/usr/bin/python3", help="interpreter with Django for the server")
    parser.add_argument("--max-diffs", type=int, default=25, help="differences printed in full")
    parser.add_argument("--browser", default="chromium", choices=("chromium", "firefox", "safari"))
    parser.add_argument("--firefox", default=os.environ.get("CORS_FIREFOX", "/usr/bin/firefox-esr"))
    parser.add_argument("--webkit-driver", default=os.environ.get("CORS_WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver"))
    parser.add_argument("--xvfb", default=os.environ.get("CORS_XVFB", "/usr/bin/Xvfb"))
    parser.add_argument("--max", type=int, default=0,
                        help="firefox, safari: the first N runnable scenarios of each policy")
    args = parser.parse_args(argv[1:])
    args.corpus = os.path.abspath(args.corpus)
    args.cli = os.path.abspath(args.cli)
    only = {n for n in args.only.split(",") if n}
    skipped = {n for n in args.skip.split(",") if n}
    policies = policies_in(args.corpus, only, skipped)
    if not policies:
        print(f"no policies selected in {args.corpus}")
        return 1

    started = time.time()
    os.makedirs(args.work, exist_ok=True)
    if args.browser_results:
        browser_dir = os.path.abspath(args.browser_results)
    else:
        node, missing = find_prerequisites(args)
        if missing:
            return skip(missing, SKIP_MARKS[args.browser])
        if args.browser != "safari":
            problem = ensure_node_modules(node)
            if problem:
                print(problem)
                return 1
        browser_dir = os.path.join(args.work, "browser")
        if os.path.isdir(browser_dir):
            shutil.rmtree(browser_dir)
        code = run_browser(args, node, browser_dir, policies)
        if code != 0:
            print(f"FAIL: the browser side exited {code} (3 = some scenarios hit harness errors; "
                  f"see {browser_dir})")
            if code != 3:
                return 1
    browser_seconds = time.time() - started

    sim_dir = os.path.join(args.work, "simulator")
    os.makedirs(sim_dir, exist_ok=True)
    all_diffs = []
    simulate_failures = {}
    per_policy = {}
    total = agreed = 0
    harness_errors = 0
    for policy in policies:
        scenarios = {s["id"]: s for s in read_jsonl(os.path.join(args.corpus, policy + ".jsonl"))}
        browser_path = os.path.join(browser_dir, policy + ".browser.jsonl")
        if not os.path.exists(browser_path):
            simulate_failures[policy] = (None, f"no browser results at {browser_path}")
            continue
        browser = {r["id"]: r for r in read_jsonl(browser_path)}
        if args.browser in ("firefox", "safari"):
            # Only what the Firefox / WebKit harness ran (see its run.json for what it leaves out).
            scenarios = {sid: s for sid, s in scenarios.items() if sid in browser}
        answers, problems = run_simulator(args, policy, sim_dir)
        if answers is None:
            simulate_failures[policy] = problems
            total += len(scenarios)
            continue
        ok = 0
        for sid, scenario in scenarios.items():
            total += 1
            result = browser.get(sid)
            if result is None or "harness_error" in result:
                harness_errors += 1
                all_diffs.append({"policy": policy, "id": sid, "scenario": scenario,
                                  "diffs": [("harness_error", (result or {}).get("harness_error", "missing"), None)]})
                continue
            sim = answers.get(sid)
            diffs = [("missing", "a line for this id", None)] if sim is None else compare_one(scenario, result, sim)
            if diffs:
                all_diffs.append({"policy": policy, "id": sid, "scenario": scenario, "diffs": diffs})
            else:
                ok += 1
        agreed += ok
        per_policy[policy] = (ok, len(scenarios), problems)

    with open(os.path.join(args.work, "differences.jsonl"), "w", encoding="utf-8") as f:
        for d in all_diffs:
            f.write(json.dumps({**d, "diffs": [{"field": a, "browser": b, "simulator": c} for a, b, c in d["diffs"]]}) + "\n")

    print()
    engine = ENGINE_NAMES[args.browser]
    print(f"{engine} agreement: {agreed}/{total} scenarios agree across {len(policies)} policies "
          f"(browser side {browser_seconds:.0f} s, total {time.time() - started:.0f} s)")
    run_json = os.path.join(browser_dir, "run.json")
    if args.browser in ("firefox", "safari") and os.path.exists(run_json):
        with open(run_json, encoding="utf-8") as f:
            left_out = json.load(f).get("skipped") or {}
        left_out = {k: v for k, v in left_out.items() if k.split("#")[0] in policies}
        if left_out:
            reasons = {}
            for reason in left_out.values():
                reasons[reason] = reasons.get(reason, 0) + 1
            print(f"  left out (the harness cannot drive them): {len(left_out)} scenarios: "
                  + ", ".join(f"{r} {n}" for r, n in sorted(reasons.items())))
    for policy, (ok, n, problems) in per_policy.items():
        mark = "ok " if ok == n and not problems else "DIFF"
        print(f"  {mark} {policy}: {ok}/{n}" + (f"  [{'; '.join(problems)[:200]}]" if problems else ""))
    if simulate_failures:
        print(f"\nFAIL: `simulate` did not run for {len(simulate_failures)} of {len(policies)} policies.")
        first_cmd = next((c for c, _ in simulate_failures.values() if c), None)
        if first_cmd:
            print(f"  e.g. `{' '.join(first_cmd)}`")
        reasons = {}
        for policy, (_, reason) in simulate_failures.items():
            reasons.setdefault(reason, []).append(policy)
        for reason, names in reasons.items():
            who = "every policy" if len(names) == len(policies) else ", ".join(names)
            print(f"  {who}: {reason}")
        print("  (Expected until `cors-studio simulate POLICY --batch FILE` exists; the browser results "
              f"are in {browser_dir}.)")
    if harness_errors:
        print(f"\nFAIL: {harness_errors} scenarios have no usable browser result (harness errors).")
    if all_diffs:
        print(f"\nFirst differences (all {len(all_diffs)} in {os.path.join(args.work, 'differences.jsonl')}):")
        for d in all_diffs[: args.max_diffs]:
            print(f"- {d['policy']} #{d['id']}: {describe(d['scenario'])}")
            for field, b, s in d["diffs"]:
                print(f"    {field}:\n      {args.browser}:  {json.dumps(b, ensure_ascii=False)}\n"
                      f"      simulator: {json.dumps(s, ensure_ascii=False)}")
    if all_diffs or simulate_failures or harness_errors:
        return 1
    print(f"PASS: the simulator agrees with {engine} on every scenario.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
