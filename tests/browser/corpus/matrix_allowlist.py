# Browser agreement corpus: matrix_allowlist (django-cors-headers 3.14 semantics).
CORS_ALLOWED_ORIGINS = ["http://app.test"]
CORS_ALLOW_CREDENTIALS = True
CORS_ALLOW_HEADERS = ["content-type", "X-Custom"]
CORS_ALLOW_METHODS = ["GET", "POST", "PUT", "PATCH", "delete"]
CORS_EXPOSE_HEADERS = ["X-Total-Count"]
