#!/usr/bin/python3
"""Generates settings.py policies rich in what the linter reports: risky origin regexes (missing
anchors, unescaped dots, wide wildcards, public-suffix wildcards, ungrouped alternatives,
IGNORECASE), `null`, `file://` and scheme-less entries, plain-http and localhost origins,
allow-all with credentials, and URL regexes that narrow or disable the middleware.

Reuses the literal styles and list shapes of tests/differential/generate_cases.py, so the
settings reader sees the same variety as in the differential test.

    generate_risky.py [--seed N] [--policies N] OUT_DIR
"""

import argparse
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "differential"))
import generate_cases  # noqa: E402
from generate_cases import Policy, pyregex, pystr, sequence  # noqa: E402

RISKY_REGEXES = [
    r"^https://app\.example\.com",
    r"^https://api.example.com$",
    r"^https://.*example\.com$",
    r"^https://[a-z]+\.github\.io$",
    r"^https://[a-z0-9-]+\.example\.org$",
    r"^https://a\.example|b\.example$",
    r"(?i)^https://case\.example\.net$",
    r"^https?://secure\.example\.com$",
    r"^null$",
    r"^http://localhost:\d+$",
    r"^https://.*\.example\.net",
    r"^https://\w+\.herokuapp\.com$",
    r"https://.*",
    r"^https?://(www\.)?example\.co",
    r"^https://[\w.-]+\.example\.com$",
    r"^https://example\.com.*$",
    r"^https://(app|admin)\.example\.com",
    r"^https://.+\.vercel\.app$",
    r"^https://[^/]+\.example\.io$",
    r"^http://192\.168\.\d+\.\d+(:\d+)?$",
    r".*\.example\.com$",
    r"^https://example\.com:\d+",
    r"^https://[a-z]+\.com$",
    r"^(https://good\.example|https://other\.example)$",
    r"^https://app\.example\.(com|org)",
    r"^https://app-[a-z]+\.example\.com$",
    r"^https://\w+-preview\.netlify\.app$",
    r"^https://example\.[a-z]+$",
    r"^https://exact\.example\.com$",
    r"^https://(?:[a-z0-9-]+\.)?example\.com$",
    r"^https://[a-z0-9]+\.example\.com\Z",
    r"^https://example\.com(:\d+)?$",
    r"^https://www\.example\.com|^https://api\.example\.com$",
    r"^HTTPS://Upper\.example\.com$",
    r"^https://x.y.example.com$",
    r"^https://[a-z]{3,8}\.example\.dev$",
    r"^https://example\.com|^https://www\.example\.com",
    r"^http://[a-z]+\.example\.org:8080$",
    r"^https://\w+example\.com$",
]

RISKY_ORIGINS = [
    "https://app.example.com",
    "https://admin.example.com",
    "null",
    "file://",
    "http://app.example.com",
    "http://localhost:3000",
    "http://127.0.0.1:8000",
    "http://192.168.1.10",
    "http://[::1]:8000",
    "example.com",
    "NULL",
    "https://App.example.com",
    "https://app.example.com:443",
    "https://app.example.com/",
    "https://u@app.example.com",
    "https://partner.example.org",
]

URLS_REGEXES = [r"^/api/.*$", r"^/api", r"^/api/", r"^.*$", "^api/", r".*/api/", r"^/(api|v2)/"]


def gen_policy(p):
    rng = p.rng
    origins = rng.sample(RISKY_ORIGINS, rng.choice([0, 1, 2, 3, 4]))
    p.origins = [o for o in origins if o]
    if origins or rng.random() < 0.3:
        name = "CORS_ORIGIN_WHITELIST" if rng.random() < 0.1 else "CORS_ALLOWED_ORIGINS"
        p.assign(name, sequence([pystr(o, rng) for o in origins], rng, False))
    regexes = rng.sample(RISKY_REGEXES, rng.choice([0, 1, 1, 2, 3]))
    if regexes:
        items = []
        for r in regexes:
            if rng.random() < 0.15:
                p.uses_re = True
                flags = rng.choice(["", ", re.I", ", re.IGNORECASE"])
                items.append(f"re.compile({pyregex(r, rng)}{flags})")
            else:
                items.append(pyregex(r, rng))
        name = "CORS_ORIGIN_REGEX_WHITELIST" if rng.random() < 0.1 else "CORS_ALLOWED_ORIGIN_REGEXES"
        p.assign(name, sequence(items, rng, False))
    if rng.random() < 0.2:
        name = "CORS_ORIGIN_ALLOW_ALL" if rng.random() < 0.2 else "CORS_ALLOW_ALL_ORIGINS"
        p.assign(name, rng.choice(["True", "True", "1", "False"]))
    if rng.random() < 0.65:
        p.assign("CORS_ALLOW_CREDENTIALS", rng.choice(["True", "True", "False"]))
    if rng.random() < 0.3:
        p.assign("CORS_URLS_REGEX", pyregex(rng.choice(URLS_REGEXES), rng))
    if rng.random() < 0.2:
        p.assign("CORS_PREFLIGHT_MAX_AGE", rng.choice(["0", "600", "7200", "86400", "100000"]))
    if rng.random() < 0.25:
        p.assign("CORS_ALLOW_HEADERS", sequence([pystr(h, rng) for h in rng.sample(
            ["*", "authorization", "Cookie", "accept", "x-custom", "Access-Control-Allow-Origin"],
            rng.randrange(1, 4))], rng, False))
    if rng.random() < 0.2:
        p.assign("CSRF_TRUSTED_ORIGINS", sequence([pystr(o, rng) for o in p.origins[:2]], rng, False))


def generate(seed, count, out_dir):
    rng = random.Random(seed)
    os.makedirs(out_dir, exist_ok=True)
    names = []
    for n in range(count):
        p = Policy(random.Random(rng.random()))
        gen_policy(p)
        name = f"risky_{n:04d}"
        with open(os.path.join(out_dir, name + ".py"), "w", encoding="utf-8") as f:
            f.write(p.source())
        names.append(name)
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--policies", type=int, default=300)
    parser.add_argument("out_dir")
    args = parser.parse_args()
    generate(args.seed, args.policies, args.out_dir)


if __name__ == "__main__":
    main()

