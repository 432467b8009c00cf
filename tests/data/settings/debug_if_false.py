DEBUG = False

CORS_ALLOWED_ORIGINS = ["https://example.com"]
CSRF_TRUSTED_ORIGINS = CORS_ALLOWED_ORIGINS

if DEBUG:
    CORS_ALLOW_ALL_ORIGINS = True
    CORS_ALLOWED_ORIGINS.append("http://localhost:3000")
else:
    CORS_ALLOW_ALL_ORIGINS = False
    CORS_ALLOWED_ORIGINS.extend(["https://www.example.com"])

if not DEBUG:
    CORS_PREFLIGHT_MAX_AGE = 7200
    if DEBUG:
        CORS_EXPOSE_HEADERS = ["never"]
    else:
        CORS_EXPOSE_HEADERS = ["x-prod"]

if DEBUG: CORS_URLS_REGEX = r"^.*$"
else: CORS_URLS_REGEX = r"^/api/"
