# Browser agreement corpus: legacy_aliases (django-cors-headers 3.14 semantics).
CORS_ORIGIN_ALLOW_ALL = False
CORS_ORIGIN_WHITELIST = ("http://app.test",)
CORS_ORIGIN_REGEX_WHITELIST = (r"^http://localhost:\d+$",)
