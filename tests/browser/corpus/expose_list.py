# Browser agreement corpus: expose_list (django-cors-headers 3.14 semantics).
CORS_ALLOWED_ORIGINS = ["http://app.test"]
CORS_ALLOW_CREDENTIALS = True
CORS_EXPOSE_HEADERS = ["X-Total-Count", "X-Request-Id", "Set-Cookie", "Content-Disposition"]
