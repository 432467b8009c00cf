from decouple import Csv, config

DEBUG = config("DEBUG", default=False, cast=bool)

CORS_ALLOWED_ORIGINS = config("CORS_ALLOWED_ORIGINS", default="https://a.example, https://b.example", cast=Csv())
CORS_ALLOW_CREDENTIALS = config("CORS_ALLOW_CREDENTIALS", default="yes", cast=bool)
CORS_ALLOW_ALL_ORIGINS = config("CORS_ALLOW_ALL_ORIGINS", "off", cast=bool)
CORS_PREFLIGHT_MAX_AGE = config("CORS_PREFLIGHT_MAX_AGE", default="1_200", cast=int)
CORS_URLS_REGEX = config("CORS_URLS_REGEX", default=r"^/api/")
CSRF_TRUSTED_ORIGINS = config("CSRF_TRUSTED_ORIGINS", default="https://a.example,,https://c.example,", cast=Csv(post_process=tuple))
CORS_ALLOW_METHODS = config("CORS_ALLOW_METHODS", default="GET;POST; PUT", cast=Csv(delimiter=";"))
CORS_EXPOSE_HEADERS = config("CORS_EXPOSE_HEADERS", default="", cast=Csv())
CORS_ALLOW_HEADERS = config("CORS_ALLOW_HEADERS", default="accept", cast=str)
