# Browser agreement corpus: content_types (django-cors-headers 3.14 semantics).
CORS_ALLOWED_ORIGINS = ["http://app.test"]
CORS_ALLOW_HEADERS = ["x-custom"]
