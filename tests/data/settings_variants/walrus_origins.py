# variant: FRONTEND_ORIGINS set | FRONTEND_ORIGINS=https://a.example.com
# variant: FRONTEND_ORIGINS unset |
import os

if origins := os.environ.get("FRONTEND_ORIGINS"):
    CORS_ALLOWED_ORIGINS = origins.split(",")
else:
    CORS_ALLOWED_ORIGINS = []

CORS_ALLOW_HEADERS = ["content-type", "authorization"]
