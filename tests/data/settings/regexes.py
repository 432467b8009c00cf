import re
from re import compile, IGNORECASE
import re as regex

DEBUG = False

CORS_ALLOWED_ORIGIN_REGEXES = [
    r"^https://\w+\.example\.com$",
    re.compile(r"^https://(www\.)?example\.org$"),
    re.compile(r"^http://localhost:\d+$", re.IGNORECASE),
    re.compile(r"^https://.*\.example\.net$", re.I | re.M),
    re.compile("^https://[a-z]+\\.example\\.io$", flags=re.VERBOSE),
    compile(r"^https://api\.example\.dev$", IGNORECASE),
    regex.compile(r"(?i)^https://shop\.example\.com$"),
    re.compile(r"^https://a\.example$", re.A | re.S | re.DOTALL),
    re.compile(pattern=r"^https://kw\.example$", flags=2),
]
CORS_URLS_REGEX = re.compile(r"^/(api|graphql)/.*$")
CORS_ORIGIN_REGEX_WHITELIST = (r"^https://legacy\.example\.com$",)
