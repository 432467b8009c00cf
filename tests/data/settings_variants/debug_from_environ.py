# variant: DEBUG on | DJANGO_DEBUG=1
# variant: DEBUG off |
import os

DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"

CORS_ALLOW_CREDENTIALS = True

if DEBUG:
    CORS_ALLOW_ALL_ORIGINS = True
else:
    CORS_ALLOWED_ORIGINS = [
        "https://app.example.com",
        "https://admin.example.com",
    ]
