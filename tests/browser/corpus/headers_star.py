# Browser agreement corpus: headers_star (django-cors-headers 3.14 semantics).
CORS_ALLOWED_ORIGINS = ["http://app.test"]
CORS_ALLOW_HEADERS = ["*"]
