import corsheaders.defaults
from corsheaders import defaults
from corsheaders.defaults import default_headers as HEADERS

DEBUG = True

CORS_ALLOW_HEADERS = corsheaders.defaults.default_headers + ("authorization-extra",)
CORS_ALLOW_METHODS = defaults.default_methods
CORS_EXPOSE_HEADERS = [*HEADERS]
CORS_ALLOWED_ORIGINS = [*defaults.default_methods, *["https://a.example", "https://b.example"]]
CSRF_TRUSTED_ORIGINS = tuple(["https://a.example"]) + tuple(defaults.default_methods)
