# Browser agreement corpus: allowlist_credentials (django-cors-headers 3.14 semantics).
CORS_ALLOWED_ORIGINS = ["http://app.test", "http://app.site.test"]
CORS_ALLOW_CREDENTIALS = True
