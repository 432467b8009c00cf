# variant: |
import os

from decouple import config


def env_list(name, default=""):
    """A comma separated list from the environment."""
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


def origin(host, scheme="https"): return f"{scheme}://{host}"


CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", "https://a.example, https://b.example")
CSRF_TRUSTED_ORIGINS = [origin("a.example"), origin("b.example", scheme="http")]
CORS_ALLOW_HEADERS = config(
    "CORS_ALLOW_HEADERS", default="x-a, x-b", cast=lambda v: [s.strip() for s in v.split(",")]
)
CORS_EXPOSE_HEADERS = env_list("CORS_EXPOSE_HEADERS")
