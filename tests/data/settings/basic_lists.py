# A plain settings module: lists, tuples, booleans and numbers, as the README shows them.
DEBUG = False

ALLOWED_HOSTS = ["example.com", "www.example.com"]

CORS_ALLOWED_ORIGINS = [
    "https://example.com",
    "https://sub.example.com",
    "http://localhost:8080",
    "http://127.0.0.1:9000",
]

CORS_ALLOW_METHODS = (
    "DELETE",
    "GET",
    "OPTIONS",
    "PATCH",
    "POST",
    "PUT",
)

CORS_ALLOW_HEADERS = ["accept", "authorization", "content-type", "x-requested-with"]
CORS_EXPOSE_HEADERS = ["Content-Disposition", "X-Total-Count"]
CORS_PREFLIGHT_MAX_AGE = 86400
CORS_ALLOW_CREDENTIALS = True
CORS_ALLOW_ALL_ORIGINS = False
CORS_URLS_REGEX = r"^/api/.*$"
CSRF_TRUSTED_ORIGINS = ["https://example.com", "https://*.example.com"]
CORS_REPLACE_HTTPS_REFERER = False
