import environ

env = environ.Env(
    DEBUG=(bool, True),
    CORS_ALLOWED_ORIGINS=(list, ["https://scheme.example"]),
)
environ.Env.read_env()

DEBUG = env("DEBUG")

CORS_ALLOWED_ORIGINS = env("CORS_ALLOWED_ORIGINS")
CORS_ALLOW_CREDENTIALS = env.bool("CORS_ALLOW_CREDENTIALS", default=False)
CORS_ALLOW_ALL_ORIGINS = env.bool("CORS_ALLOW_ALL_ORIGINS", False)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=["https://env.example"])
CORS_EXPOSE_HEADERS = env.list("CORS_EXPOSE_HEADERS", default="x-a,x-b")
CORS_PREFLIGHT_MAX_AGE = env.int("CORS_PREFLIGHT_MAX_AGE", default=3600)
CORS_URLS_REGEX = env.str("CORS_URLS_REGEX", default=r"^/api/.*$")
CORS_ALLOW_METHODS = env.tuple("CORS_ALLOW_METHODS", str, ("GET", "POST"))
CORS_ALLOW_HEADERS = env("CORS_ALLOW_HEADERS", default=("accept", "content-type"))
