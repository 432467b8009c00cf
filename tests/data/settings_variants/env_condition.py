# variant: CORS_ORIGINS set | CORS_ORIGINS=https://one.example,https://two.example
# variant: CORS_ORIGINS unset |
import os

if os.environ.get("CORS_ORIGINS"):
    CORS_ALLOWED_ORIGINS = os.environ["CORS_ORIGINS"].split(",")
else:
    CORS_ALLOWED_ORIGINS = ["https://app.example.com"]

CORS_ALLOW_METHODS = ("GET", "POST", "OPTIONS")
