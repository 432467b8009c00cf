# Browser agreement corpus: null_origin (django-cors-headers 3.14 semantics).
CORS_ALLOWED_ORIGINS = ["null", "http://app.test"]
CORS_ALLOW_CREDENTIALS = True
