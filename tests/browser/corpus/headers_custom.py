# Browser agreement corpus: headers_custom (django-cors-headers 3.14 semantics).
CORS_ALLOWED_ORIGINS = ["http://app.test"]
CORS_ALLOW_HEADERS = ["Content-Type", "X-Custom", "X-Api-Key"]
