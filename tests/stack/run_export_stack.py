#!/usr/bin/python3
"""The Django export of a deployment, loaded by real Django 3.2 + django-cors-headers 3.14 + DRF.

    run_export_stack.py --cli build/release/app/cors-studio --work /tmp/export-stack \
        [--stacks N --requests M --seed S]

1. The scenario every tutorial warns about: a settings.py whose MIDDLEWARE has CorsMiddleware
   below CommonMiddleware. Real Django (stack_oracle.py, through WSGIHandler) answers a preflight
   to the slash-less URL /api/items with a bare 301; `cors-studio export --to django` moves
   CorsMiddleware above CommonMiddleware (and says so in a comment), and real Django running
   the EXPORTED file answers the same preflight 200 with its CORS headers. `cors-studio import`
   of the export gives back the exported MIDDLEWARE and settings (the round trip).
   The linter's stack-csrf-untrusted-origin request is replayed too: real Django refuses it
   (403) and accepts it once the finding's fix is in CSRF_TRUSTED_ORIGINS.
2. The corpus of tests/stack (generate_stack_cases.py): every stack is exported, real Django
   runs each export, and
   * every preflight to a CORS-enabled path is answered by CorsMiddleware (200) - whatever the
     original order was (the original's non-200 preflights are counted, to show what moved);
   * `cors-studio respond --stack` on the exported file agrees with real Django on it (status,
     Vary, Location, Access-Control-*), as in run_stack_differential.py.

Exits 1 on any failure or difference.
"""

import argparse
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generate_stack_cases  # noqa: E402
import run_stack_differential as differential  # noqa: E402
import stack_oracle  # noqa: E402

CORS = "corsheaders.middleware.CorsMiddleware"
COMMON = "django.middleware.common.CommonMiddleware"
ORIGIN = "https://app.example.com"

SCENARIO_SETTINGS = f"""\
ALLOWED_HOSTS = ["api.example.com"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "{COMMON}",
    "{CORS}",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
CORS_ALLOWED_ORIGINS = ["{ORIGIN}"]
CORS_ALLOW_CREDENTIALS = True
"""

PREFLIGHT = {
    "id": "preflight",
    "method": "OPTIONS",
    "path": "/api/items",
    "secure": True,
    "headers": {
        "Host": "api.example.com",
        "Origin": ORIGIN,
        "Access-Control-Request-Method": "PUT",
    },
}


