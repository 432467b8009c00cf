# Browser agreement corpus: regex_case (django-cors-headers 3.14 semantics).
CORS_ALLOWED_ORIGIN_REGEXES = [r"^http://App\.test$", r"(?i)^http://ADMIN\.app\.test$"]
