#!/usr/bin/python3
"""Stack agreement test: `cors-studio simulate --stack` against real headless Chromium talking to a
real Django 3.2 + django-cors-headers 3.14 + DRF 3.14 stack, on the corpus in corpus/.

    compare_stack.py --cli build/release/app/cors-studio [--work DIR] [--only a,b] [--skip a,b]
                     [--browser-results DIR] [--max-diffs 30]

1. Runs the browser side (run_stack_agreement.mjs: Chromium + stack_server.py) into WORK/browser,
   unless --browser-results points at the output of an earlier run.
2. Runs `CLI simulate NAME.settings.py --profile 3.14 --stack --routes NAME.routes.json
   --batch NAME.jsonl` for every stack, into WORK/simulator.
3. Requires agreement, scenario by scenario, on:
   * verdict (allowed / blocked) and preflight (an OPTIONS with Access-Control-Request-Method
     reached Django);
   * server_saw: the requests that reached Django, in order: method, URL (scheme, Host, path and
     query) and the compared request headers (tests/browser/compare.py's rule: Origin, including
     the tainted "null" after a cross-origin redirect, Access-Control-Request-Method/-Headers,
     Cookie when the scenario sets cookies, and the script's own headers such as Authorization,
     which Chromium drops on a cross-origin redirect);
   * console: the CORS line Chromium logged, exactly;
   * status, when both sides say allowed.
   readable_headers and response_type are compared too but only reported ("notes"): they do
   not fail the test.

Prints a summary and the first differences (all of them in WORK/differences.jsonl) and exits 1 on
any difference, 0 on full agreement. Prints "browser/stack_agreement SKIPPED: ..." and exits 0
when node or Chromium is missing.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from urllib.parse import urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
BROWSER_DIR = os.path.normpath(os.path.join(HERE, os.pardir, os.pardir, "browser"))
sys.path.insert(0, BROWSER_DIR)

from compare import (compared_header_names, ensure_node_modules, find_prerequisites,  # noqa: E402
                     normalize_readable, read_jsonl)

SKIP_MARK = "browser/stack_agreement SKIPPED:"


def normalize_url(url):
    """scheme://host[:port]/path?query with the default port left out and host lower-cased."""
    if not url:
        return url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = parts.path or "/"
    return f"{parts.scheme}://{host}{path}" + (f"?{parts.query}" if parts.query else "")


def saw(scenario, entries, raw):
    out = []
    for entry in entries or []:
        method = entry.get("method")
        names = compared_header_names(scenario, method)
        pairs = entry.get("headers") or []
        if not raw:
            pairs = list(pairs.items()) if isinstance(pairs, dict) else pairs
        headers = {}
        for name, value in pairs:
            lower = name.lower()
            if lower in names:
                headers[lower] = f"{headers[lower]}, {value}" if lower in headers else value
        out.append({"method": method, "url": normalize_url(entry.get("url")), "headers": headers})
    return out


def stacks_in(corpus, only, skip):
    names = sorted(f[: -len(".settings.py")] for f in os.listdir(corpus) if f.endswith(".settings.py"))
    names = [n for n in names if os.path.exists(os.path.join(corpus, n + ".jsonl"))
             and os.path.exists(os.path.join(corpus, n + ".routes.json"))]
    if only:
        names = [n for n in names if n in only]
    return [n for n in names if n not in skip]


