# Browser agreement corpus: allowlist_defaults (django-cors-headers 3.14 semantics).
CORS_ALLOWED_ORIGINS = ["http://app.test", "http://localhost:3000"]
