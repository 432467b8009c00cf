from corsheaders.defaults import default_headers, default_methods

DEBUG = False

CORS_ALLOW_HEADERS = (
    *default_headers,
    "x-custom-header",
    "baggage",
    "sentry-trace",
)
CORS_ALLOW_METHODS = [
    *default_methods,
    "PURGE",
]
CORS_EXPOSE_HEADERS = list(default_headers) + ["x-extra"]
CSRF_TRUSTED_ORIGINS = list(default_methods)
CORS_ORIGIN_REGEX_WHITELIST = default_headers + ("x-tail",)
CORS_ALLOWED_ORIGINS = ("x-head",) + default_methods
CORS_ORIGIN_WHITELIST = tuple(default_headers)
CORS_URLS_REGEX = "^/api/"
