import os
from os import environ, getenv

DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"

CORS_ALLOWED_ORIGINS = os.environ.get(
    "CORS_ALLOWED_ORIGINS", "https://a.example,https://b.example"
).split(",")
CORS_ALLOW_CREDENTIALS = os.getenv("CORS_ALLOW_CREDENTIALS", True)
CORS_PREFLIGHT_MAX_AGE = int(os.environ.get("CORS_MAX_AGE", "600"))
CORS_URLS_REGEX = getenv("CORS_URLS_REGEX", r"^/api/")
CSRF_TRUSTED_ORIGINS = environ.get("CSRF_TRUSTED_ORIGINS", "https://a.example https://c.example").split()
CORS_EXPOSE_HEADERS = [h.strip() for h in os.getenv("EXPOSE", "x-a, x-b").split(",")]
CORS_ALLOW_HEADERS = os.environ.get("HEADERS", default=" x-one ; x-two ").strip().split(";")
CORS_ALLOW_METHODS = os.environ.setdefault("METHODS", "GET,POST").lower().upper().split(",", 1)
