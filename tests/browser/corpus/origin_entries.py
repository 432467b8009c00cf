# Browser agreement corpus: origin_entries (django-cors-headers 3.14 semantics).
CORS_ALLOWED_ORIGINS = ["http://app.test/", "http://APP2.test", "http://app3.test:80", "HTTP://app4.test"]
