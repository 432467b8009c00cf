# Browser agreement corpus: origin_ports (django-cors-headers 3.14 semantics).
CORS_ALLOWED_ORIGINS = ["http://app.test:8080", "http://localhost:3000"]
