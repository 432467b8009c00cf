# Browser agreement corpus: fetch_modes (django-cors-headers 3.14 semantics).
# optional members: mode, and script errors thrown by fetch() itself
CORS_ALLOW_ALL_ORIGINS = True