def run_simulator(args, name, out_dir):
    cmd = [args.cli, "simulate", os.path.join(args.corpus, name + ".settings.py"), "--profile", "3.14",
           "--stack", "--routes", os.path.join(args.corpus, name + ".routes.json"),
           "--batch", os.path.join(args.corpus, name + ".jsonl")]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, [f"{' '.join(cmd)}: {type(exc).__name__}: {exc}"]
    with open(os.path.join(out_dir, name + ".jsonl"), "w", encoding="utf-8") as f:
        f.write(proc.stdout)
    if proc.returncode != 0 and not proc.stdout.strip():
        return None, [f"`{' '.join(cmd)}` exited {proc.returncode}: {(proc.stderr or '').strip()[:600]}"]
    answers, problems = {}, []
    for number, line in enumerate(proc.stdout.splitlines(), 1):
        if not line.strip():
            continue
        try:
            answer = json.loads(line)
        except ValueError as exc:
            problems.append(f"output line {number} is not JSON ({exc})")
            continue
        if "id" in answer:
            answers[answer["id"]] = answer
        else:
            problems.append(f"output line {number} has no id: {line[:300]}")
    if proc.returncode != 0:
        problems.append(f"exit code {proc.returncode}: {(proc.stderr or '').strip()[:300]}")
    return answers, problems


def compare_one(scenario, browser, sim):
    """(hard differences, notes): lists of (field, chromium value, simulator value)."""
    if "error" in sim and "verdict" not in sim:
        return [("error", None, sim["error"])], []
    hard, notes = [], []
    for field in ("verdict", "preflight"):
        if browser.get(field) != sim.get(field):
            hard.append((field, browser.get(field), sim.get(field)))
    expected, actual = saw(scenario, browser.get("wire"), True), saw(scenario, sim.get("server_saw"), False)
    if expected != actual:
        hard.append(("server_saw", expected, actual))
    if (browser.get("console") or "") != (sim.get("console") or ""):
        hard.append(("console", browser.get("console") or "", sim.get("console") or ""))
    if browser.get("verdict") == "allowed" and sim.get("verdict") == "allowed" \
            and browser.get("status") != sim.get("status"):
        hard.append(("status", browser.get("status"), sim.get("status")))
    if normalize_readable(browser.get("readable_headers")) != normalize_readable(sim.get("readable_headers")):
        notes.append(("readable_headers", normalize_readable(browser.get("readable_headers")),
                      normalize_readable(sim.get("readable_headers"))))
    if browser.get("verdict") == "allowed" and browser.get("response_type") != sim.get("response_type"):
        notes.append(("response_type", browser.get("response_type"), sim.get("response_type")))
    return hard, notes


