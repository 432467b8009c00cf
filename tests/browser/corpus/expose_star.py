# Browser agreement corpus: expose_star (django-cors-headers 3.14 semantics).
CORS_ALLOW_ALL_ORIGINS = True
CORS_EXPOSE_HEADERS = ["*"]
