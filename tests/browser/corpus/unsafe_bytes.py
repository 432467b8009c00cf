# Browser agreement corpus: unsafe_bytes (django-cors-headers 3.14 semantics).
CORS_ALLOWED_ORIGINS = ["http://app.test"]