def describe(scenario):
    keys = ("origin", "url", "method", "headers", "credentials", "api", "body", "cookies", "session")
    return json.dumps({k: scenario[k] for k in keys if k in scenario and scenario[k] not in (None, {}, "")})


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", required=True, help="the cors-studio executable")
    parser.add_argument("--work", default=os.path.join(os.getcwd(), "stack_agreement"))
    parser.add_argument("--corpus", default=os.path.join(HERE, "corpus"))
    parser.add_argument("--only", default="", help="comma-separated stack names")
    parser.add_argument("--skip", default="", help="comma-separated stack names to leave out")
    parser.add_argument("--browser-results", help="use this earlier browser output instead of running Chromium")
    parser.add_argument("--node", default=os.environ.get("CORS_NODE", "node"))
    parser.add_argument("--chromium", default=os.environ.get("CORS_CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument("--python", default="/usr/bin/python3", help="interpreter with Django for the server")
    parser.add_argument("--max-diffs", type=int, default=30, help="differences printed in full")
    args = parser.parse_args(argv[1:])
    args.browser = "chromium"  # the stack corpus runs in Chromium (find_prerequisites asks)
    args.corpus = os.path.abspath(args.corpus)
    args.cli = os.path.abspath(args.cli)
    stacks = stacks_in(args.corpus, {n for n in args.only.split(",") if n}, {n for n in args.skip.split(",") if n})
    if not stacks:
        print(f"no stacks selected in {args.corpus}")
        return 1

    started = time.time()
    os.makedirs(args.work, exist_ok=True)
    if args.browser_results:
        browser_dir = os.path.abspath(args.browser_results)
    else:
        node, missing = find_prerequisites(args)
        if missing:
            print(f"{SKIP_MARK} {missing}")
            return 0
        problem = ensure_node_modules(node)
        if problem:
            print(problem)
            return 1
        browser_dir = os.path.join(args.work, "browser")
        if os.path.isdir(browser_dir):
            shutil.rmtree(browser_dir)
        cmd = [node, os.path.join(HERE, "run_stack_agreement.mjs"), "--corpus", args.corpus, "--out", browser_dir,
               "--chromium", args.chromium, "--python", args.python, "--only", ",".join(stacks)]
        print(f"browser side: {' '.join(cmd[:2])} ... ({len(stacks)} stacks)", flush=True)
        code = subprocess.run(cmd, cwd=HERE).returncode
        if code not in (0, 3):
            print(f"FAIL: the browser side exited {code} (see {browser_dir})")
            return 1
    browser_seconds = time.time() - started

    sim_dir = os.path.join(args.work, "simulator")
    os.makedirs(sim_dir, exist_ok=True)
    all_diffs, all_notes, per_stack, failures = [], [], {}, {}
    total = agreed = 0
    for name in stacks:
        scenarios = {s["id"]: s for s in read_jsonl(os.path.join(args.corpus, name + ".jsonl"))}
        browser_path = os.path.join(browser_dir, name + ".browser.jsonl")
        total += len(scenarios)
        if not os.path.exists(browser_path):
            failures[name] = f"no browser results at {browser_path}"
            continue
        browser = {r["id"]: r for r in read_jsonl(browser_path)}
        answers, problems = run_simulator(args, name, sim_dir)
        if answers is None:
            failures[name] = "; ".join(problems)
            continue
        ok = 0
        for sid, scenario in scenarios.items():
            result = browser.get(sid)
            if result is None or "harness_error" in result:
                all_diffs.append({"stack": name, "id": sid, "scenario": scenario,
                                  "diffs": [("harness_error", (result or {}).get("harness_error", "missing"), None)]})
                continue
            sim = answers.get(sid)
            hard, notes = ([("missing", "a line for this id", None)], []) if sim is None \
                else compare_one(scenario, result, sim)
            if notes:
                all_notes.append({"stack": name, "id": sid, "notes": notes})
            if hard:
                all_diffs.append({"stack": name, "id": sid, "scenario": scenario, "diffs": hard,
                                  "chromium_url_chain": result.get("url_chain")})
            else:
                ok += 1
        agreed += ok
        per_stack[name] = (ok, len(scenarios), problems)

    with open(os.path.join(args.work, "differences.jsonl"), "w", encoding="utf-8") as f:
        for d in all_diffs:
            f.write(json.dumps({**d, "diffs": [{"field": a, "chromium": b, "simulator": c} for a, b, c in d["diffs"]]})
                    + "\n")
    with open(os.path.join(args.work, "notes.jsonl"), "w", encoding="utf-8") as f:
        for n in all_notes:
            f.write(json.dumps({**n, "notes": [{"field": a, "chromium": b, "simulator": c} for a, b, c in n["notes"]]})
                    + "\n")

    print()
    print(f"Stack agreement: {agreed}/{total} scenarios agree across {len(stacks)} stacks "
          f"(browser side {browser_seconds:.0f} s, total {time.time() - started:.0f} s); "
          f"{len(all_notes)} scenarios with notes (readable_headers/response_type, not failing)")
    for name, (ok, n, problems) in per_stack.items():
        mark = "ok  " if ok == n and not problems else "DIFF"
        print(f"  {mark} {name}: {ok}/{n}" + (f"  [{'; '.join(problems)[:200]}]" if problems else ""))
    for name, reason in failures.items():
        print(f"  FAIL {name}: {reason[:400]}")
    if all_diffs:
        print(f"\nFirst differences (all {len(all_diffs)} in {os.path.join(args.work, 'differences.jsonl')}):")
        for d in all_diffs[: args.max_diffs]:
            print(f"- {d['stack']} #{d['id']}: {describe(d['scenario'])}")
            for field, b, s in d["diffs"]:
                print(f"    {field}:\n      chromium:  {json.dumps(b)}\n      simulator: {json.dumps(s)}")
    if all_diffs or failures:
        return 1
    print("PASS: the simulator agrees with Chromium on every scenario.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
