import os
import sys
from corsheaders.defaults import default_headers

def env_bool(name, default=False):
    return os.environ.get(name, str(default)).lower() in ("1", "true", "yes")

DEBUG = env_bool("DEBUG")
TESTING = "test" in sys.argv

INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
if DEBUG:
    INSTALLED_APPS += ["debug_toolbar"]

CORS_ALLOW_HEADERS = list(default_headers) + [
    "x-api-key",
    "x-client-version",
]

if DEBUG:
    CORS_ALLOW_ALL_ORIGINS = True
else:
    CORS_ALLOWED_ORIGINS = [
        "https://example.com",
    ]

CORS_EXPOSE_HEADERS = ["Content-Range"]
CORS_PREFLIGHT_MAX_AGE = 60 * 60

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
