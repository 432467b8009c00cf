#!/usr/bin/python3
"""`cors-studio simulate --batch` over generated scenarios, reported as scenarios per second.

The scenarios run against the bundled example policy: simple and preflighted fetches, with
and without credentials, from listed, regex-admitted and refused origins (blocked ones get
their fixes computed and verified, as in the GUI), a fifth of them in shared sessions so the
preflight cache is used.

Runs it on one thread (--jobs 1) and on every core, and prints scenarios per second in all and
per core (CPU time) next to the goal of 50,000 per core. Each is run --rounds times (default 3)
and the median reported with the spread: on a shared VM one run's CPU time for the same work
moves by a third.

    simulate_batch.py --cli build/h-perf/app/cors-studio [--scenarios 100000] [--jobs N]
                      [--rounds 3]
"""

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
POLICY = os.path.join(SOURCE, "resources", "examples", "example_settings.py")

ORIGINS = ["https://app.example.com", "https://admin.example.com", "http://localhost:5173",
           "https://pr-7.preview.example.com", "https://evil.example.net"]


def scenarios(count, seed=11):
    rng = random.Random(seed)
    for i in range(count):
        s = {"id": i, "origin": rng.choice(ORIGINS),
             "url": f"https://api.example.com/api/orders/{rng.randrange(100)}"}
        kind = rng.randrange(4)
        if kind == 0:
            s["method"] = "GET"
        elif kind == 1:
            s.update(method="POST", body="a=1", credentials="include")
        elif kind == 2:
            s.update(method="PUT", headers={"Content-Type": "application/json"},
                     body='{"qty": 2}', credentials="include")
        else:
            s.update(method="DELETE", headers={"X-Request-Id": str(i)})
        if rng.randrange(5) == 0:
            s["session"] = f"tab{rng.randrange(10)}"
            s["advance"] = rng.choice([0, 1, 700])
        yield s


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cli", required=True)
    parser.add_argument("--scenarios", type=int, default=100_000)
    parser.add_argument("--work", default=None)
    parser.add_argument("--jobs", type=int, default=0, help="threads (default: every core)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="runs of each thread count; the median is reported (default 3)")
    args = parser.parse_args()

    work = args.work or tempfile.mkdtemp(prefix="cors-bench-")
    os.makedirs(work, exist_ok=True)
    path = os.path.join(work, "scenarios.jsonl")
    with open(path, "w", encoding="utf-8") as out:
        for s in scenarios(args.scenarios):
            out.write(json.dumps(s, separators=(",", ":")) + "\n")

    def run(jobs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run([args.cli, "simulate", "--batch", path, "-q", POLICY,
                               "--jobs", str(jobs)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            sys.exit(f"simulate --batch failed ({proc.returncode}): {proc.stderr.decode()[:2000]}")
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        return proc.stdout, cpu, wall

    cores = args.jobs or os.cpu_count()
    print("Simulator batch: cors-studio simulate --batch (example policy)")
    outputs = []
    for jobs in sorted({1, cores}):
        runs = [run(jobs) for _ in range(max(1, args.rounds))]
        out = runs[0][0]
        if any(r[0] != out for r in runs):
            sys.exit(f"--jobs {jobs}: the rounds answered differently")
        outputs.append(out)
        lines = out.splitlines()
        count = len(lines)
        if jobs == 1:
            verdicts = [json.loads(line).get("verdict") for line in lines]
            allowed = verdicts.count("allowed")
            print(f"  {count:,} scenarios ({allowed:,} allowed, {count - allowed:,} blocked with "
                  f"fixes verified), JSON with full traces out, "
                  f"{len(out) / count:,.0f} bytes per answer")
        cpus = sorted(r[1] for r in runs)
        cpu = statistics.median(cpus)
        wall = statistics.median(r[2] for r in runs)
        per_core = count / cpu
        spread = (f"; rounds {', '.join(f'{c / count * 1e6:.1f}' for c in cpus)} µs"
                  if len(runs) > 1 else "")
        print(f"  --jobs {jobs}: {count / wall:,.0f} scenarios/s total (wall, {wall:.2f} s), "
              f"{per_core:,.0f} scenarios/s per core (CPU {cpu:.2f} s, "
              f"{cpu / count * 1e6:.1f} µs each{spread}); goal >= 50,000/s per core: "
              f"{'met' if per_core >= 50_000 else 'not met'}"
              f"{f' (median of {len(runs)})' if len(runs) > 1 else ''}")
    if len(outputs) == 2:
        print(f"  output of --jobs {cores} identical to --jobs 1: "
              f"{'yes' if outputs[0] == outputs[1] else 'NO'}")
    lines = outputs[-1].splitlines()
    return 0 if len(lines) == args.scenarios else 1


if __name__ == "__main__":
    sys.exit(main())
