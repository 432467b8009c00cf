# Browser agreement corpus: allow_all_credentials (django-cors-headers 3.14 semantics).
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = True
