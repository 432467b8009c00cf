DEBUG = False
CORS_URLS_REGEX = r"^/api/\
