# Example policy bundled with CORS Studio: a single-page app and its admin front end call a
# Django API on another origin, with cookies (session auth).
from corsheaders.defaults import default_headers

CORS_ALLOWED_ORIGINS = [
    "https://app.example.com",
    "https://admin.example.com",
    "http://localhost:5173",
]

CORS_ALLOWED_ORIGIN_REGEXES = [
    r"^https://[a-z0-9-]+\.preview\.example\.com$",
]

CORS_URLS_REGEX = r"^/api/.*$"

CORS_ALLOW_HEADERS = (
    *default_headers,
    "x-request-id",
)

CORS_EXPOSE_HEADERS = ["x-total-count", "x-request-id"]

CORS_ALLOW_CREDENTIALS = True

CORS_PREFLIGHT_MAX_AGE = 600

CSRF_TRUSTED_ORIGINS = [
    "https://app.example.com",
    "https://admin.example.com",
]
