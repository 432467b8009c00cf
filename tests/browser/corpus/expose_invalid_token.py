# Browser agreement corpus: expose_invalid_token (django-cors-headers 3.14 semantics).
CORS_ALLOWED_ORIGINS = ["http://app.test"]
CORS_EXPOSE_HEADERS = ["X-Total-Count", "X Request Id"]
