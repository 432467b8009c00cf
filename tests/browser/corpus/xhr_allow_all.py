# Browser agreement corpus: xhr_allow_all (django-cors-headers 3.14 semantics).
CORS_ALLOW_ALL_ORIGINS = True
