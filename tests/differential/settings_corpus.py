#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Generates tests/data/settings/gen_*.py: settings modules in varied literal styles.

The hand-written files in tests/data/settings/ cover the idioms one by one; these mix them the
way real files do, with randomised spelling of the same values: quote styles and prefixes,
escapes for plain characters, implicit concatenation inside one item, containers of every
kind with odd spacing, comments and trailing commas, numbers in every base, references to
earlier names, corsheaders defaults, environment reads with defaults, and `if DEBUG:` blocks.
Every file is valid Python that the reader claims to read completely, so the differential
test compares every setting in it.

Usage: /usr/bin/python3 tests/differential/settings_corpus.py [OUTPUT_DIR] [COUNT]
The output is deterministic (fixed seed); the generated files are committed.
"""

import os
import random
import sys

ORIGINS = ["https://example.com", "https://app.example.com", "http://localhost:3000",
           "http://127.0.0.1:8000", "https://api.example.org:8443", "null", "file://",
           "https://xn--caf-dma.example", "https://café.example", "https://例え.jp"]
HEADERS = ["accept", "authorization", "content-type", "x-csrftoken", "x-requested-with",
           "x-api-key", "baggage", "sentry-trace", "If-Match", "X-Total-Count"]
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "PURGE"]
REGEXES = [r"^https://\w+\.example\.com$", r"^https?://localhost(:\d+)?$",
           r"^https://(www\.)?example\.(com|org)$", r"^null$", r"^https://[a-z0-9-]+\.example\.io$"]


class Writer:
    def __init__(self, rng):
        self.rng = rng
        self.lines = []
        self.names = {}  # helper name -> python value, for references

    def emit(self, text):
        self.lines.append(text)

    # --- literal spellings -------------------------------------------------------------

    def escape_char(self, c):
        r = self.rng.random()
        code = ord(c)
        if code < 0x80 and r < 0.25:
            return "\\x%02x" % code
        if r < 0.45:
            return "\\u%04x" % code if code <= 0xFFFF else "\\U%08x" % code
        if code < 0x100 and r < 0.6:
            return "\\%o" % code if code >= 0o100 else "\\%03o" % code
        if c == "." and r < 0.7:
            return "\\N{FULL STOP}"
        if c == "/" and r < 0.7:
            return "\\N{solidus}"
        if c == "-" and r < 0.7:
            return "\\N{HYPHEN-MINUS}"
        return "\\U%08x" % code

    def string(self, value, allow_concat=True):
        rng = self.rng
        quote = rng.choice(['"', "'", '"""', "'''"])
        needs_escape = any(ch in value for ch in "\\\"'\n{}") or value.endswith(quote[0])
        raw_ok = not needs_escape
        prefix = rng.choice(["", "", "", "u", "U", "r", "R", "f", "F", "rf", "Rf", "fR"])
        if not raw_ok and "r" in prefix.lower():
            prefix = ""
        if "{" in value or "}" in value:
            prefix = prefix.replace("f", "").replace("F", "")
        if allow_concat and len(value) > 4 and rng.random() < 0.2:
            cut = rng.randrange(1, len(value))
            return self.string(value[:cut], False) + rng.choice([" ", "", "  "]) + self.string(value[cut:], False)
        body = []
        for ch in value:
            if ch in "\\\"'":
                body.append("\\" + ch)
            elif ch == "\n":
                body.append("\\n")
            elif prefix.lower() == "u" or prefix == "" and rng.random() < 0.08:
                body.append(self.escape_char(ch))
            elif "f" in prefix.lower() and ch in "{}":
                body.append(ch * 2)
            else:
                body.append(ch)
        return prefix + quote + "".join(body) + quote

    def integer(self, value):
        rng = self.rng
        r = rng.random()
        sign = "-" if value < 0 else ""
        v = abs(value)
        if r < 0.2:
            text = hex(v) if rng.random() < 0.5 else "0X" + format(v, "X")
        elif r < 0.3:
            text = oct(v)
        elif r < 0.4:
            text = bin(v)
        elif r < 0.55 and v >= 1000:
            text = format(v, "_d")
        else:
            text = str(v)
        if sign and rng.random() < 0.3:
            return "-(" + text + ")"
        return sign + text

    def scalar(self, kind):
        rng = self.rng
        if kind == "bool":
            return rng.choice(["True", "False"])
        if kind == "int":
            return self.integer(rng.choice([0, 1, 60, 600, 3600, 86400, 31536000, -1, 2**70]))
        if kind == "float":
            return rng.choice(["1.5", ".5", "1e3", "2.5E-3", "1_000.0", "0.1", "6.02e+23", "-0.0"])
        return "None"

    def sequence(self, items, kind=None):
        """items: already spelled Python expressions."""
        rng = self.rng
        kind = kind or rng.choice(["list", "list", "tuple", "bare"] if items else ["list", "tuple"])
        if kind == "bare" and len(items) == 0:
            kind = "tuple"
        multiline = rng.random() < 0.5 and len(items) > 1
        sep = "," + rng.choice([" ", "", "  "])
        if multiline:
            indent = " " * rng.choice([2, 4, 8])
            parts = []
            for item in items:
                comment = rng.choice(["", "", "", "  # note [with brackets] 'and quotes'"])
                parts.append(indent + item + "," + comment)
            if rng.random() < 0.5:
                parts[-1] = parts[-1].split(",")[0] if "#" not in parts[-1] else parts[-1]
            inner = "\n" + "\n".join(parts) + "\n"
        else:
            inner = sep.join(items)
            if rng.random() < 0.3 and items:
                inner += ","
        if kind == "list":
            return "[" + inner + "]"
        if kind == "tuple":
            if len(items) == 1 and not inner.rstrip().endswith(","):
                inner = inner.rstrip() + ","
            return "(" + inner + ")"
        if kind == "set":
            return "{" + inner + "}"
        # bare tuple: one line only
        text = sep.join(items)
        return text + ("," if len(items) == 1 or rng.random() < 0.3 else "")

    def strings(self, pool, low=0, high=4):
        picked = self.rng.sample(pool, self.rng.randint(low, min(high, len(pool))))
        return [self.string(p) for p in picked]

    # --- settings ----------------------------------------------------------------------

    def origins(self):
        rng = self.rng
        r = rng.random()
        items = self.strings(ORIGINS, 1, 5)
        if r < 0.15 and "FRONTEND" in self.names:
            items.insert(rng.randrange(len(items) + 1), "FRONTEND")
        if r > 0.85:
            return "os.environ.get(%s, %s).split(%s)" % (
                self.string("CORS_ORIGINS"), self.string(",".join(rng.sample(ORIGINS[:5], 2))),
                self.string(","))
        return self.sequence(items)

    def header_list(self, pool, defaults_name):
        rng = self.rng
        r = rng.random()
        items = self.strings(pool, 0, 4)
        if r < 0.25:
            return self.sequence(["*" + defaults_name] + items, rng.choice(["list", "tuple"]))
        if r < 0.4:
            return "list(%s) + %s" % (defaults_name, self.sequence(items, "list"))
        if r < 0.5:
            return "%s + %s" % (defaults_name, self.sequence(items or [self.string("x-a")], "tuple"))
        if r < 0.55:
            return defaults_name
        if r < 0.6:
            return "tuple(%s)" % self.sequence(items, "list")
        return self.sequence(items)

    def regexes(self):
        rng = self.rng
        items = []
        for pattern in rng.sample(REGEXES, rng.randint(0, 3)):
            quote = '"' if "'" in pattern else rng.choice(['"', "'"])
            spelled = rng.choice(["r", "R"]) + quote + pattern + quote
            if rng.random() < 0.4:
                flags = rng.choice(["", ", re.I", ", re.IGNORECASE | re.M", ", flags=re.A", ", 0"])
                spelled = "re.compile(%s%s)" % (spelled, flags)
            items.append(spelled)
        return self.sequence(items, rng.choice(["list", "tuple"]))

    def setting(self, name):
        rng = self.rng
        if name in ("CORS_ALLOWED_ORIGINS", "CORS_ORIGIN_WHITELIST", "CSRF_TRUSTED_ORIGINS"):
            return self.origins()
        if name in ("CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ORIGIN_REGEX_WHITELIST"):
            return self.regexes()
        if name == "CORS_ALLOW_HEADERS":
            return self.header_list(HEADERS, "default_headers")
        if name == "CORS_ALLOW_METHODS":
            return self.header_list(METHODS, "default_methods")
        if name == "CORS_EXPOSE_HEADERS":
            return self.sequence(self.strings(HEADERS, 0, 3))
        if name == "CORS_URLS_REGEX":
            value = rng.choice([r"^/api/.*$", r"^/(api|graphql)/", "^.*$"])
            spelled = "r'%s'" % value
            return "re.compile(%s)" % spelled if rng.random() < 0.3 else spelled
        if name == "CORS_PREFLIGHT_MAX_AGE":
            r = rng.random()
            if r < 0.2:
                return "60 * 60 * %d" % rng.randint(1, 48)
            if r < 0.3:
                return "int(os.getenv(%s, %s))" % (self.string("MAX_AGE"), self.string(str(rng.randint(0, 99999))))
            return self.scalar(rng.choice(["int", "int", "int", "bool", "float"]))
        if name == "CORS_ALLOW_CREDENTIALS" or name.endswith("ALLOW_ALL_ORIGINS") or name in (
                "CORS_ALLOW_PRIVATE_NETWORK", "CORS_REPLACE_HTTPS_REFERER"):
            r = rng.random()
            if r < 0.15:
                return "os.environ.get(%s, %s) == %s" % (self.string("X"), self.string("1"), self.string("1"))
            if r < 0.3:
                return "env.bool(%s, default=%s)" % (self.string(name), rng.choice(["True", "False"]))
            return self.scalar(rng.choice(["bool", "bool", "bool", "int", "none"]))
        return "None"


