import os
DEBUG = False

CORS_ALLOWED_ORIGINS = ["https://base.example"]

def allowed():
    CORS_ALLOW_CREDENTIALS = True
    return CORS_ALLOW_CREDENTIALS

class Settings:
    CORS_ALLOW_ALL_ORIGINS = True

for host in ["a", "b"]:
    CORS_ALLOWED_ORIGINS.append("https://%s.example" % host)

try:
    from .local_settings import *
except ImportError:
    pass

with open(os.devnull) as f:
    CORS_EXPOSE_HEADERS = ["x-from-with"]

if os.environ.get("STAGING"):
    CORS_URLS_REGEX = r"^/staging/"

while False:
    CORS_PREFLIGHT_MAX_AGE = 1

CORS_ALLOW_METHODS = ["GET"]
