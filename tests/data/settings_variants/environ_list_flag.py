# variant: CORS_ALLOW_ALL set | CORS_ALLOW_ALL=true
# variant: CORS_ALLOW_ALL unset |
import environ

env = environ.Env()

CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=["https://www.example.org"])
CORS_ALLOW_METHODS = env.tuple("CORS_ALLOW_METHODS", default=("GET", "OPTIONS"))

if env.bool("CORS_ALLOW_ALL", default=False):
    CORS_ALLOW_ALL_ORIGINS = True
    CORS_ALLOW_CREDENTIALS = False
else:
    CORS_ALLOW_CREDENTIALS = True
