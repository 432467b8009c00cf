# Browser agreement corpus: preflight_cache_modes (django-cors-headers 3.14 semantics).
CORS_ALLOWED_ORIGINS = ["http://app.test"]
