# Browser agreement corpus: vary (django-cors-headers 3.14 semantics).
CORS_ALLOWED_ORIGINS = ["http://app.test"]
CORS_EXPOSE_HEADERS = ["Vary", "X-Total-Count"]
