# A file name with a space and a plus, to check SARIF's artifact URI escaping.
CORS_ORIGIN_ALLOW_ALL = True
CORS_ALLOW_CREDENTIALS = True
CORS_ORIGIN_WHITELIST = ("https://app.example.com",)
