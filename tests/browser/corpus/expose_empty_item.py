# Browser agreement corpus: expose_empty_item (django-cors-headers 3.14 semantics).
CORS_ALLOWED_ORIGINS = ["http://app.test"]
CORS_EXPOSE_HEADERS = ["X-Total-Count", "", "X-Page"]
