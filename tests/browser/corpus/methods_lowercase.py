# Browser agreement corpus: methods_lowercase (django-cors-headers 3.14 semantics).
CORS_ALLOWED_ORIGINS = ["http://app.test"]
CORS_ALLOW_METHODS = ["get", "post", "patch", "delete", "put"]
