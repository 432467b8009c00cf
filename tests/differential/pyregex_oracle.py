#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The real Python's verdicts for tst_pyregex (Cors::Py::Regex).

Run with /usr/bin/python3 (3.11, the interpreter Django runs on). Three modes:

  pyregex_oracle.py corpus.jsonl
      Each input line is {"pattern": str, "flags": int, "subjects": [str, ...]}. For each, one
      output line: {"error": str(e), "type": exception name} when re.compile raises, otherwise
      {"flags": Pattern.flags, "groups": Pattern.groups, "ends": [...]} where each entry is
      re.match(pattern, subject).end() counted in UTF-16 code units (what QString counts), null
      for no match, or the exception's text when matching raises (sre bugs: SystemError).

  pyregex_oracle.py --classes probes.jsonl
      Each input line is {"pattern": str, "flags": int} for a pattern matching one character.
      For each, {"ranges": [[first, last], ...]}: the code points (surrogates excluded) it
      matches, found with re.finditer("(?:pattern)+") over a string of every code point.

  pyregex_oracle.py --unicode
      One JSON object with the Unicode facts the C++ side reimplements (case mappings as sre
      uses them, str.isidentifier, str.isprintable, ...), for exhaustive comparison.
"""

import contextlib
import io
import json
import re
import sys
import warnings

import _sre
import unicodedata

LAST = 0x10FFFF


def utf16_length(text):
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def compile_quietly(pattern, flags):
    # re.DEBUG prints the parse tree; deprecated flags and possible set syntax only warn.
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        return re.compile(pattern, flags)


def verdict(case):
    try:
        compiled = compile_quietly(case["pattern"], case.get("flags", 0))
    except Exception as e:  # re.error, OverflowError, ValueError, RecursionError
        name = "re.error" if isinstance(e, re.error) else type(e).__name__
        return {"error": str(e), "type": name}
    ends = []
    for subject in case.get("subjects", []):
        try:
            m = compiled.match(subject)
        except Exception as e:  # sre bugs surface as SystemError while matching
            ends.append("%s: %s" % (type(e).__name__, e))
            continue
        ends.append(None if m is None else utf16_length(subject[: m.end()]))
    return {"flags": compiled.flags, "groups": compiled.groups, "ends": ends}


def all_code_points():
    return "".join(chr(c) for c in range(LAST + 1) if not 0xD800 <= c <= 0xDFFF)


def code_point_at(index):
    return index if index < 0xD800 else index + 0x800


def ranges_of(predicate):
    out = []
    for c in range(LAST + 1):
        if 0xD800 <= c <= 0xDFFF or not predicate(c):
            continue
        if out and out[-1][1] == c - 1:
            out[-1][1] = c
        else:
            out.append([c, c])
    return out


def class_ranges(probe, everything):
    compiled = compile_quietly("(?:%s)+" % probe["pattern"], probe.get("flags", 0))
    out = []
    for m in compiled.finditer(everything):
        first, last = code_point_at(m.start()), code_point_at(m.end() - 1)
        # A run may cross the surrogate gap; the C++ side splits the same way.
        if first < 0xD800 <= last:
            out.append([first, 0xD7FF])
            out.append([0xE000, last])
        else:
            out.append([first, last])
    return out


def unicode_facts():
    from re._casefix import _EXTRA_CASES

    return {
        "unidata_version": unicodedata.unidata_version,
        "lower": [[c, _sre.unicode_tolower(c)] for c in range(LAST + 1) if _sre.unicode_tolower(c) != c],
        "upper_first": [[c, ord(chr(c).upper()[0])] for c in range(LAST + 1)
                        if not 0xD800 <= c <= 0xDFFF and ord(chr(c).upper()[0]) != c],
        "cased": ranges_of(_sre.unicode_iscased),
        "extra_cases": [[k, list(v)] for k, v in sorted(_EXTRA_CASES.items())],
        "space": ranges_of(lambda c: chr(c).isspace()),
        "alpha": ranges_of(lambda c: chr(c).isalpha()),
        "printable": ranges_of(lambda c: chr(c).isprintable()),
        "identifier_start": ranges_of(lambda c: chr(c).isidentifier()),
        "identifier_continue": ranges_of(lambda c: ("a" + chr(c)).isidentifier()),
    }


def main(argv):
    if len(argv) == 2 and argv[1] == "--unicode":
        json.dump(unicode_facts(), sys.stdout)
        print()
        return 0
    if len(argv) == 3 and argv[1] == "--classes":
        everything = all_code_points()
        with open(argv[2], encoding="utf-8") as probes:
            for line in probes:
                if line.strip():
                    print(json.dumps({"ranges": class_ranges(json.loads(line), everything)}))
        return 0
    if len(argv) == 2:
        with open(argv[1], encoding="utf-8") as corpus:
            for line in corpus:
                if line.strip():
                    print(json.dumps(verdict(json.loads(line))))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
