#!/usr/bin/python3
"""`cors-studio probe` against the real django-cors-headers.

Starts tests/browser/django_server.py (Debian's Django 3.2 + django-cors-headers 3.14, on
127.0.0.1) with a policy, then probes it:
  * with the policy it runs (--profile 3.14): no difference, exit 0, on preflighted and simple
    requests, allowed and refused origins, inside and outside CORS_URLS_REGEX;
  * with changed copies of that policy: exactly the differences the change makes, in plain words
    ("the server allows x-custom, your policy does not"), exit 1;
  * the raw exchanges shown are the real ones (wsgiref's Server header, Django's answer).

    probe_django.py --cli build/debug/app/cors-studio [--python /usr/bin/python3]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DJANGO_SERVER = os.path.join(HERE, os.pardir, "browser", "django_server.py")

POLICY = """\
CORS_ALLOWED_ORIGINS = ["http://app.test", "https://admin.example.com"]
CORS_ALLOW_CREDENTIALS = True
CORS_ALLOW_HEADERS = ["accept", "content-type", "x-custom"]
CORS_EXPOSE_HEADERS = ["x-total-count"]
CORS_PREFLIGHT_MAX_AGE = 600
CORS_URLS_REGEX = r"^/api/.*$"
"""

# (name, what to change in POLICY, probe arguments, profile, expected differences as
#  [exchange kind, difference kind, item or None, sentence start])
PUT_CUSTOM = ["--method", "PUT", "--origin", "http://app.test", "--header", "X-Custom: 1",
              "--header", "Content-Type: application/json", "--credentials", "include",
              "--body", "{}", "--path", "/api/items"]
GET_EVIL = ["--origin", "https://evil.example", "--path", "/api/items"]

SAME = [
    ("preflighted PUT, allowed", PUT_CUSTOM, 2),
    ("simple GET, refused origin", GET_EVIL, 1),
    ("outside CORS_URLS_REGEX", ["--origin", "http://app.test", "--path", "/other/"], 1),
    ("POST text/plain with a body", ["--method", "POST", "--origin", "https://admin.example.com",
                                     "--body", "hello", "--path", "/api/x?q=1"], 1),
    ("preflight only, disallowed method header", ["--method", "DELETE", "--origin", "http://app.test",
                                                  "--header", "X-Other: 2", "--preflight-only",
                                                  "--path", "/api/items/3"], 1),
]

CHANGED = [
    ("x-custom removed", ('"x-custom"]', ']'), PUT_CUSTOM, "3.14",
     [("preflight", "allow-headers", "x-custom",
       "The server allows the request header x-custom, your policy does not.")]),
    ("max-age 60", ("= 600", "= 60"), PUT_CUSTOM, "3.14",
     [("preflight", "max-age", None,
       "The server lets browsers cache the preflight for 600 s, your policy for 60 s.")]),
    ("origin removed", ('"http://app.test", ', ""), PUT_CUSTOM, "3.14",
     [("preflight", "allow-origin", "http://app.test",
       "The server allows the origin http://app.test (Access-Control-Allow-Origin), your policy does not."),
      ("preflight", "allow-methods", None, "The server allows the methods DELETE, GET, OPTIONS, PATCH"),
      ("preflight", "allow-headers", None, "The server allows the request headers accept, content-type, x-custom"),
      ("preflight", "expose-headers", None, "The server exposes the response headers x-total-count"),
      ("preflight", "max-age", None, "The server lets browsers cache the preflight for 600 s"),
      ("actual", "allow-origin", "http://app.test",
       "The server allows the origin http://app.test (Access-Control-Allow-Origin), your policy does not."),
      ("actual", "expose-headers", None, "The server exposes the response headers x-total-count")]),
    ("expose header renamed", ('["x-total-count"]', '["x-count"]'), PUT_CUSTOM, "3.14",
     [("preflight", "expose-headers", "x-total-count",
       "The server exposes the response header x-total-count to scripts, your policy does not."),
      ("preflight", "expose-headers", "x-count",
       "Your policy exposes the response header x-count to scripts, the server does not."),
      ("actual", "expose-headers", "x-total-count",
       "The server exposes the response header x-total-count to scripts, your policy does not."),
      ("actual", "expose-headers", "x-count",
       "Your policy exposes the response header x-count to scripts, the server does not.")]),
    ("URLS_REGEX elsewhere", ('r"^/api/.*$"', 'r"^/v2/"'), GET_EVIL, "3.14",
     [("actual", "allow-credentials", None, "The server allows credentials"),
      ("actual", "vary", "Origin", "The server sends Vary: Origin, your policy does not.")]),
    # Version skew: 3.14 sends Allow-Credentials for refused origins, 4.3+ does not (P2).
    ("same policy, 4.x profile", None, GET_EVIL, "4.x",
     [("actual", "allow-credentials", None,
       "The server allows credentials (Access-Control-Allow-Credentials: true), your policy does not.")]),
]


def start_django(python, policy):
    proc = subprocess.Popen([python, DJANGO_SERVER, "--port", "0", "--policy", policy],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if not line:
        raise RuntimeError(f"django_server.py did not start: {proc.stderr.read()}")
    return proc, json.loads(line)["port"]


def probe(cli, policy, port, argv, profile="3.14", fmt="json"):
    argv = list(argv)
    path = argv.pop(argv.index("--path") + 1)
    argv.remove("--path")
    cmd = [cli, "probe", policy, "-q", "--profile", profile, "--format", fmt,
           "--url", f"http://127.0.0.1:{port}{path}", "--timeout", "60", *argv]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    try:
        report = json.loads(out.stdout)
    except ValueError:
        report = None
    return out.returncode, report, out


def differences(report):
    return [(e["kind"], d["kind"], d["item"] or None, d["text"]) for e in report["exchanges"]
            for d in e["differences"]]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", required=True)
    parser.add_argument("--python", default="/usr/bin/python3")
    args = parser.parse_args()

    failures = []
    with tempfile.TemporaryDirectory(prefix="probe_django") as work:
        policy = os.path.join(work, "policy.py")
        with open(policy, "w", encoding="utf-8") as f:
            f.write(POLICY)
        proc, port = start_django(args.python, policy)
        try:
            for name, argv, exchanges in SAME:
                rc, report, out = probe(args.cli, policy, port, argv)
                if report is None or rc != 0 or report["differences"] != 0 or not report["complete"] \
                        or len(report["exchanges"]) != exchanges:
                    failures.append(f"{name}: exit {rc}, expected no difference over {exchanges} "
                                    f"exchange(s):\n{out.stdout}{out.stderr}")
                    continue
                server = [v for n, v in report["exchanges"][0]["response"]["headers"] if n == "Server"]
                if not server or not server[0].startswith("WSGIServer/"):
                    failures.append(f"{name}: the raw exchange lacks the real server's Server header")

            for name, change, argv, profile, expected in CHANGED:
                changed = os.path.join(work, "changed.py")
                text = POLICY
                if change:
                    assert change[0] in text, change
                    text = text.replace(change[0], change[1], 1)
                with open(changed, "w", encoding="utf-8") as f:
                    f.write(text)
                rc, report, out = probe(args.cli, changed, port, argv, profile)
                if report is None or rc != 1:
                    failures.append(f"{name}: exit {rc}, expected 1:\n{out.stdout}{out.stderr}")
                    continue
                got = differences(report)
                ok = len(got) == len(expected) and all(
                    g[0] == e[0] and g[1] == e[1] and (e[2] is None or g[2] == e[2]) and g[3].startswith(e[3])
                    for g, e in zip(got, expected))
                if not ok:
                    failures.append(f"{name}: differences\n  " + "\n  ".join(map(str, got))
                                    + "\nexpected\n  " + "\n  ".join(map(str, expected)))

            # The text report lists both raw exchanges and the difference in plain words.
            changed = os.path.join(work, "changed.py")
            with open(changed, "w", encoding="utf-8") as f:
                f.write(POLICY.replace('"x-custom"]', "]"))
            rc, _, out = probe(args.cli, changed, port, PUT_CUSTOM, fmt="text")
            for needle in ("> OPTIONS /api/items", "> PUT /api/items", "< 200 OK",
                           "  - The server allows the request header x-custom, your policy does not.",
                           "1 difference between the server and your policy."):
                if needle not in out.stdout:
                    failures.append(f"text report lacks {needle!r}:\n{out.stdout}")
        finally:
            proc.terminate()
            proc.wait(timeout=10)

    print(f"probe_django: {len(SAME)} probes with the running policy, {len(CHANGED)} with changed "
          f"policies, {len(failures)} failures")
    for failure in failures:
        print("  " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
