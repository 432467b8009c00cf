# variant: |
import os

origins_env = os.environ.get("CORS_ORIGINS", "https://a.example.com, https://b.example.com,")

CORS_ALLOWED_ORIGINS = [o.strip() for o in origins_env.split(",") if o.strip()]
CSRF_TRUSTED_ORIGINS = [origin for origin in CORS_ALLOWED_ORIGINS if "a.example" in origin]
CORS_ALLOW_METHODS = tuple(m.upper() for m in ["get", "post", "options"])
CORS_ALLOW_HEADERS = list(h.lower() for h in ("X-Api-Key", "Content-Type"))
CORS_EXPOSE_HEADERS = [f"x-{name}" for name in ("total", "page")]

HOST = "api.example.com"
PORT = 8443
CSRF_COOKIE_DOMAIN = HOST
CORS_URLS_REGEX = rf"^/{'api'}/.*$" if False else r"^/api/.*$"
CORS_ORIGIN_WHITELIST = [f"https://{HOST}:{PORT}", f"{{literal}}-{HOST}"]
