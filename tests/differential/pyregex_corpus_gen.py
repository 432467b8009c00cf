#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Writes the corpus tst_pyregex runs through Cors::Py::Regex and the real Python.

    /usr/bin/python3 tests/differential/pyregex_corpus_gen.py

writes tests/data/pyregex/corpus.jsonl (patterns, flags, subjects) and
tests/data/pyregex/classes.jsonl (one-character probes checked against every code point).
Nothing here decides what is right: pyregex_oracle.py asks Python when the test runs. The
fuzzed part is seeded, so the files only change when this script does.
"""

import json
import os
import random
import re

I, L, M, S, U, X, A, T, DEBUG = (re.I, re.L, re.M, re.S, re.U, re.X, re.A, re.T, re.DEBUG)
I, L, M, S, U, X, A, T, DEBUG = (int(f) for f in (I, L, M, S, U, X, A, T, DEBUG))

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data", "pyregex")

# Characters Python and PCRE2 treat differently, or that test Unicode handling.
UNICODE_SUBJECTS = [
    "", "a", "A", "z", "_", "0", "9", " ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f",
    "\x85", "\xa0", "\u1680", "\u180e", "\u2000", "\u200b", "\u2028", "\u2029", "\u202f",
    "\u3000", "\ufeff", "é", "É", "ß", "ẞ", "ſ", "s", "S", "k", "K", "\u212a", "i", "I", "\u0130",
    "\u0131", "µ", "μ", "Μ", "σ", "ς", "Σ", "ǅ", "Ǆ", "ǆ", "θ", "ϑ", "ᾳ", "ᾼ", "ﬅ", "ﬆ", "١",
    "²", "½", "Ⅻ", "①", "‿", "・", "ー", "中", "😀", "\U00010400", "\U00010428", "\U0001d7ce",
    "\U000e0001", "-", ".", "$", "^", "\\", "[", "]", "{", "}",
]

GENERAL_SUBJECTS = [
    "", "a", "aa", "aaa", "ab", "abc", "abcabc", "b", "ba", "A", "AB", "aB", "x", "a\n", "\n",
    "a\nb", "ab\n", "a b", "a_b", "a-b", "a.b", "123", "a1", "é", "ÉÉ", "😀", "a😀b", "\u212a",
    "ſ", "ß", "{", "a{", "a{1}", "}", "ab}",
]

ORIGINS = [
    "https://example.com", "https://example.com\n", "https://example.com/",
    "https://example.com:443", "https://example.com:8080", "http://example.com",
    "https://www.example.com", "https://foo.example.com", "https://foo.bar.example.com",
    "https://foo.example.com\n", "https://foo.example.com.evil.net", "https://example.com.evil.net",
    "https://evil-example.com", "https://evilexample.com", "https://exampleXcom",
    "https://foo.exampleXcom", "HTTPS://FOO.EXAMPLE.COM", "https://Foo.Example.Com",
    "https://foo_bar.example.com", "https://foo-bar.example.com", "https://éé.example.com",
    "https://١٢٣.example.com", "https://\u212aelvin.example.com", "https://.example.com",
    "https://a\nb.example.com", "null", "null\n", "NULL", "", "https://", "file://",
    "http://localhost", "http://localhost:8000", "http://localhost:80000", "http://127.0.0.1:3000",
    "https://example.org", "https://www.example.org", "xhttps://example.com",
]

PATHS = [
    "/", "/api", "/api/", "/api/v1/users", "/api/a\nb/", "/api/\n", "/API/", "/apix/", "/v1/",
    "/v2/x", "/static/app.js", "//api/", "/api/é/", "/api/😀", "", "api/", "/api/v12/",
    "/api/va/", "/en/api/",
]

LOOKAROUND_SUBJECTS = ["ab", "abc", "ac", "aab", "ba", "bab", "cab", "abab", "a", "b", ""]


def case(pattern, subjects=None, flags=0):
    return {"pattern": pattern, "flags": flags,
            "subjects": GENERAL_SUBJECTS if subjects is None else subjects}


def section(name, cases):
    for index, c in enumerate(cases):
        c["name"] = "%s/%d" % (name, index)
    return cases


def origins():
    patterns = [
        r"^https://\w+\.example\.com$", r"https://example\.com", r"^https://example\.com$",
        r"^https://example.com$", r"https://example.com", r"^https?://(www\.)?example\.(com|org)$",
        r"^https://[a-z0-9-]+\.example\.com(:\d+)?$", r"^https://.*\.example\.com$",
        r"^https://(.*\.)?example\.com$", r"^https://([\w-]+\.)*example\.com\Z",
        r"^(https?://)?localhost(:\d{2,5})?$", r"^null$", r"null", r"^https://.+$",
        r"^https://[^.]+\.example\.com$", r"^https://[^/]*example\.com$", r"^https://\S+$",
        r"^https://(?:foo|bar)\.example\.com$", r"^https://(?P<sub>\w+)\.example\.com$",
        r"^http://127\.0\.0\.1:\d+$", r"^https?://([a-z]+\.)?example\.(?:com|org)(?::\d{1,5})?$",
        r"(?i)^https://example\.com$", r"^https://example\.com(?::443)?$", r".*example\.com$",
        r"^https://\w+\.example\.com", r"^https://example\.com/?$", r"https://[\w.]+",
        r"^https://(?!evil)\w+\.example\.com$", r"^https://\w+(?<!evil)\.example\.com$",
        r"^[a-z]+://[^:/]+(:[0-9]+)?$", r"^https://\w+\.example\.com$|^null$",
    ]
    out = [case(p, ORIGINS) for p in patterns]
    out += [case(r"^https://example\.com$", ORIGINS, I), case(r"^https://\w+\.example\.com$", ORIGINS, A),
            case(r"^https://\w+\.example\.com$", ORIGINS, I | A), case(r"^https://.*$", ORIGINS, S),
            case(r"^https://example\.com$", ORIGINS, M), case(r"^https://\w+\.example\.com$", ORIGINS, X),
            case(r"""^https://  # scheme
                     [a-z]+ \. example \. com  # host
                     $""", ORIGINS, X)]
    return section("origin", out)


def paths():
    patterns = [
        r"^/api/.*$", r"^/api/", r"^/api/.*", r".*", r"^.*$", r"/api/.*", r"^/(api|v1)/",
        r"^/api/v\d+/", r"^/api/(?!v1)", r"^/api/\w+/$", r"^/(?:api|static)/.+\.js$", r"^/api$",
        r"^/api/?$", r"^/api/[^/]+/?$", r"^/api/.*\Z", r"^/api/(.*)$", r"^/api/\S*$", r"/",
        r"^/api/v[0-9]{1,2}/",
    ]
    out = [case(p, PATHS) for p in patterns]
    out += [case(r"^/api/.*$", PATHS, S), case(r"^/api/.*$", PATHS, M), case(r"^/api/.*$", PATHS, M | S),
            case(r"^/api/", PATHS, I), case(r"^/API/", PATHS, I)]
    return section("path", out)


def literals():
    patterns = [
        "abc", "a.c", r"a\.c", r"\a\f\n\r\t\v\\", r"\x41\x61", r"\u00e9", r"\U0001F600", r"\U0001f600+",
        r"\0", r"\07", r"\077", r"\101", r"\141", r"\0000", r"\08", r"\177", r"\377", r"\x00",
        r"\-\ \#\{\}\]\'\"", r"\é", r"\😀", r"\_", r"\%", r"\,", r"\<\>", r"\/", r"\~", r"\`",
        r"\@", r"\!", r"\&", r"\=", r"\:", r"\;", "é+", "😀+", "a😀b", "\u212a", "ſ", "}", "]",
        "a{", "a{}", "a{,}", "a{x}", "a{1,x}", "a{1", "a{1,", "{", "{1}", "x{}", "{}", "a{ 1}",
        "a{1 }", "a{-1}", "a{1,2", "\t", "\x00", "a\x00b", "#", " ", "a b",
    ]
    return section("literal", [case(p) for p in patterns])


def classes():
    patterns = [
        "[abc]", "[^abc]", "[a-z]", "[a-]", "[-a]", "[]a]", "[^]a]", r"[\]]", r"[\d]", r"[\w\s]",
        r"[^\W]", r"[\b]", r"[\x00-\x1f]", "[[:alpha:]]", "[a-z&&[^aeiou]]", "[--]", r"[\-]",
        r"[a\-z]", r"[\u0100-\u017f]", r"[\U00010000-\U0010ffff]", r"[^\x00-\x7f]", "[.]", "[$]",
        r"[\^]", "[^^]", "[a-a]", "[aa]", "[a]", "[^a]", "[\\\\]", "[[]", "[a[]", "[a]]",
        r"[\s\S]", r"[^\s\S]", r"[\D]", r"[^\d]", r"[\w-]", r"[-\w]", r"[\w-z]", "[😀-😂]",
        r"[\N{EM DASH}]", "[a-zA-Z0-9_.-]", r"[\t\n ]", r"[\0-\7]", r"[\7-\10]", r"[\x41-\x5a]",
        r"[é-ü]", "[ß]", r"[\u212a]", "[|]", "[(]", "[)]", "[*+?{}]", "[#]", "[ ]", r"[\ ]",
        r"[\S\d]", r"[\W\d]", r"[^\W\d]", r"[\s\w]", "[_]",
    ]
    return section("class", [case(p, GENERAL_SUBJECTS + UNICODE_SUBJECTS) for p in patterns])


def categories():
    patterns = [r"\d", r"\D", r"\w", r"\W", r"\s", r"\S", r"\w+", r"\d+", r"\s+", r"\W+", r"\S+",
                r"[\w]", r"[^\w]", r"[\s]", r"[\S]"]
    out = []
    for p in patterns:
        for flags in (0, A, U, I, I | A):
            out.append(case(p, UNICODE_SUBJECTS, flags))
    out += [case(r"(?a)\w"), case(r"(?a:\w)\w", ["éé", "aé", "éa", "aa"]),
            case(r"(?u:\w)\w", ["éé", "aé", "éa", "aa"], A), case(r"(?a)(?u:\w)", ["é"])]
    return section("category", out)


def ignorecase():
    subjects = UNICODE_SUBJECTS
    patterns = [
        "k", "K", "\u212a", "s", "S", "ſ", "i", "I", "\u0130", "\u0131", "ß", "ẞ", "µ", "μ", "Μ",
        "σ", "ς", "Σ", "ǅ", "Ǆ", "ǆ", "θ", "ϑ", "ᾳ", "ᾼ", "ﬅ", "ﬆ", "é", "É", "\U00010400",
        "\U00010428", "[a-z]", "[A-Z]", "[^a-z]", "[k]", "[kx]", "[\u0100-\u017f]",
        "[\U00010400-\U0001044f]", "[\U00010400x]", "[\U00010428x]", "\U00010400|x",
        "\U00010400|\U00010400", "x\U00010400|x\U00010428", "[\U00010400]", "[\U00010400-\U00010400]",
        "[^k]", "[^\u212a]", "[ks]", "[^ks]", "[\u0130]", "[\u0130x]", "[ßx]", "[ẞx]", "[a-\u0131]",
        "[\x00-\uffff]", "[\x00-\U0010ffff]", "[^\x00-\U0010ffff]", "[\w]", "[\W]", "[\d]", "[k\d]",
        "[\u2160-\u216f]", "[\u24b6-\u24e9]", "[\U0001e900-\U0001e943]", "a|k|ß", "(?:k|x)",
        "Stra\u00dfe", "STRASSE", "[\u1f80-\u1faf]", "[\u10a0-\u10ff]", "[\u13a0-\u13f5]",
    ]
    out = [case(p, subjects, I) for p in patterns]
    out += [case(p, subjects, I | A) for p in ("k", "K", "\u212a", "s", "ſ", "[a-z]", "[^a-z]", "[k\u212a]",
                                               "é", "[é]", "[éx]", "[\U00010400-\U00010427x]",
                                               "[\U00010428x]", "\U00010400")]
    out += [case(r"(?i:a)b", ["ab", "Ab", "AB", "aB"]), case(r"a(?i)b"),
            case(r"(?i)a(?-i:b)c", ["abc", "ABC", "AbC", "aBc"]), case(r"(?i)(a)\1", ["aa", "aA"]),
            case(r"(a)(?i:\1)", ["aa", "aA"]), case(r"(?i)(?P<x>k)(?P=x)", ["kk", "kK"]),
            case(r"(?ai)k", subjects), case(r"(?ia)[\u212a]", subjects),
            case(r"(?i)[^\W\d_]+", ["abcÉß", "a1", "_"])]
    return section("ignorecase", out)


def anchors():
    subjects = ["", "a", "a\n", "a\n\n", "\na", "a\nb", "b", "ab", "a b", "é", "_a", "a_", "\n",
                "a\r\n", "aé", "a😀"]
    patterns = [
        "a$", "^a", "^a$", "a\\Z", "\\Aa", "^", "$", "\\b", "\\B", "a\\b", "a\\B", "\\ba", "\\Ba",
        "^$", "a$\n", "a\n$", "$a", "a^", "(?:^)*a", "(?:$)?a", "\\b\\b", "\\B\\B", "a\\b\\n",
        "(?=a)$", "a\\Z\n", "\\A\\Z", "\\Z", "\\A", "a\\b.", "a\\B.", "^\\n", "(?:a|$)", "\\b$",
        "^^a", "a$$",
    ]
    out = []
    for p in patterns:
        for flags in (0, M, A, M | S):
            out.append(case(p, subjects, flags))
    out += [case("(?m)^b", subjects), case("(?m:a$)\n", subjects), case("a\n(?m:^)", subjects),
            case("a\\n(?m)", subjects)]
    return section("anchor", out)


def dots():
    subjects = ["", "a", "\n", "\r", "\u2028", "\x85", "😀", "a\nb", "abc", "a\r\nb", "\x00"]
    out = []
    for p in (".", "a.c", "a.+", ".*", ".+?", "(?s:.)", "(?-s:.)", "..", "(?s).*", r".\n"):
        for flags in (0, S, M, A):
            out.append(case(p, subjects, flags))
    return section("dot", out)


def repeats():
    patterns = [
        "a*", "a+", "a?", "a{2}", "a{2,}", "a{,2}", "a{2,3}", "a{0}", "a{0,0}", "a{1,1}", "a*?",
        "a+?", "a??", "a{1,3}?", "a{2,}?", "a*+", "a++", "a?+", "a{1,3}+", "(a|b)*+", "(?:ab)*+ab?",
        "a*+a", "a++b", "(?:a|ab)*c", "(a*)*b", "(a|ab)(c|bcd)(d*)", "(a+)+b", "(?:a*?)*?b",
        "[ab]*?b", "a{,}", "a{0,1}?", "(ab)*", "(a|b){2,3}", "(?:a|b){1,2}+b", "\\w{2,}?\\w",
        "a{65535}", "a{65536}", "a{0,65535}", "a{0,65536}", "a{4294967294}", "a{1,4294967294}",
        "a{4294967295}", "a{,4294967295}", "a{99999999999999999999}", "a{00000000000000000002}",
        "x*y*", "(x*)*", "(x*)+y", "(?:x|y)*?y", "(?>a+)a", "(?>a+)b", "(?>a|ab)c", "(?>ab|a)c",
        "(?>(a+))\\1", "(?:x(?:a|b)c)*+", "(?:x[ab]c)*+", "(?:xa*c)*+", "(?:x(a)c)*+", "(?:xa?c)*+",
        "(?:x(?>a))*+y", "(?:x(?=a))*+", "(?:x(?:ab){2}c)*+", "(?:xa{2}c){2}+", "(?:xa*c){1}+",
        "(?:[ab]|c)*+", "(?:(?:a))*+", "(?i:a)*+", "(?:x(?:a|b)c){1,2}+", "a{2}{3}", "a**", "a*?+", "a+*", "a{1}?+", "(?:a{2})*", "(?:a*)+",
    ]
    return section("repeat", [case(p, ["", "a", "aa", "aaa", "aaaa", "ab", "aab", "abc", "abcd",
                                       "acd", "bb", "ba", "xyy", "xxy", "aaab", "ac", "abbc", "xaab", "xab", "xacxab", "xaacxaacx", "xabab", "xb", "xay"]) for p in patterns])


def groups():
    patterns = [
        r"(a)(b)\2\1", r"(?P<n>a)(?P=n)", r"(?:a)", r"(?=a)", r"(?!a)", r"(?=a)a", r"(?!b)a",
        r"a(?<=a)b", r"a(?<!a)b", r"b(?<!a)", r"(?<=a)", r"(a)(?(1)b|c)", r"(a)?(?(1)b|c)",
        r"(?P<x>a)?(?(x)b|c)", r"(?#comment)a", r"a(?#comment)*", r"(?i:a)b", r"(a)|b", r"(a|)b",
        r"()a", r"(a)(?<=\1)", r"(a)\1", r"(a)\1*", r"(a*)\1", r"(?:(a)|b)\1", r"(?:(a)|b)*\1",
        r"((a)|b)+\2", r"(a)(?(1))b", r"(?(1)a|b)(c)", r"(a)(?(1)|b)", r"((?(1)a|b))",
        r"(?P<a>.)(?P<b>.)(?P=b)(?P=a)", r"(?P<a1>x)(?(a1)y)", r"(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\10",
        r"(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)\11", r"(?=(a))\1", r"(?!(a))b", r"(?<=(a))b",
        r"a(?<=(a))\1", r"(?>(a))", r"(?:a|b|c)", r"(a)(?:b|(?P<c>c))", r"a|b|c", r"ab|ac|ad",
        r"(?=ab|ac)a", r"(?:)", r"(?:)*a", r"(|a)+", r"(a?)*?b", r"(?:|a)*", r"(?:a|())*",
        r"(?:()|a)*", r"(?:a|()){2,}", r"(a|)*b", r"(?:a|)+?b", r"(a*?)*?x", r"(?:a*?)*x",
        r"(?=a)*a", r"(?!a)*b", r"(?=a){2}a", r"(?:(?=a))*", r"(a)(?(1)b)+", r"(?:(a)|b)(?(1)x|y)",
        r"(?P<n>a)(?P<m>(?P=n))", r"((a)(b))\3\2", r"(a)(?=\1)", r"(a)((?<=\1)b)",
    ]
    subjects = ["", "a", "aa", "ab", "aba", "abba", "abab", "ac", "b", "ba", "bb", "c", "abc",
                "aab", "aax", "abx", "ax", "ay", "bx", "by", "x", "aaa", "abcdefghijj", "abcdefghijkk",
                "abcdefghija0", "abcdefghijk", "abcdefghijka"]
    return section("group", [case(p, subjects) for p in patterns])


def lookbehinds():
    patterns = [r"(?<=(a)|b)c", r"(a)(?<=\1|b)c", r"(a)(?<=(?(1)a|b))", r"(?<=a(?=b)|c)", r"(?<=x{0})a",
                r"(?<=$)", r"(?<=\Z)", r"(?<=^)a", r"(?<=\b)a", r"(?<=(?>a))b", r"a(?<=(?i:A))",
                r"(?<=(?:a|b){3})c", r"(?<=(?P<x>a)(?P=x))b", r"(?<=[^a]{2})b", r"(?<=.)", r"(?<=(a)|(b))c\1",
                r"(a)(?<=(?:\1){2})", r"(?<=ab|(?:c)(?:d))e", r"(?<!(?:a|bc)d|efg)x", r"(a)|(?<=\1)",
                r"(?<=(?=(a))a)\1", r"ab(?<=\Bb)", r"a(?<!\b)"]
    subjects = ["ac", "bc", "aac", "abc", "aaa", "ab", "a", "b", "xa", "aab", "abe", "cde", "efgx", "bcdx",
                "aa", "c", ""]
    return section("lookbehind", [case(p, subjects, f) for f in (0, I, M, A) for p in patterns])


def verbose():
    patterns = [
        "(?x) a b # comment\n c", r"(?x)a\ b", "(?x)[ ]", "(?x)a{1, 2}", "(?x)a #c \\\n b",
        "(?x)a # tail", "(?x)\\#a", "(?x)[#]a", "(?x)a b|c d", "(?x)(?# c )a", "(?x)( ?:a)",
        "(?x)a\t\n\x0b\x0c\rb", "(?x) ( a ) \\1", "a b(?x: c d)", "(?x)a(?-x: b)c", "(?x)a *",
        "(?x)a + b", "(?x)a{2 }", "(?x:a b)|c d", "a b|(?x)c", "(?x)\\ ", "(?x)a\\\nb",
    ]
    out = [case(p, ["ab", "abc", "a b", "a bc", "ac", "abd", "cd", "c d", "a", "aa", "a c d",
                    "a\tb", "#a", "a{1, 2}", "a#", "aab", "a b c", "a bc d", "a\nb", " "]) for p in patterns]
    out += [case(" a b ", ["ab", " a b "], X), case("a  # c\nb", ["ab"], X), case("a|  b", ["b"], X),
            case(" (?i)a", ["A"], X), case("a b", ["ab", "a b"], X | I)]
    return section("verbose", out)


def flag_handling():
    cases = [
        ("(?i)abc", 0), ("(?im)x", 0), ("a(?i)", 0), ("(?i)(?m)a", 0), ("(?x)(?i) a", 0),
        ("(?#c)(?i)a", 0), ("(?L)a", 0), ("(?au)a", 0), ("(?a)a", U), ("(?u)a", A), ("(?t)a", 0),
        ("(?t)a*", 0), ("(?t)a+?", 0), ("(?t)a?+", 0), ("a", T), ("a*", T), ("a", L), ("a", A | U),
        ("a", DEBUG), ("a", 512), ("a", I | M | S | X), ("a", U), ("(?a)(?a)a", 0), ("(?aa)a", 0),
        ("(?ia)a", 0), ("(?-i:a)", I), ("(?i-i:a)", 0), ("(?i-:a)", 0), ("(?-:a)", 0), ("(?-)", 0),
        ("(?i", 0), ("(?i-", 0), ("(?i-s", 0), ("(?t:a)", 0), ("(?-t:a)", 0), ("(?-a:a)", 0),
        ("(?-u:a)", 0), ("(?-L:a)", 0), ("(?a:a)", 0), ("(?u:a)", 0), ("(?L:a)", 0), ("(?z)", 0),
        ("(?iz)", 0), ("(?i=)", 0), ("(?i-z:a)", 0), ("(?i-=:a)", 0), ("(?é)", 0), ("(?iµ)", 0),
        ("(?i-é:a)", 0), ("(?i\\)", 0), ("(?-\\)", 0), ("((?i))", 0), ("a|(?i)b", 0), ("(?i)|(?m)", 0),
        ("(?x)", 0), ("(?imsx)", 0), ("(?a)(?u)", 0), ("(?s)", M), ("(?u)", 0), ("(?-x:a)", X),
        ("(?x-x: a) b", 0), ("(?m)$", 0), ("a", -1), ("a", -37), ("(?d)a", 0), ("(?i:", 0),
        ("(?i)", DEBUG), ("(?i)x", A), ("(?i-m:a)", M),
    ]
    return section("flags", [case(p, ["a", "A", "aa", "", "x", " a", "\n"], f) for p, f in cases])


def errors():
    patterns = [
        "(", "(a", "((a)", "a)", "a))", "())", ")", "(?", "(?P", "(?P<", "(?P<a", "(?P<>a)",
        "(?P<1>a)", "(?P<a b>c)", "(?P<a>a)(?P<a>b)", "(?P=", "(?P=a", "(?P=a)", "(?P<a>(?P=a))",
        "(?P=)", "(?P=1)", "(?Px)", "(?P>a)", "(?<a>b)", "(?<n>a)", "(?'n'a)", "(?|a|b)", "(?R)",
        "(?1)", "(?+1)", "(?&n)", "(?C1)", "(*FAIL)", "(*UTF)", "(*", "*", "+a", "?", "{1}a",
        "a{2,1}", "a{3,2}b", "\\", "a\\", "\\q", "\\K", "\\G", "\\h", "\\R", "\\X", "\\p{L}", "\\P{L}",
        "\\Qa\\E", "\\e", "\\cA", "\\o{101}", "\\g<1>", "\\g1", "\\k<n>", "\\z", "\\E", "\\N",
        "\\N{", "\\N{}", "\\N{X", "\\N{EM_DASH}", "\\N{ EM DASH}", "\\x", "\\x4", "\\xg", "\\u12",
        "\\u123", "\\U1234567", "\\U00110000", "\\U0010ffff", "\\400", "\\777", "\\1", "(a)\\2",
        "\\8", "\\9", "[\\8]", "[\\9]", "[\\400]", "[\\A]", "[\\Z]", "[\\B]", "[\\z]", "[\\q]",
        "[", "[a", "[^", "[]", "[^]", "[a-", "[a-\\", "[\\", "[z-a]", "[\\d-z]", "[a-\\d]",
        "[\\x41-\\x40]", "[\\w-\\d]", "a**", "a*?*", "a{1}{2}", "\\b*", "^*", "$+", "\\A?",
        "(?#", "(?#abc", "(?#abc\\)", "(?<", "(?<x", "(?<=a", "(?=a", "(?!", "(?>", "(?:", "(?(",
        "(?(1", "(?(1)", "(?(1)a", "(?(1)a|b|c)", "(?(0)a)", "(?(-1)a)", "(?(1a)a)", "(?(a)b)",
        "(?(1)a|b)", "(?(2)a)(b)", "(a)(?(2)a)", "(?(+1)a)(b)", "(?( 1)a)(b)", "(?(1_0)a)",
        "(?(01)a)(b)", "(?(١)a)(b)", "(?(0x1)a)", "(?(1e3)a)", "(?(99999999999)a)",
        "(?(1073741823)a)", "(?(1073741822)a)", "(?()a)", "(?(a b)c)", "(a)(?<=(?(1)b|cd))",
        "(?<=a|bc)", "(?<=ab|cd)", "(?<=a*)", "(?<=a{2})b", "(?<=a{1,2})", "(?<=\\b)a",
        "(?<=(a))b", "(?<=(?:ab){2})", "(?<=a(?=b)b)", "(?<=(a)\\1)", "(?<=(a))(?<=\\1)",
        "(a)(?<=\\1)", "(?<=\\1(a))", "(?<=(?P<x>a)(?P=x))", "(?<=(?(1)a|b))(a)", "(a)(?<=(?(1)a|b))",
        "(?<=a{4294967294})", "(?<=a{2147483647})", "(?<=a{2147483648})", "(?<=(?:ab){1073741824})",
        "(?<=(?:ab){1073741823})", "(?<=(?:a{4294967294}){2})", "(?<=(?:a{4294967294})b)", "(?<=a{65536})",
        "a)b(", "a\n)", "a\nb\n(", "x\n\n\\q", "(a\n", "(?P<a>\nx)(?P<a>y)", "a{99999999999}",
        "(?P<a\\b>x)", "(?P<é>x)(?P=é)", "(?P<a\u212a>x)", "(?P<a·>x)", "(?P<·a>x)", "(?P<_>x)",
        "(?P<a-b>x)", "(?P<'>x)", "(?P<\">x)", "(?P<'\">x)", "(?P<a\tb>x)", "(?P<\u0001>x)",
        "(?P<\u00ad>x)", "(?P<\U0001f600>x)", "(?P<\U00010400>x)", "(?P<a\u0300>x)", "(?P<\u0300>x)",
        "(?P<\u2118>x)", "(?P<\u0e33>x)", "(?P<a\u0e33>x)", "(?P<\u037a>x)", "(?(é)a)", "(?(\\1)a)",
        "(?P=a\\b)", "\\N{LATIN SMALL LETTER A}", "\\N{em dash}", "\\N{NOT A REAL NAME}",
        "[\\N{EM DASH}-a]", "\\N{LATIN CAPITAL LETTER A WITH MACRON AND GRAVE}", "(?P<a>a)|(?P<b>b)",
        "(?P<a>a)(?(b)x)", "(a)(?P<a>b)(?P=a)", "(?i)(?L)", "(?x)\\", "a{" + "1" * 4301 + "}",
        "a{" + "0" * 4300 + "1}", "a{1," + "9" * 4301 + "}", "(?(" + "1" * 4301 + ")a)",
        "(?(" + "0" * 4299 + "1)a)(b)", "(?(1_)a)", "(?(_1)a)", "(?(1__0)a)", "(?( 1 )a)(b)",
        "(?(\u20001\u2000)a)(b)", "(?(1\x1c)a)(b)", "(?(-0)a)", "(?(+0)a)", "(?(²)a)",
    ]
    return section("error", [case(p, ["a", "ab", "b", "aa", ""]) for p in patterns])


def pcre_only():
    patterns = [
        "(?<name>a)", "(?'n'a)", "\\K", "\\G", "\\h", "\\H", "\\v", "\\V", "\\R", "\\N", "\\p{L}",
        "\\X", "\\C", "\\Qa.b\\E", "(?|a)", "(?R)", "(?1)", "(*FAIL)", "(*ACCEPT)", "\\g<1>", "\\k<n>",
        "\\o{101}", "\\cA", "\\e", "[[:alpha:]]", "[[:^digit:]]", "[[.a.]]", "(?J)", "(?U)", "(?n)",
        "(?^)", "(?i)(?^i)", "\\x{41}", "\\u{41}", "a{,3}", "a{ ,3}", "\\z", "\\Z", "(?x)[ a]",
        "[\\Q]\\E]", "(?=a)+a", "\\ca", "(?P>n)", "(?&n)", "(?(R)a)", "(?(DEFINE)a)", "(?(<n>)a)",
        "(?('n')a)", "(?C)", "[\\p{L}]", "\\0123", "\\01234",
    ]
    return section("pcre", [case(p, ["a", "\x0b", "\n", "\r\n", "ab", "a.b", "aaa", "a{,3}",
                                     "A", "{", "\x01", "x{41}", "\x1b", "\nb", " ", "S3",
                                     "S", "\x0a3", "\n3"]) for p in patterns])


def unicode_patterns():
    patterns = [
        "😀+", ".", "a.b", "[😀-😂]+", "\\U0001F600", "\\U0001F600\\U0001F601", "(?i)\U00010400",
        "[^a]", "[^a]b", ".{2}", "\\W", "\\S+", "é", "e\u0301", "[\u0300-\u036f]", "\\w\u0301",
        "\ud83d\ude00", "\\ud83d\\ude00", "\\ud800", "[\\ud800-\\udfff]", "[^\\ud800-\\udfff]",
        "[\\ud7ff-\\ue000]", "\\udfff|😀", "[😀\\ud800]", "(?i)[\\ud800x]", "\\U000E0001",
    ]
    subjects = ["😀", "😀😀x", "😀😁", "😂", "a😀b", "ab", "\U00010428", "\U00010400", "é", "e\u0301",
                "\u0301", "a", "", "😀a", "\U000e0001", "\ue000", "\ud7ff", "x"]
    return section("unicode", [case(p, subjects) for p in patterns])


def nesting():
    out = []
    for depth in (50, 100, 190, 201, 300, 600, 1000):
        out.append(case("(" * depth + "a" + ")" * depth, ["a", "b"]))
        out.append(case("(?:" * depth + "a" + ")" * depth, ["a", "b"]))
    out.append(case("(?=" * 100 + "a" + ")" * 100, ["a"]))
    out.append(case("(?(1)" * 40 + "a" + ")" * 40, ["a"]))
    out.append(case("(a)" + "(?(1)" * 600 + "a" + ")" * 600, ["aa"]))
    out.append(case("(" * 700 + "\\q", ["a"]))
    out.append(case("\\q" + "(" * 700, ["a"]))
    out.append(case("|".join("a%d" % i for i in range(500)), ["a1", "a499", "a5000", "b"]))
    out.append(case("(?:%s)" % "|".join("x" * i for i in range(1, 60)), ["x" * 30, "y"]))
    out.append(case("a" * 5000, ["a" * 5000, "a" * 4999]))
    return section("nesting", out)


def regressions():
    """Differences the fuzzers found, kept so they stay fixed (or stay reported unsupported)."""
    cases = [
        # PCRE2 10.42 optimizer bugs, avoided with (*NO_AUTO_POSSESS)(*NO_START_OPT)
        (r"b?(?=b)[Bb]", ["b", "bb"], 0), (r"b?(?>(?:A)*?)\b", ["bA", "b"], 0),
        (r"(?>(?P<g1>b?(?=b)(?:)(?i:b)$))", ["b", "bb"], M),
        (r"(?=(b))(a*|\b|a*(?:b)?)(?:(?>(?(2)b|ab)))", ["bA", "b"], 0),
        (r"(?=\ba)(?:(?P<g1>.|(?:)|a))??a", ["A", "aa"], I | M),
        # a conditional inside its own group
        (r"(?:\w((?(1)ab|.)))*+", ["1aKabaé", "1a2ab"], I | M), (r"(?:\w((?(1)ab|.)))*", ["1aKabaé"], 0),
        (r"(?:((?(1)(?(1)[a-c]|\n)|(?:a)*)))+", ["b", "ab"], M),
        # sre stops after an empty iteration; PCRE2's bounded repeats do not
        (r"(?:(?P<g1>(?(1).|\A))){0,2}", ["\na", "a"], S), (r"(?:((?:(?(1)aa|b)){0,2})){0,2}", ["Aaa_"], I),
        # CPython 3.11.2's possessive repeat bugs, one of them a SystemError while matching
        (r"(?:([ab])|(?i:a)|([ab])|.$)++", ["bbAaAé", "ab"], 0), (r"(?:((\s)|\w|(?:é)+?))*+", ["_\na_"], M),
        (r"(?:(?!aa))?+", ["aab"], 0), (r"(?:é(?>\d)){0,2}+", ["éba", "é1é2"], A),
    ]
    return section("regression", [case(pattern, subjects, flags) for pattern, subjects, flags in cases])


# ---------------------------------------------------------------------------------------------
# A seeded fuzzer: random token strings, most of them invalid, all with short subjects so that
# even exponential backtracking in Python stays cheap.

FUZZ_TOKENS = [
    "a", "b", "é", "K", "ß", "\U00010400", ".", "^", "$", "|", "(", ")", "(?:", "(?=", "(?!",
    "(?<=", "(?<!", "(?>", "(?P<n>", "(?P=n)", "(?(1)", "(?i)", "(?i:", "(?-i:", "(?x)", "(?a)",
    "(?#x)", "[", "]", "[^", "-", "*", "+", "?", "{", "}", "{2}", "{1,2}", "{,2}", "*?", "+?",
    "??", "*+", "++", "\\", "\\1", "\\2", "\\b", "\\B", "\\A", "\\Z", "\\d", "\\w", "\\s", "\\W",
    "\\x4", "\\x41", "\\n", "\\0", "\\q", ",", " ", "#", "\n",
]

FUZZ_SUBJECTS = ["", "a", "ab", "ba", "aab", "abab", "A", "é", "É", "k", "\u212a", "ß", "ẞ",
                 "\U00010428", "a\n", "\n", "-", "b", "aaa", "a b", "{2}", "A1", "ab\n"]


def fuzz(count, seed):
    rng = random.Random(seed)
    out = []
    seen = set()
    while len(out) < count:
        pattern = "".join(rng.choice(FUZZ_TOKENS) for _ in range(rng.randint(1, 7)))
        flags = rng.choice([0, 0, 0, I, M, S, X, A, I | A])
        if (pattern, flags) in seen:
            continue
        seen.add((pattern, flags))
        out.append(case(pattern, FUZZ_SUBJECTS, flags))
    return section("fuzz", out)


# A second, structured fuzzer: random but mostly valid patterns (groups, alternation, lazy and
# possessive repeats, look-arounds, backreferences, conditionals) against random short
# subjects, to compare how the two engines backtrack.

STRUCT_ATOMS = ["a", "b", "A", "é", "K", ".", "[ab]", "[^a]", r"\w", r"\W", r"\s", r"\d", "[a-c]",
                "(?i:a)", r"\n", "$", "^", r"\b", r"\B", r"\Z", r"\A", "ab", "aa", "(?:)"]
STRUCT_QUANTIFIERS = ["*", "+", "?", "{0,2}", "{1,3}", "{2}", "{,2}", "*?", "+?", "??", "{1,2}?",
                      "*+", "++", "?+", "{0,2}+"]
STRUCT_ALPHABET = "aaabbAé K\n_1"


class StructGen:
    def __init__(self, rng):
        self.rng = rng
        self.groups = 0
        self.closed = []

    def fixed(self, depth):
        # Fixed-width pieces for look-behinds.
        r = self.rng.random()
        if depth <= 0 or r < 0.5:
            return self.rng.choice(["a", "b", ".", "[ab]", r"\w", "ab", r"\b"])
        if r < 0.8:
            return self.rng.choice(["a|b", "ab|ba"])
        return "(?:%s)%s" % (self.fixed(depth - 1), self.rng.choice(["", "{2}"]))

    def gen(self, depth):
        rng = self.rng
        r = rng.random()
        if depth <= 0 or r < 0.3:
            return rng.choice(STRUCT_ATOMS)
        if r < 0.45:
            return "".join(self.gen(depth - 1) for _ in range(rng.randint(2, 3)))
        if r < 0.55:
            return "|".join(self.gen(depth - 1) for _ in range(rng.randint(2, 3)))
        if r < 0.7:
            kind = rng.choice(["(", "(", "(?:", "(?>", "(?P<g%d>" % (self.groups + 1)])
            opened = kind.startswith("(") and kind not in ("(?:", "(?>")
            if opened:
                self.groups += 1
                number = self.groups
            inner = self.gen(depth - 1)
            if opened:
                self.closed.append(number)
            return kind + inner + ")"
        if r < 0.82:
            return "(?:%s)%s" % (self.gen(depth - 1), rng.choice(STRUCT_QUANTIFIERS))
        if r < 0.88:
            return rng.choice(["(?=%s)", "(?!%s)"]) % self.gen(depth - 1)
        if r < 0.92:
            return rng.choice(["(?<=%s)", "(?<!%s)"]) % self.fixed(depth - 1)
        if r < 0.96 and self.closed:
            n = rng.choice(self.closed)
            return rng.choice(["\\%d" % n, "(?:\\%d)*" % n])
        if self.groups:
            n = rng.randint(1, self.groups)
            return "(?(%d)%s|%s)" % (n, self.gen(depth - 1), self.gen(depth - 1))
        return self.gen(depth - 1)


def structured(count, seed):
    rng = random.Random(seed)
    out = []
    seen = set()
    while len(out) < count:
        pattern = StructGen(rng).gen(4)
        flags = rng.choice([0, 0, 0, I, M, S, A, I | M])
        if (pattern, flags) in seen:
            continue
        seen.add((pattern, flags))
        subjects = ["".join(rng.choice(STRUCT_ALPHABET) for _ in range(rng.randint(0, 7)))
                    for _ in range(24)]
        out.append(case(pattern, sorted(set(subjects)) + ["", "ab", "aab", "ba\n"], flags))
    return section("structured", out)


PROBES = [
    (r"\w", 0), (r"\W", 0), (r"\d", 0), (r"\D", 0), (r"\s", 0), (r"\S", 0), (r"\w", A), (r"\s", A),
    (r"[\w]", I), (r"[^\W\d]", 0), (r".", 0), (r".", S), (r"[^a]", 0),
    (r"k", I), (r"s", I), (r"i", I), (r"\u0130", I), (r"\u0131", I), (r"ß", I), (r"ẞ", I),
    (r"σ", I), (r"\u0345", I), (r"ǅ", I), (r"ᾳ", I), (r"\U00010400", I), (r"\U00010428", I),
    (r"[a-z]", I), (r"[^a-z]", I), (r"[k]", I), (r"[\u0100-\u024f]", I), (r"[\u0370-\u03ff]", I),
    (r"[\u0400-\u04ff\u1c80-\u1c8f]", I), (r"[\u1e00-\u1fff]", I), (r"[\u2100-\u218f]", I),
    (r"[\u2c00-\u2c7f\ua640-\uabff]", I), (r"[\uff00-\uffef]", I), (r"[\x00-\uffff]", I),
    (r"[\U00010400-\U0001044f]", I), (r"[\U00010400x]", I), (r"[\U00010428x]", I),
    (r"[\U00016e40-\U00016e7f\U0001e900-\U0001e94f]", I), (r"[^\U00010400-\U0001044f]", I),
    (r"[\x00-\U0010ffff]", I), (r"[\u0130x]", I), (r"[ßx]", I), (r"[\w]", I | A), (r"k", I | A),
    (r"[a-z]", I | A), (r"[\U00010400-\U00010427x]", I | A), (r"[\u017f]", I | A),
    (r"[^\s\d]", 0), (r"[\s\d]", A), (r"[\D\W]", 0),
]


def main():
    corpus = (origins() + paths() + literals() + classes() + categories() + ignorecase() + anchors()
              + dots() + repeats() + groups() + lookbehinds() + verbose() + flag_handling() + errors() + pcre_only()
              + unicode_patterns() + nesting() + regressions() + fuzz(400, 20240611) + structured(900, 7))
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "corpus.jsonl"), "w", encoding="utf-8") as f:
        for c in corpus:
            f.write(json.dumps(c, ensure_ascii=True) + "\n")
    with open(os.path.join(OUT, "classes.jsonl"), "w", encoding="utf-8") as f:
        for pattern, flags in PROBES:
            f.write(json.dumps({"pattern": pattern, "flags": flags}, ensure_ascii=True) + "\n")
    print("%d patterns, %d subjects, %d class probes" % (
        len(corpus), sum(len(c["subjects"]) for c in corpus), len(PROBES)))


if __name__ == "__main__":
    main()
