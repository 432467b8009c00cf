DEBUG = False
CORS_ALLOWED_ORIGINS = [
    "https:\x2f\x2fhex.example",
    "https://uni\u0063ode.example",
    "https://\U0001F600.example",
    "https://oct\141l.example",
    "https://name\N{FULL STOP}example",
    "https://\N{latin small letter e with acute}t\N{LATIN SMALL LETTER E WITH ACUTE}.example",
    "tab\there",
    "quote\"s and \'single\'",
    "back\\slash",
    "bell\a\b\f\v\r\n",
    "line\
continued",
    "nul\0end",
    "high\777octal",
]
CORS_ALLOWED_ORIGIN_REGEXES = [
    "^https://\w+\.example\.com$",
    "\d+\s*\Z",
    "\8\9",
]
CORS_EXPOSE_HEADERS = ["ÿ-latin", "ümlaut", "日本", "emoji-😀", "\N{EM DASH}\N{NO-BREAK SPACE}\N{LF}"]