SETTING_NAMES = [
    "CORS_ALLOWED_ORIGINS", "CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ALLOW_ALL_ORIGINS", "CORS_URLS_REGEX",
    "CORS_ALLOW_METHODS", "CORS_ALLOW_HEADERS", "CORS_EXPOSE_HEADERS", "CORS_PREFLIGHT_MAX_AGE",
    "CORS_ALLOW_CREDENTIALS", "CORS_ALLOW_PRIVATE_NETWORK", "CORS_REPLACE_HTTPS_REFERER",
    "CSRF_TRUSTED_ORIGINS", "CORS_ORIGIN_WHITELIST", "CORS_ORIGIN_REGEX_WHITELIST", "CORS_ORIGIN_ALLOW_ALL",
]


def generate(index):
    rng = random.Random(20240601 + index)
    w = Writer(rng)
    w.emit("# Generated by tests/differential/settings_corpus.py (file %d). Do not edit." % index)
    w.emit("import os")
    w.emit("import re")
    w.emit(rng.choice(["from corsheaders.defaults import default_headers, default_methods",
                       "from corsheaders.defaults import default_methods, default_headers  # order",
                       "from corsheaders.defaults import (\n    default_headers,\n    default_methods,\n)"]))
    w.emit("import environ")
    w.emit("env = environ.Env()")
    debug = rng.choice(["True", "False", "env.bool('DJANGO_DEBUG', default=%s)" % rng.choice(["True", "False"]),
                        "os.environ.get('DJANGO_DEBUG', '') == '1'"])
    w.emit("DEBUG = " + debug)
    w.emit("")
    if rng.random() < 0.5:
        w.emit("FRONTEND = " + w.string(rng.choice(ORIGINS[:5])))
        w.names["FRONTEND"] = True
    names = rng.sample(SETTING_NAMES, rng.randint(4, 10))
    for name in names:
        style = rng.random()
        value = w.setting(name)
        if style < 0.1:
            w.emit("%s: %s = %s" % (name, rng.choice(["list", "tuple", "bool", "int", "'typing.Any'"]), value))
        elif style < 0.15:
            w.emit("%s = \\\n    %s" % (name, value))
        else:
            w.emit("%s = %s" % (name, value))
        if rng.random() < 0.15:
            w.emit("%s%s" % (rng.choice(["# ", "#", "    # "]), "a comment with \"quotes\" and (brackets"))
    # Mutations of list settings defined above.
    for name in names:
        if name in ("CORS_ALLOWED_ORIGINS", "CSRF_TRUSTED_ORIGINS", "CORS_ORIGIN_WHITELIST") and rng.random() < 0.3:
            w.emit("if isinstance(%s, list): pass" % name)  # skipped compound, assigns nothing
    if rng.random() < 0.6:
        branch_names = rng.sample(SETTING_NAMES, rng.randint(1, 3))
        negated = rng.random() < 0.3
        w.emit("")
        w.emit("if %sDEBUG:" % ("not " if negated else ""))
        for name in branch_names:
            w.emit("    %s = %s" % (name, w.setting(name).replace("\n", "\n    ")))
        if rng.random() < 0.6:
            w.emit("else:")
            for name in branch_names:
                w.emit("    %s = %s" % (name, w.setting(name).replace("\n", "\n    ")))
    return "\n".join(w.lines) + "\n"


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "data", "settings")
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    for index in range(count):
        path = os.path.join(out, "gen_%02d.py" % index)
        with open(path, "w", encoding="utf-8") as f:
            f.write(generate(index))


if __name__ == "__main__":
    main()
