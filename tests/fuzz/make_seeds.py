#!/usr/bin/env python3
"""Regenerates the seed corpora in tests/fuzz/corpus/<target>/ from the test data and the
examples (small, real inputs). Files named crash-* / regression-* are kept: they are the inputs
that once crashed a target, replayed by ctest fuzz-replay/<target>. corpus/corsyaml/export-* are
kept too: `cors-studio import` of some tests/data/settings files, documents using every tag."""
import hashlib
import json
import pathlib
import shutil

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests/fuzz/corpus"


def reset(target):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    for f in d.iterdir():
        if not f.name.startswith(("crash-", "regression-", "export-")):
            f.unlink()
    return d


def put(d, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    (d / ("seed-" + hashlib.sha1(data).hexdigest()[:12])).write_bytes(data)


def settings():
    d = reset("settingsreader")
    files = sorted((ROOT / "tests/data/settings").glob("*.py"))
    # Every hand-written case and a few generated ones; the examples too.
    picked = [f for f in files if not f.name.startswith("gen_")] + [f for f in files if f.name.startswith("gen_")][:6]
    picked += sorted((ROOT / "resources/examples").glob("*.py"))
    # Variants, comprehensions, helpers, lambdas, f-strings, conditional expressions.
    picked += sorted((ROOT / "tests/data/settings_variants").glob("*.py"))
    for f in picked:
        data = f.read_bytes()
        if len(data) <= 16384:
            put(d, data)


def yaml():
    d = reset("corsyaml")
    for f in [*(ROOT / "tests/data/yaml").glob("*.yaml"), *(ROOT / "resources/examples").glob("*.yaml")]:
        put(d, f.read_bytes())


def origins():
    d = reset("origin")
    for text in ["null", "https://app.example.com", "http://localhost:8000", "https://app.example/page.html",
                 "http://[::1]:8080", "http://[::1", "HTTPS://EXAMPLE.COM:443/", "http://xn--bcher-kva.example",
                 "http://bücher.example", "file:///etc/passwd", "data:text/plain,x", "https://user:pw@host:99999",
                 "//example.com", "http://127.0.0.1", "ws://a.test:80", "https://a.b.c.d.example.co.uk",
                 "http://[fe80::1%25eth0]", "http://\uff0fevil.com", " \thttps://x.test\n", "http://1.2.3"]:
        put(d, text)


def pyregex():
    d = reset("pyregex")
    lines = (ROOT / "tests/data/pyregex/corpus.jsonl").read_text().splitlines()
    for line in lines[::25]:
        case = json.loads(line)
        flags = case.get("flags", 0)
        byte = (flags & 0x7E) | (0x80 if flags & 256 else 0)
        subject = (case.get("subjects") or ["https://app.example.com"])[0]
        put(d, bytes([byte]) + case["pattern"].encode("utf-8", "surrogatepass") + b"\0"
            + subject.encode("utf-8", "surrogatepass"))
    for pattern in [r"^https://(\w+\.)*example\.com$", r"(a+)+$", r"(?i)^/api/.*$", r"^(a|aa)+b"]:
        put(d, b"\0" + pattern.encode() + b"\0" + b"a" * 30 + b"!")


def requests():
    d = reset("requestjson")
    data = json.loads((ROOT / "tests/data/engine/test-middleware-4x.json").read_text())
    for case in [c for c in data["cases"] if "request" in c][::4]:
        r = case["request"]
        put(d, json.dumps({**r, "id": case["name"]}, separators=(",", ":")))
    put(d, '{"method": "OPTIONS", "path": "/api/x%20y?q=1", "secure": true, "headers": '
           '{"origin": "null", "access-control-request-method": "PUT"}, "id": [1, {"a": null}]}')


def scenarios():
    d = reset("scenariojson")
    for f in sorted((ROOT / "tests/data/simulator").glob("*.json")):
        cases = json.loads(f.read_text())["cases"]
        for case in [c for c in cases if "scenario" in c][::3]:
            put(d, json.dumps(case["scenario"], separators=(",", ":")))
    put(d, '{"origin": "https://app.example.com", "url": "https://api.example.com/api/items", '
           '"session": "s", "advance": 5, "id": 1}')


def imports():
    d = reset("requestimport")
    for f in sorted((ROOT / "tests/data/requestimport").glob("*")):
        put(d, f.read_bytes())
    put(d, "fetch('https://api.example.com/x', {method: 'PUT', headers: {'X-A': '1'}, "
           "credentials: 'include', body: JSON.stringify({a: 1}),})")
    put(d, "curl 'https://api.example.com/x' -X PATCH -H 'Origin: https://app.example.com' "
           "--data-raw $'{\\'a\\': 1}' -b 'sid=1' --compressed")


def nginx():
    d = reset("nginxsite")
    for f in sorted((ROOT / "tests/data/nginx").glob("*.conf")):
        put(d, f.read_bytes())
    # What the request model follows: servers, locations of every kind, the rewrite module,
    # map, error_page, proxy header lists; and unterminated input.
    put(d, "events {}\nhttp {\n map $http_origin $cors {\n  default \"\";\n"
           "  ~^https://(?<sub>[a-z]+)\\.example\\.com$ $http_origin;\n }\n"
           " server {\n  listen 80 default_server;\n  server_name api.example.com *.example.org"
           " ~^(?<h>.+)\\.test$;\n  add_header Access-Control-Allow-Origin $cors always;\n"
           "  location = /exact { return 204; }\n  location ^~ /api/ {\n"
           "   if ($request_method = OPTIONS) { add_header X-P 1; return 204; }\n"
           "   proxy_pass http://127.0.0.1:8000/v1/;\n   proxy_hide_header Vary;\n"
           "   proxy_set_header Host $host;\n  }\n  location ~* \\.json$ {\n"
           "   rewrite ^/(.*)\\.json$ /api/$1 last;\n  }\n  location / {\n"
           "   limit_except GET { deny all; }\n   set $a \"${host}x\";\n"
           "   error_page 404 = @fallback;\n   proxy_intercept_errors on;\n"
           "   proxy_pass http://127.0.0.1:8000;\n  }\n  location @fallback { return 302 /x; }\n"
           " }\n}\n")
    put(d, "server {\n location / {\n  rewrite ^(.*)$ $1/ permanent;\n  return 301 /a/;\n }\n}\n")
    put(d, "server {\n add_header X \"abc;\n}\n")
    put(d, "server {\n location / {\n  if ($a) {\n")
    put(d, b"server {\n listen 80;\x00\n}\n")
    put(d, "include other.conf;\n")


if __name__ == "__main__":
    settings()
    yaml()
    origins()
    pyregex()
    requests()
    scenarios()
    imports()
    nginx()
