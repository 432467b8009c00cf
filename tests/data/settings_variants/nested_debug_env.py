# variant: DEBUG on, SENTRY_DSN set | DJANGO_DEBUG=True SENTRY_DSN=https://key@sentry.example/1
# variant: DEBUG on, SENTRY_DSN unset | DJANGO_DEBUG=True
# variant: DEBUG off, SENTRY_DSN set | SENTRY_DSN=https://key@sentry.example/1
# variant: DEBUG off, SENTRY_DSN unset |
import os

from dotenv import load_dotenv

load_dotenv()

DEBUG = os.getenv("DJANGO_DEBUG", "False") == "True"

CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
CORS_ALLOW_HEADERS = ["content-type"]

if DEBUG:
    CORS_ALLOWED_ORIGINS.append("http://localhost:5173")

if os.getenv("SENTRY_DSN"):
    CORS_ALLOW_HEADERS = CORS_ALLOW_HEADERS + ["sentry-trace", "baggage"]
