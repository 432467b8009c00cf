#!/usr/bin/python3
"""Throughput of `cors-studio respond` against the real django-cors-headers, in one run.

Both answer the same mixed requests under the same policy (the bundled example, profile 3.14:
Debian's django-cors-headers 3.14 on Django 3.2 is the one installed):

  * cors-studio: the whole process over --requests JSON lines (start-up, JSON parsing, the
    engine, JSON answers to a file), wall clock;
  * Django: CorsMiddleware in-process (tests/differential/django_oracle.py: a RequestFactory
    WSGIRequest through CorsMiddleware in front of a view, no network, no JSON), timed per
    request over the first --django-requests lines after a warm-up, extrapolated to the total.

The Django side leaves out JSON parsing and output, so the ratio is conservative. The answers
on the Django subset are compared as well: a fast engine that answered differently would be
worth nothing.

    respond_vs_django.py --cli build/h-perf/app/cors-studio [--requests 1000000]
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SOURCE, "tests", "differential"))
import django_oracle  # noqa: E402
import run_differential  # noqa: E402

POLICY = os.path.join(SOURCE, "resources", "examples", "example_settings.py")

ALLOWED = ["https://app.example.com", "https://admin.example.com", "http://localhost:5173"]
REFUSED = ["https://evil.example.net", "http://app.example.com", "https://app.example.com:8443"]


def mixed_requests(count, seed=3):
    """40% simple GETs from listed origins, 20% preflights, 10% regex-admitted POSTs,
    15% refused origins, 10% no Origin, 5% outside CORS_URLS_REGEX."""
    rng = random.Random(seed)
    ua = {"User-Agent": "bench"}
    for i in range(count):
        kind = rng.randrange(20)
        if kind < 8:
            spec = {"method": "GET", "path": f"/api/orders/{i}",
                    "headers": {"Origin": rng.choice(ALLOWED), **ua}}
        elif kind < 12:
            spec = {"method": "OPTIONS", "path": "/api/orders",
                    "headers": {"Origin": rng.choice(ALLOWED),
                                "Access-Control-Request-Method": "PUT",
                                "Access-Control-Request-Headers": "content-type, x-request-id",
                                **ua}}
        elif kind < 14:
            spec = {"method": "POST", "path": "/api/orders",
                    "headers": {"Origin": f"https://pr-{rng.randrange(500)}.preview.example.com",
                                **ua}}
        elif kind < 17:
            spec = {"method": "GET", "path": "/api/orders",
                    "headers": {"Origin": rng.choice(REFUSED), **ua}}
        elif kind < 19:
            spec = {"method": "GET", "path": "/api/health", "headers": dict(ua)}
        else:
            spec = {"method": "GET", "path": "/static/app.js",
                    "headers": {"Origin": ALLOWED[0], **ua}}
        yield spec


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_cli(cli, requests_path, answers_path):
    """(CPU seconds, wall seconds) of the whole `respond` process."""
    with open(requests_path, "rb") as stdin, open(answers_path, "wb") as stdout:
        cpu = children_cpu()
        start = time.perf_counter()
        proc = subprocess.run([cli, "respond", "--profile", "3.14", "-q", POLICY],
                              stdin=stdin, stdout=stdout, stderr=subprocess.PIPE)
        wall = time.perf_counter() - start
        cpu = children_cpu() - cpu
    if proc.returncode != 0:
        sys.exit(f"cors-studio respond failed ({proc.returncode}): {proc.stderr.decode()}")
    return cpu, wall


def time_django(specs, warmup):
    """(CPU seconds, wall seconds, answers) of the middleware over @specs."""
    django_oracle.activate(django_oracle.load_settings(POLICY))
    for spec in specs[:warmup]:
        django_oracle.respond(spec)
    answers = []
    cpu = time.process_time()
    start = time.perf_counter()
    for spec in specs:
        answers.append(django_oracle.respond(spec))
    return time.process_time() - cpu, time.perf_counter() - start, answers


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cli", required=True)
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--django-requests", type=int, default=20_000)
    parser.add_argument("--work", default=None, help="directory for the request file")
    args = parser.parse_args()

    work = args.work or tempfile.mkdtemp(prefix="cors-bench-")
    os.makedirs(work, exist_ok=True)
    requests_path = os.path.join(work, "requests.jsonl")
    answers_path = os.path.join(work, "answers.jsonl")
    subset = []
    with open(requests_path, "w", encoding="utf-8") as out:
        for i, spec in enumerate(mixed_requests(args.requests)):
            line = json.dumps(spec, separators=(",", ":"))
            out.write(line + "\n")
            if i < args.django_requests:
                subset.append(spec)

    cli_seconds, cli_wall = time_cli(args.cli, requests_path, answers_path)
    django_seconds, django_wall, expected = time_django(subset, warmup=min(1000, len(subset)))

    with open(answers_path, encoding="utf-8") as answers:
        lines = answers.readlines()
    differences = 0
    for want, got in zip(expected, lines):
        if run_differential.compare_respond(want, got) is not None:
            differences += 1
    if len(lines) != args.requests:
        sys.exit(f"cors-studio answered {len(lines)} of {args.requests} requests")

    cli_ns = cli_seconds / args.requests * 1e9
    django_ns = django_seconds / len(subset) * 1e9
    print("Engine throughput: cors-studio respond vs django-cors-headers 3.14 (example policy, "
          "profile 3.14)")
    print(f"  mix: 40% GET listed, 20% preflight, 10% regex-admitted POST, 15% refused, "
          f"10% no Origin, 5% outside CORS_URLS_REGEX")
    print("  (CPU time, user + system: the machine may be shared; wall clock in brackets)")
    print(f"  cors-studio respond: {args.requests:,} requests in {cli_seconds:.2f} s CPU "
          f"[{cli_wall:.2f} s wall] (whole process, JSON in and out) = {cli_ns:,.0f} ns/request, "
          f"{args.requests / cli_seconds:,.0f} requests/s")
    print(f"  Django middleware:   {len(subset):,} requests in {django_seconds:.2f} s CPU "
          f"[{django_wall:.2f} s wall] (in-process, no JSON), extrapolated to "
          f"{args.requests:,}: {django_seconds / len(subset) * args.requests:.0f} s "
          f"= {django_ns:,.0f} ns/request")
    print(f"  ratio: cors-studio is {django_ns / cli_ns:.0f}x faster per request "
          f"(target >= 100x; wall-clock ratio "
          f"{(django_wall / len(subset)) / (cli_wall / args.requests):.0f}x)")
    print(f"  answers compared on the {len(subset):,} Django requests: "
          f"{len(subset) - differences:,} identical, {differences} different")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
