DEBUG = True

CORS_ALLOWED_ORIGINS = ["https://example.com"]

if DEBUG:
    CORS_ALLOW_ALL_ORIGINS = True
    CORS_ALLOWED_ORIGINS += ["http://localhost:3000", "http://127.0.0.1:3000"]
    CORS_EXPOSE_HEADERS = ["x-debug-token"]
else:
    CORS_ALLOW_ALL_ORIGINS = False
    CORS_PREFLIGHT_MAX_AGE = 86400

if not DEBUG:
    CORS_ALLOW_CREDENTIALS = True
else:
    CORS_ALLOW_CREDENTIALS = False

if (DEBUG):
    CSRF_TRUSTED_ORIGINS = ["http://localhost:3000"]
