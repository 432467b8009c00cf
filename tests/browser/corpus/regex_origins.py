# Browser agreement corpus: regex_origins (django-cors-headers 3.14 semantics).
CORS_ALLOWED_ORIGIN_REGEXES = [r"^http://\w+\.app\.test$", r"http://app\.test"]
