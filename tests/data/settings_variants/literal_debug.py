# variant: |
DEBUG = True

if DEBUG:
    CORS_ALLOW_ALL_ORIGINS = True
    CORS_ALLOW_CREDENTIALS = False
else:
    CORS_ALLOWED_ORIGINS = ["https://example.com"]
    CORS_ALLOW_CREDENTIALS = True
