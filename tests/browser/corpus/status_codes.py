# Browser agreement corpus: status_codes (django-cors-headers 3.14 semantics).
CORS_ALLOWED_ORIGINS = ["http://app.test"]
CORS_URLS_REGEX = r"^/api/"