def cli(binary, *args, stdin=None):
    return subprocess.run([binary, *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)


def export(binary, settings, out):
    proc = cli(binary, "export", "--to", "django", "--profile", "3.14", "-q", settings, "-o", out)
    if proc.returncode != 0:
        raise RuntimeError(f"export {settings}: exit {proc.returncode}: {proc.stderr}")


def django_answer(settings, routes, spec):
    return stack_oracle.Case(settings, routes).respond(spec)


def header(answer, name):
    for k, v in answer.get("headers", []):
        if k.lower() == name.lower():
            return v
    return None


def scenario_files(work, stem):
    """SCENARIO_SETTINGS written as STEM.settings.py; the export's path; its routes."""
    original = os.path.join(work, f"{stem}.settings.py")
    with open(original, "w", encoding="utf-8") as f:
        f.write(SCENARIO_SETTINGS)
    return original, os.path.join(work, f"{stem}.exported.py"), \
        {"routes": [{"path": "api/items/", "view": "ok"}]}


def scenario(binary, work):
    failures = []
    original, exported, routes = scenario_files(work, "scenario")
    export(binary, original, exported)
    with open(exported, encoding="utf-8") as f:
        text = f.read()

    before = django_answer(original, routes, PREFLIGHT)
    after = django_answer(exported, routes, PREFLIGHT)
    print("original order, real Django:", json.dumps(before))
    print("exported order, real Django:", json.dumps(after))
    if before.get("status") != 301 or header(before, "Access-Control-Allow-Origin") is not None:
        failures.append(f"the original order should get a bare 301: {before}")
    if after.get("status") != 200 or header(after, "Access-Control-Allow-Origin") != ORIGIN:
        failures.append(f"the export should get 200 with CORS headers: {after}")
    mw = stack_oracle.load_settings(exported)["MIDDLEWARE"]
    if mw.index(CORS) > mw.index(COMMON):
        failures.append(f"exported MIDDLEWARE still has CorsMiddleware below Common: {mw}")
    if "# MIDDLEWARE: moved corsheaders.middleware.CorsMiddleware up, above CommonMiddleware" \
            not in text:
        failures.append("the export does not say in a comment what moved")

    # The round trip through `cors-studio import`: the exported MIDDLEWARE and settings.
    proc = cli(binary, "import", "--profile", "3.14", "-q", exported)
    if proc.returncode != 0:
        failures.append(f"import of the export failed: {proc.stderr}")
    else:
        wanted = "deployment:\n  middleware:\n" + "".join(f'    - "{m}"\n' for m in mw) \
            + '  settings:\n    ALLOWED_HOSTS:\n      - "api.example.com"\n'
        if wanted not in proc.stdout:
            failures.append(f"import of the export gives another deployment:\n{proc.stdout}")
    return failures


def silent(binary, work):
    """cors_layer nginx: the Django side of the export must stay silent under real Django."""
    failures = []
    original, exported, routes = scenario_files(work, "silent")
    proc = cli(binary, "export", "--to", "django", "--profile", "3.14", "-q", "--cors-layer",
               "nginx", original, "-o", exported)
    if proc.returncode != 0:
        return [f"export --cors-layer nginx: exit {proc.returncode}: {proc.stderr}"]
    values = stack_oracle.load_settings(exported)
    if any(CORS.split(".")[0] in m for m in values.get("MIDDLEWARE", [])):
        failures.append(f"the silent export keeps corsheaders in MIDDLEWARE: {values['MIDDLEWARE']}")
    if any(name.startswith("CORS_") for name in values):
        failures.append("the silent export still writes CORS_* settings")
    requests = [dict(PREFLIGHT, id="silent-preflight", path="/api/items/"),
                {"id": "silent-get", "method": "GET", "path": "/api/items/", "secure": True,
                 "headers": {"Host": "api.example.com", "Origin": ORIGIN}}]
    for spec in requests:
        loud = django_answer(original, routes, spec)
        quiet = django_answer(exported, routes, spec)
        print(f"{spec['id']}: Django layer {json.dumps(loud)}; silent export {json.dumps(quiet)}")
        if header(loud, "Access-Control-Allow-Origin") != ORIGIN:
            failures.append(f"{spec['id']}: the original should answer with CORS headers: {loud}")
        if any(k.lower().startswith("access-control-") for k, _ in quiet.get("headers", [])):
            failures.append(f"{spec['id']}: the silent export still sends CORS headers: {quiet}")
    return failures


CSRF_SETTINGS = f"""\
ALLOWED_HOSTS = ["api.example.com"]
MIDDLEWARE = [
    "{CORS}",
    "{COMMON}",
    "django.middleware.csrf.CsrfViewMiddleware",
]
CORS_ALLOWED_ORIGINS = ["{ORIGIN}"]
CORS_ALLOW_CREDENTIALS = True
"""
SECRET = "CorsStudioCsrfSecret0123456789ab"


def lint_csrf(binary, work):
    """stack-csrf-untrusted-origin's request, replayed in real Django 3.2: 403, and 200 with
    the fix; no finding (and 200) with CORS_REPLACE_HTTPS_REFERER."""
    failures = []
    for variant, extra, expect_finding in (("plain", "", True),
                                           ("replace", "CORS_REPLACE_HTTPS_REFERER = True\n", False)):
        settings = os.path.join(work, f"csrf_{variant}.settings.py")
        with open(settings, "w", encoding="utf-8") as f:
            f.write(CSRF_SETTINGS + extra)
        proc = cli(binary, "lint", "--profile", "3.14", "--format", "json", settings)
        if proc.returncode not in (0, 1):
            failures.append(f"lint {variant}: exit {proc.returncode}: {proc.stderr}")
            continue
        found = [f for f in json.loads(proc.stdout)["findings"]
                 if f["id"] == "stack-csrf-untrusted-origin"]
        if not expect_finding:
            if found:
                failures.append(f"lint {variant}: unexpected {found}")
            path = "/items/"
        else:
            if len(found) != 1:
                failures.append(f"lint {variant}: expected one finding, got {found}")
                continue
            m = re.search(r"POST https://api\.example\.com(/\S*) from it", found[0]["message"])
            fix = re.search(r"add '([^']+)' to CSRF_TRUSTED_ORIGINS", found[0]["fix"])
            if not m or not fix:
                failures.append(f"lint {variant}: cannot read the request or fix: {found[0]}")
                continue
            path = m.group(1)
        routes = {"routes": [{"path": path.lstrip("/"), "view": "ok"}]}
        spec = {"id": "post", "method": "POST", "path": path, "secure": True,
                "headers": {"Host": "api.example.com", "Origin": ORIGIN, "Referer": ORIGIN + "/",
                            "Cookie": f"csrftoken={SECRET}", "X-CSRFToken": SECRET}}
        answer = django_answer(settings, routes, spec)
        print(f"lint {variant}: real Django answers the linter's POST {answer.get('status')}")
        if answer.get("status") != (403 if expect_finding else 200):
            failures.append(f"lint {variant}: real Django answered {answer}")
        if expect_finding:
            fixed = os.path.join(work, f"csrf_{variant}.fixed.py")
            with open(fixed, "w", encoding="utf-8") as f:
                f.write(CSRF_SETTINGS + extra + f"CSRF_TRUSTED_ORIGINS = [{fix.group(1)!r}]\n")
            after = django_answer(fixed, routes, spec)
            print(f"lint {variant}: with the fix, real Django answers {after.get('status')}")
            if after.get("status") != 200:
                failures.append(f"lint {variant}: the fix does not cure it: {after}")
    return failures


def enabled(settings_values, path):
    regex = settings_values.get("CORS_URLS_REGEX", r"^.*$")
    path_info = unquote(path.partition("?")[0])
    return re.match(regex, path_info) is not None


def corpus(binary, work, stacks, requests, seed):
    manifest, entries = generate_stack_cases.generate(os.path.join(work, "corpus"), stacks,
                                                      requests, seed)
    exported_entries = []
    for e in entries:
        exported_entries.append({**e, "original": e["settings"],
                                 "settings": e["settings"].replace(".settings.py",
                                                                   ".exported.py")})
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda e: export(binary, e["original"], e["settings"]), exported_entries))
    exported_manifest = os.path.join(work, "corpus", "exported.jsonl")
    with open(exported_manifest, "w", encoding="utf-8") as f:
        for e in exported_entries:
            f.write(json.dumps({k: e[k] for k in ("case", "settings", "routes", "requests")})
                    + "\n")
    original = differential.run_oracle(manifest)
    oracle = differential.run_oracle(exported_manifest)

    failures = []
    preflights = fixed = 0
    for e in exported_entries:
        values = stack_oracle.load_settings(e["settings"])
        if CORS not in values.get("MIDDLEWARE", []):
            continue  # no deployment: the export is the CORS settings alone
        for spec in differential.load_requests(e):
            if spec["method"] != "OPTIONS" or "Access-Control-Request-Method" not in spec["headers"]:
                continue
            if not enabled(values, spec["path"]):
                continue
            preflights += 1
            a = oracle.get((e["case"], spec["id"]))
            b = original.get((e["case"], spec["id"]))
            if a is None or "crash" in a or a["status"] != 200:
                failures.append(f"{e['case']}: preflight {json.dumps(spec)} to the export: {a}")
            elif b is not None and b.get("status") != 200:
                fixed += 1
    print(f"corpus: {len(entries)} stacks exported; {preflights} preflights to enabled paths, "
          f"all answered 200 by CorsMiddleware in the exports' real Django; {fixed} of them "
          f"were not in the original order")

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(zip((e["case"] for e in exported_entries),
                           pool.map(lambda e: differential.run_cli_case(binary, e),
                                    exported_entries)))
    total, diffs = differential.compare(exported_entries, oracle, results)
    print(f"corpus: respond --stack on the exports vs real Django: {total} requests, "
          f"{len(diffs)} differences")
    for d in diffs[:10]:
        print("---", d["case"])
        print("  request:", json.dumps(d["request"]))
        print("  oracle: ", json.dumps(d["oracle"]))
        print("  cli:    ", json.dumps(d["cli"]))
    failures += [f"{d['case']}: respond --stack differs from real Django" for d in diffs]
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cli", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--stacks", type=int, default=120)
    ap.add_argument("--requests", type=int, default=30)
    ap.add_argument("--seed", type=int, default=14)
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    failures = scenario(args.cli, args.work)
    failures += lint_csrf(args.cli, args.work)
    failures += silent(args.cli, args.work)
    failures += corpus(args.cli, args.work, args.stacks, args.requests, args.seed)
    for f in failures[:30]:
        print("FAIL:", f)
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
