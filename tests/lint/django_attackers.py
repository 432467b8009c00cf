#!/usr/bin/python3
"""Every attacker origin `cors-studio lint` reports really gets through the real
django-cors-headers 3.14 (Debian), and no origin Django refuses is ever reported.

    django_attackers.py --cli build/debug/app/cors-studio --work DIR [--risky N] [--differential N]

1. Generates policies: N risky ones (generate_risky.py: missing anchors, unescaped dots, wide and
   public-suffix wildcards, null, allow-all with credentials, http and localhost origins, URL
   regexes) and N of the differential test's (tests/differential/generate_cases.py).
2. Runs `CLI lint POLICY --profile 3.14 --format json` on each (and `--format sarif`, which
   must agree, for the request line each attacker origin was checked with).
3. For every finding with an attacker_origin, sends the real middleware (django_oracle.py, same
   settings) a GET and a preflight (OPTIONS + Access-Control-Request-Method) with that Origin,
   on the path of the finding's attack request, and requires Access-Control-Allow-Origin to be
   the origin itself or *.
4. The converse: a pool of origins (the request corpus of the differential test plus the usual
   attack shapes) is sent to Django for each policy; none that Django refuses may appear among
   the policy's reported attacker origins.

Prints the counts and exits 1 on any disagreement.
"""

import argparse
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "differential"))
sys.path.insert(0, HERE)
import django_oracle  # noqa: E402
import generate_cases  # noqa: E402
import generate_risky  # noqa: E402

# Origins every policy is probed with for the converse check, besides the corpus's own.
PROBE_ORIGINS = [
    "https://evil.test", "https://app.example.com.evil.test", "https://apixexample.com",
    "https://evilexample.com", "https://evil.github.io", "https://takeover.example.com",
    "https://takeover.example.org", "http://evil.test", "https://a.example.com.evil.test",
    "https://evil.example.com", "https://evil.herokuapp.com", "https://x.evil.test",
    "https://example.comevil.test", "http://localhost:1", "http://secure.example.com",
    "https://evil.vercel.app", "https://app.example.co.evil.test", "https://evil.com",
    "https://apixexample.com", "https://example.com.evil.test", "null", "https://evil",
]


def run_lint(cli, policy, fmt):
    proc = subprocess.run([cli, "lint", "--profile", "3.14", "--format", fmt, "-q", policy],
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    if proc.returncode not in (0, 1):
        raise ValueError(f"--format {fmt}: exit {proc.returncode}: {proc.stderr.strip()}")
    try:
        return json.loads(proc.stdout)
    except ValueError as exc:
        raise ValueError(f"--format {fmt}: bad JSON ({exc}): {proc.stdout[:200]}") from exc


def lint(cli, policy):
    """The findings of the JSON form, each with the request line the SARIF form adds."""
    try:
        findings = run_lint(cli, policy, "json")["findings"]
        results = run_lint(cli, policy, "sarif")["runs"][0]["results"]
    except (ValueError, KeyError, IndexError) as exc:
        return None, str(exc)
    if len(findings) != len(results):
        return None, f"{len(findings)} JSON findings, {len(results)} SARIF results"
    for f, r in zip(findings, results):
        props = r.get("properties", {})
        if f["id"] != r["ruleId"] or f["attacker_origin"] != props.get("attackerOrigin"):
            return None, f"JSON {f['id']} {f['attacker_origin']!r} != SARIF {r['ruleId']} " \
                         f"{props.get('attackerOrigin')!r}"
        f["attack_request"] = props.get("attackRequest")
    return findings, None


def allow_origin(answer):
    for name, value in answer.get("headers", []):
        if name.lower() == "access-control-allow-origin":
            return value
    return None


def gets_through(origin, path):
    """Django answers a GET and a preflight from @origin on @path with ACAO (echo or *)."""
    for spec in (
        {"method": "GET", "path": path, "headers": {"Origin": origin}},
        {"method": "OPTIONS", "path": path,
         "headers": {"Origin": origin, "Access-Control-Request-Method": "GET"}},
    ):
        answer = django_oracle.respond(spec)
        if allow_origin(answer) not in (origin, "*"):
            return False, f"{spec['method']} {path} -> {answer}"
    return True, None


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cli", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--risky", type=int, default=300)
    parser.add_argument("--differential", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    risky_dir = os.path.join(args.work, "risky")
    diff_dir = os.path.join(args.work, "differential")
    policies = [os.path.join(risky_dir, n + ".py")
                for n in generate_risky.generate(args.seed, args.risky, risky_dir)]
    policies += [os.path.join(diff_dir, n + ".py")
                 for n in generate_cases.generate(args.seed, args.differential, 25, diff_dir)]

    corpus_origins = set(PROBE_ORIGINS)
    for name in os.listdir(diff_dir):
        if name.endswith(".requests.jsonl"):
            with open(os.path.join(diff_dir, name), encoding="utf-8") as f:
                for line in f:
                    origin = json.loads(line).get("headers", {}).get("Origin")
                    if origin:
                        corpus_origins.add(origin)

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        results = list(pool.map(lambda p: lint(args.cli, p), policies))

    django_oracle.setup()
    failures = []
    linted = verified = refused_checked = attacker_findings = 0
    by_rule = {}
    for policy, (findings, error) in zip(policies, results):
        if findings is None:
            failures.append((policy, "lint", error))
            continue
        linted += 1
        django_oracle.activate(django_oracle.load_settings(policy))
        reported = {}
        for f in findings:
            origin = f.get("attacker_origin")
            if origin is None:
                continue
            attacker_findings += 1
            request = f.get("attack_request") or ""
            method, _, path = request.partition(" ")
            if method != "GET" or not path.startswith("/"):
                failures.append((policy, f["id"], f"attacker {origin!r} without a GET request: {request!r}"))
                continue
            reported.setdefault(origin, path)
            ok, why = gets_through(origin, path)
            if ok:
                verified += 1
                by_rule[f["id"]] = by_rule.get(f["id"], 0) + 1
            else:
                failures.append((policy, f["id"], f"Django refuses {origin!r}: {why}"))
        # The converse: no origin Django refuses (on the path the findings use, or / when there
        # is none) is among the reported attacker origins.
        path = next(iter(reported.values()), "/")
        for origin in sorted(corpus_origins):
            ok, _ = gets_through(origin, path)
            if ok:
                continue
            refused_checked += 1
            if origin in reported:
                failures.append((policy, "converse", f"reported {origin!r}, which Django refuses"))

    print(f"lint/django_attackers: {len(policies)} policies ({linted} linted), "
          f"{attacker_findings} findings with an attacker origin, {verified} verified against "
          f"django-cors-headers (GET and preflight), {refused_checked} refused origins checked "
          f"never reported, {len(failures)} failures")
    for rule, count in sorted(by_rule.items()):
        print(f"  {rule}: {count}")
    for policy, rule, problem in failures[:20]:
        print(f"\n--- {policy} ({rule}) ---")
        with open(policy, encoding="utf-8") as f:
            print(f.read().rstrip())
        print("problem:", problem)
    return 1 if failures or verified == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
