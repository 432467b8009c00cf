from typing import List, Tuple

DEBUG: bool = False
CORS_ALLOWED_ORIGINS: List[str] = ["https://typed.example"]
CORS_ALLOW_METHODS: Tuple[str, ...] = "GET", "POST"
CORS_ALLOW_HEADERS: "list[str]" = ("x-one",)
CORS_EXPOSE_HEADERS = ("x-not-a-tuple")
CORS_URLS_REGEX: str = r"^/api/"
CORS_ALLOW_CREDENTIALS: bool
CORS_ALLOW_ALL_ORIGINS = CORS_ORIGIN_ALLOW_ALL = False
CSRF_TRUSTED_ORIGINS = "https://one.example",
CORS_PREFLIGHT_MAX_AGE = (3600)
CORS_ORIGIN_WHITELIST = ()
CORS_ORIGIN_REGEX_WHITELIST = []
A, B = "https://x.example", "https://y.example"
(C, D), *E = ("c", "d"), 1, 2
CORS_REPLACE_HTTPS_REFERER = [A, B, C, D, E]
