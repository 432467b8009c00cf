# variant: DEBUG on | DJANGO_ENV=development
# variant: DEBUG off |
import os

DEBUG = os.environ.get("DJANGO_ENV", "production") == "development"
SITE = "example.com"

CORS_ALLOW_ALL_ORIGINS = True if DEBUG else False
CORS_ALLOWED_ORIGINS = [] if DEBUG else [f"https://{SITE}", f"https://www.{SITE}"]
CORS_ALLOW_CREDENTIALS = not DEBUG
CORS_PREFLIGHT_MAX_AGE = 0 if DEBUG else 86400
CORS_URLS_REGEX = r"^/api/.*$" if SITE == "example.com" else r"^.*$"
