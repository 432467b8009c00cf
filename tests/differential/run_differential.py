#!/usr/bin/python3
"""Differential test: `cors-studio respond|check --profile 3.14` against the real
django-cors-headers 3.14 (Debian) on generated settings.py x request cases.

With --export, each policy is first exported by `cors-studio export --to django`, and the
real Django runs the EXPORTED file: it must answer every request exactly as the engine does
on the original policy, and pass the check framework without corsheaders errors whenever the
original policy has none.

    run_differential.py --cli build/release/app/cors-studio --work /tmp/diff [--policies N]

Exits 1 and prints the first differences if the two disagree on anything: status, whether
the middleware short-circuited, the headers it set (names, values, order), server errors and
their Python exception text; for checks, the ids, messages and hints in order, or the crash.
"""

import argparse
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import django_oracle  # noqa: E402
import generate_cases  # noqa: E402


def run_cli(cli, args, stdin_text=None):
    proc = subprocess.run(
        [cli] + args,
        input=stdin_text,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    return proc


def ordered(text):
    return json.loads(text, object_pairs_hook=lambda pairs: pairs)


def as_dict(pairs):
    return {k: v for k, v in pairs}


def oracle_answers(policy_path, requests):
    django_oracle.activate(django_oracle.load_settings(policy_path))
    answers = {}
    for spec in requests:
        answer = django_oracle.respond(spec)
        answers[spec["id"]] = answer
    return answers, django_oracle.check()


def compare_respond(expected, actual_line):
    actual = as_dict(ordered(actual_line))
    if "error" in actual and "status" not in actual:
        return f"cors-studio rejected the request: {actual['error']}"
    if actual.get("status") != expected["status"]:
        return f"status {actual.get('status')} != {expected['status']}"
    if expected["status"] == 500 and "error" in expected:
        if actual.get("error") != expected["error"]:
            return f"error {actual.get('error')!r} != {expected['error']!r}"
        return None
    if actual.get("short_circuit") != expected["short_circuit"]:
        return f"short_circuit {actual.get('short_circuit')} != {expected['short_circuit']}"
    headers = [tuple(h) for h in actual.get("headers", [])]
    if headers != [tuple(h) for h in expected["headers"]]:
        return f"headers {headers} != {expected['headers']}"
    return None


def compare_check(expected, actual_text):
    actual = json.loads(actual_text)
    got = [{"id": e["id"], "message": e["message"], "hint": e["hint"]} for e in actual["errors"]]
    crash = actual["crash"]["message"] if actual.get("crash") else None
    if crash != expected["crash"]:
        return f"crash {crash!r} != {expected['crash']!r}"
    if got != expected["errors"]:
        return f"errors {got} != {expected['errors']}"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cli", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--policies", type=int, default=400)
    parser.add_argument("--requests", type=int, default=25)
    parser.add_argument("--show", type=int, default=15, help="differences to print in full")
    parser.add_argument("--export", action="store_true",
                        help="run Django on the exported settings.py instead of the original")
    args = parser.parse_args()

    names = generate_cases.generate(args.seed, args.policies, args.requests, args.work)
    django_oracle.setup()

    def cli_side(name):
        policy = os.path.join(args.work, name + ".py")
        with open(os.path.join(args.work, name + ".requests.jsonl"), encoding="utf-8") as f:
            request_text = f.read()
        respond = run_cli(args.cli, ["respond", "--profile", "3.14", "-q", policy], request_text)
        check = run_cli(args.cli, ["check", "--profile", "3.14", "--format", "json", "-q", policy])
        export = None
        if args.export:
            export = run_cli(args.cli, ["export", "--to", "django", "--profile", "3.14", "-q",
                                        policy, "-o", os.path.join(args.work, name + ".exported.py")])
        return respond, check, export

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        cli_results = dict(zip(names, pool.map(cli_side, names)))

    cases = checks = 0
    differences = []
    for name in names:
        policy = os.path.join(args.work, name + ".py")
        with open(os.path.join(args.work, name + ".requests.jsonl"), encoding="utf-8") as f:
            requests = [json.loads(line) for line in f if line.strip()]
        respond, check, export = cli_results[name]
        if args.export:
            if export.returncode != 0:
                differences.append((name, "export", None, f"exit {export.returncode}: {export.stderr}"))
                continue
            _, original_check = oracle_answers(policy, [])
            expected, exported_check = oracle_answers(policy.replace(".py", ".exported.py"), requests)
            checks += 1
            clean = not original_check["errors"] and not original_check["crash"]
            if clean and (exported_check["errors"] or exported_check["crash"]):
                differences.append((name, "export-check", None,
                                    f"the policy passes the checks, its export gives {exported_check}"))
            # The engine's answers below are compared with Django running the exported file.
        else:
            expected, expected_check = oracle_answers(policy, requests)
            checks += 1
            if check.returncode not in (0, 1):
                differences.append((name, "check", None, f"exit {check.returncode}: {check.stderr}"))
            else:
                problem = compare_check(expected_check, check.stdout)
                if problem:
                    differences.append((name, "check", None, problem))

        if respond.returncode != 0:
            differences.append((name, "respond", None, f"exit {respond.returncode}: {respond.stderr}"))
            cases += len(requests)
            continue
        lines = [line for line in respond.stdout.splitlines() if line.strip()]
        if len(lines) != len(requests):
            differences.append((name, "respond", None, f"{len(lines)} answers for {len(requests)} requests"))
            cases += len(requests)
            continue
        for spec, line in zip(requests, lines):
            cases += 1
            problem = compare_respond(expected[spec["id"]], line)
            if problem:
                differences.append((name, "exported respond" if args.export else "respond", spec, problem))

    print(f"differential: {len(names)} policies, {cases} request cases, {checks} check cases, "
          f"{len(differences)} differences")
    for name, kind, spec, problem in differences[: args.show]:
        print(f"\n--- {name} ({kind}) ---")
        with open(os.path.join(args.work, name + ".py"), encoding="utf-8") as f:
            print(f.read().rstrip())
        exported = os.path.join(args.work, name + ".exported.py")
        if args.export and os.path.exists(exported):
            print("--- exported ---")
            with open(exported, encoding="utf-8") as f:
                print(f.read().rstrip())
        if spec is not None:
            print("request:", json.dumps(spec, ensure_ascii=False))
        print("difference:", problem)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
