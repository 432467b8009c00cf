# Mistakes django-cors-headers 3.14 lets through: a bare str where a sequence belongs.
DEBUG = False
CORS_ALLOWED_ORIGINS = "https://example.com"
CORS_ALLOW_METHODS = ("GET")
CORS_ALLOW_HEADERS = ("accept",)
CORS_EXPOSE_HEADERS = "x-total-count"
CORS_ALLOWED_ORIGIN_REGEXES = r"^https://\w+\.example\.com$"
CORS_ALLOW_CREDENTIALS = "yes"
CORS_PREFLIGHT_MAX_AGE = "86400"
CORS_ALLOW_ALL_ORIGINS = 1
CSRF_TRUSTED_ORIGINS = ["https://example.com/"]
