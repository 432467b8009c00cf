# Browser agreement corpus: localhost_dev (django-cors-headers 3.14 semantics).
CORS_ALLOWED_ORIGINS = ["http://localhost:3000", "http://127.0.0.1:3000"]
CORS_ALLOW_CREDENTIALS = True
