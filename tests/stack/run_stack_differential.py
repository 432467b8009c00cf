#!/usr/bin/python3
"""Differential test of the whole request stack: `cors-studio respond --profile 3.14 --stack`
against real Django 3.2 + django-cors-headers 3.14 + DRF 3.14 (stack_oracle.py).

    run_stack_differential.py --cli build/release/app/cors-studio --work /tmp/stack \
        [--stacks N --requests M --seed S]
    run_stack_differential.py --oracle-only --work /tmp/stack [--stacks N ...]

Per request it compares the status and the set of (name, value) pairs of the headers named
`Vary`, `Location` or `Access-Control-*` (exact name spelling, exact value). Everything else
(Content-Length, Set-Cookie, X-Frame-Options, ...) is ignored. A CLI line {"line": N,
"error": ...} (request refused) or a missing answer is a difference, and so is an oracle crash.

Prints a summary, the first 20 differences and a coverage table; exits 1 on any difference.
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generate_stack_cases  # noqa: E402

ORACLE = os.path.join(HERE, "stack_oracle.py")
PYTHON = "/usr/bin/python3"


def relevant(name):
    return name in ("Vary", "Location") or name.startswith("Access-Control-")


def pick_headers(pairs):
    return sorted({(k, v) for k, v in pairs if relevant(k)})


def run_oracle(manifest):
    proc = subprocess.run([PYTHON, ORACLE, "--batch", manifest], capture_output=True,
                          text=True, encoding="utf-8")
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"oracle failed with exit code {proc.returncode}")
    answers = {}
    for line in proc.stdout.splitlines():
        if line.strip():
            a = json.loads(line)
            answers[(a["case"], a["id"])] = a
    return answers


def run_cli_case(cli, entry):
    with open(entry["requests"], encoding="utf-8") as f:
        stdin_text = f.read()
    args = [cli, "respond", "--profile", "3.14", "--stack", "--routes", entry["routes"],
            entry["settings"]]
    try:
        proc = subprocess.run(args, input=stdin_text, capture_output=True, text=True,
                              encoding="utf-8", timeout=300)
    except Exception as exc:  # timeout, missing binary
        return {"fatal": f"{type(exc).__name__}: {exc}"}
    result = {"answers": {}, "errors": [], "rc": proc.returncode, "stderr": proc.stderr}
    for line in proc.stdout.splitlines():
        if not line.strip():
            continue
        try:
            a = json.loads(line)
        except ValueError:
            result["errors"].append({"unparsable": line})
            continue
        if "id" in a:
            result["answers"][a["id"]] = a
        else:
            result["errors"].append(a)
    return result


def load_requests(entry):
    with open(entry["requests"], encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def compare(entries, oracle, cli_results):
    diffs = []
    total = 0
    for entry in entries:
        res = cli_results[entry["case"]]
        requests = load_requests(entry)
        total += len(requests)
        if "fatal" in res:
            diffs.append({"case": entry["case"], "request": None, "oracle": None,
                          "cli": res["fatal"]})
            continue
        if res["rc"] != 0:
            diffs.append({"case": entry["case"], "request": None, "oracle": None,
                          "cli": f"exit code {res['rc']}: {res['stderr'].strip()[:500]}"})
        for err in res["errors"]:
            diffs.append({"case": entry["case"], "request": None, "oracle": None, "cli": err})
        for spec in requests:
            o = oracle.get((entry["case"], spec["id"]))
            c = res["answers"].get(spec["id"])
            if o is None or "crash" in o:
                diffs.append({"case": entry["case"], "request": spec, "oracle": o, "cli": c})
                continue
            expected = {"status": o["status"], "headers": pick_headers(o["headers"])}
            if c is None or "status" not in c:
                diffs.append({"case": entry["case"], "request": spec, "oracle": expected,
                              "cli": c})
                continue
            actual = {"status": c["status"],
                      "headers": pick_headers((c.get("headers") or {}).items())}
            if actual != expected:
                diffs.append({"case": entry["case"], "request": spec, "oracle": expected,
                              "cli": c, "oracle_full": o})
    return total, diffs


def coverage(entries, oracle):
    statuses = collections.Counter()
    by_kind = collections.Counter()
    preflights = 0
    preflight_status = collections.Counter()
    with_cors = 0
    with_acao = 0
    crashes = 0
    middleware_kinds = collections.Counter()
    for entry in entries:
        with open(entry["settings"], encoding="utf-8") as f:
            text = f.read()
        middleware_kinds["Cors in MIDDLEWARE" if "CorsMiddleware" in text
                          else "no Cors"] += 1
        for spec in load_requests(entry):
            a = oracle.get((entry["case"], spec["id"]))
            if a is None or "crash" in a:
                crashes += 1
                continue
            st = a["status"]
            statuses[st] += 1
            names = {k for k, _ in a["headers"]}
            is_pre = (spec["method"] == "OPTIONS"
                      and "Access-Control-Request-Method" in spec["headers"])
            if is_pre:
                preflights += 1
                preflight_status[st] += 1
            if any(n.startswith("Access-Control-") for n in names):
                with_cors += 1
            if "Access-Control-Allow-Origin" in names:
                with_acao += 1
            loc = dict(a["headers"]).get("Location", "")
            if st == 301:
                if loc.startswith("https://"):
                    by_kind["301 to https:// (SSL redirect)"] += 1
                elif "://www." in loc:
                    by_kind["301 to www. (PREPEND_WWW)"] += 1
                else:
                    by_kind["301 relative (APPEND_SLASH)"] += 1
            elif st == 302:
                by_kind["302 login redirect"] += 1
            elif st == 403:
                ctype = dict(a["headers"]).get("Content-Type", "")
                by_kind["403 DRF (json)" if "json" in ctype else "403 Django (CSRF etc.)"] += 1
            elif st == 401:
                by_kind["401 DRF"] += 1
            if "Set-Cookie" in names:
                by_kind["answers with Set-Cookie"] += 1
    lines = ["coverage (oracle answers):"]
    lines.append("  status   count   (of which preflights)")
    for st in sorted(statuses):
        lines.append(f"  {st:>6} {statuses[st]:>7} {preflight_status[st]:>7}")
    lines.append(f"  preflights: {preflights}")
    lines.append(f"  answers with any Access-Control-* header: {with_cors}")
    lines.append(f"  answers with Access-Control-Allow-Origin: {with_acao}")
    for k in sorted(by_kind):
        lines.append(f"  {k}: {by_kind[k]}")
    for k in sorted(middleware_kinds):
        lines.append(f"  cases with {k}: {middleware_kinds[k]}")
    lines.append(f"  oracle crashes: {crashes}")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cli", help="path to the cors-studio binary")
    ap.add_argument("--work", required=True, help="directory for generated cases")
    ap.add_argument("--stacks", type=int, default=300)
    ap.add_argument("--requests", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--oracle-only", action="store_true",
                    help="generate + run the oracle + print coverage; no CLI")
    ap.add_argument("--show", type=int, default=20, help="differences to print")
    args = ap.parse_args()
    if not args.oracle_only and not args.cli:
        ap.error("--cli is required unless --oracle-only")

    t0 = time.time()
    manifest, entries = generate_stack_cases.generate(args.work, args.stacks, args.requests,
                                                      args.seed)
    t1 = time.time()
    oracle = run_oracle(manifest)
    t2 = time.time()
    print(f"generated {len(entries)} cases in {t1 - t0:.1f}s; oracle ran in {t2 - t1:.1f}s")

    if args.oracle_only:
        print(coverage(entries, oracle))
        crashes = sum(1 for a in oracle.values() if "crash" in a)
        return 1 if crashes else 0

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(zip((e["case"] for e in entries),
                           pool.map(lambda e: run_cli_case(args.cli, e), entries)))
    t3 = time.time()
    total, diffs = compare(entries, oracle, results)
    print(f"cli ran in {t3 - t2:.1f}s")
    print(f"{len(entries)} cases, {total} requests, {len(diffs)} differences")
    for d in diffs[: args.show]:
        print("---", d["case"])
        print("  request:", json.dumps(d["request"]))
        print("  oracle: ", json.dumps(d["oracle"]))
        print("  cli:    ", json.dumps(d["cli"]))
        if "oracle_full" in d:
            print("  oracle, all headers:", json.dumps(d["oracle_full"]["headers"]))
    print(coverage(entries, oracle))
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
