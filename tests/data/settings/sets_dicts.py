DEBUG = False
CORS_ALLOWED_ORIGINS = {"https://a.example", "https://b.example", "https://a.example"}
CORS_ALLOW_METHODS = {"GET"}
CORS_EXPOSE_HEADERS = {1, True, 1.0, 2, "2", (1, 2), None, -0.0, 0}
CORS_ALLOW_HEADERS = {"accept": "yes", "accept": "again", 1: "one", True: "true", 2.0: "two", (1, "x"): [1, 2], None: {}}
CSRF_TRUSTED_ORIGINS = set(["https://x.example", "https://x.example"])
CORS_ORIGIN_WHITELIST = {*"abca"}
CORS_ORIGIN_REGEX_WHITELIST = {"a": 1} | {"b": 2, "a": 3}
CORS_URLS_REGEX = {"k": "^/api/"}["k"]
CORS_PREFLIGHT_MAX_AGE = dict(a=1, b=2)
CORS_ALLOW_CREDENTIALS = {}
CORS_REPLACE_HTTPS_REFERER = set()
CORS_ALLOW_ALL_ORIGINS = {"x"} - {"y"}
