# Browser agreement corpus: alias_precedence (django-cors-headers 3.14 semantics).
CORS_ALLOWED_ORIGINS = []
CORS_ORIGIN_WHITELIST = ["http://app.test"]
