# variant: DEBUG on, LOCAL_FRONTEND set | DEBUG=1 LOCAL_FRONTEND=1
# variant: DEBUG on, LOCAL_FRONTEND unset, STRICT set | DEBUG=1 STRICT=1
# variant: DEBUG on, LOCAL_FRONTEND unset, STRICT unset | DEBUG=1
# variant: DEBUG off | DEBUG=0
import os

DEBUG = os.environ.get("DEBUG", "0") == "1"
HOSTS = ["a.example", "b.example"]


def env_list(name, default):
    value = os.environ.get(name, default)
    items = [v.strip() for v in value.split(",")]
    return [v for v in items if v]


if DEBUG and os.environ.get("LOCAL_FRONTEND"):
    CORS_ALLOW_ALL_ORIGINS = True
elif not DEBUG or os.environ.get("STRICT"):
    CORS_ALLOWED_ORIGINS = [f"https://{h}" for h in HOSTS]

CORS_ALLOWED_ORIGIN_REGEXES = [
    rf"^https://{sub}\.{d}$" for d in ["x.com", "y.com"] for sub in ["api", "www"] if sub
]
CORS_ALLOW_HEADERS = env_list("CORS_HEADERS", "content-type,authorization")
CORS_EXPOSE_HEADERS = os.environ.get("EXPOSE", "x-a") and ["x-a"] or []
CORS_ALLOW_CREDENTIALS = DEBUG or False
