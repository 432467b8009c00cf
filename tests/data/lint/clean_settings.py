"""A settings module the linter finds nothing wrong with (tests/lint)."""

CORS_ALLOWED_ORIGINS = [
    "https://app.example.com",
    "https://admin.example.com",
]
CORS_ALLOWED_ORIGIN_REGEXES = [r"^https://[a-z0-9-]+\.preview\.example\.com$"]
CORS_ALLOW_HEADERS = ["authorization", "content-type", "x-requested-with"]
CORS_EXPOSE_HEADERS = ["X-Total-Count"]
CORS_PREFLIGHT_MAX_AGE = 600
CORS_URLS_REGEX = r"^/api/.*$"
