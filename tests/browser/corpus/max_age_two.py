# Browser agreement corpus: max_age_two (django-cors-headers 3.14 semantics).
CORS_ALLOWED_ORIGINS = ["http://app.test"]
CORS_PREFLIGHT_MAX_AGE = 2
