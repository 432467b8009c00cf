# Browser agreement corpus: max_age_default (django-cors-headers 3.14 semantics).
CORS_ALLOWED_ORIGINS = ["http://app.test", "http://admin.app.test"]
