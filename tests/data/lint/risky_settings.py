"""A settings module with the classic CORS mistakes, for the linter's tests (tests/lint)."""

DEBUG = False

CORS_ALLOWED_ORIGINS = [
    "https://app.example.com",
    "null",
    "http://partner.example.org",
    "http://localhost:3000",
]

CORS_ALLOWED_ORIGIN_REGEXES = [
    r"^https://admin\.example\.com",  # no end anchor
    r"^https://api.example.com$",  # unescaped dots
    r"^https://[a-z]+\.github\.io$",  # anyone's GitHub Pages site
]

CORS_ALLOW_CREDENTIALS = True
CORS_ALLOW_HEADERS = ["*", "Cookie", "x-requested-with"]
CORS_PREFLIGHT_MAX_AGE = 1728000
CORS_URLS_REGEX = r"^/api"
