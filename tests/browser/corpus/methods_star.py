# Browser agreement corpus: methods_star (django-cors-headers 3.14 semantics).
CORS_ALLOWED_ORIGINS = ["http://app.test"]
CORS_ALLOW_METHODS = ["*"]
CORS_ALLOW_CREDENTIALS = True
