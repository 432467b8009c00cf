# variant: DEBUG on | DEBUG=true
# variant: DEBUG off |
from decouple import Csv, config

DEBUG = config("DEBUG", default=False, cast=bool)

if not DEBUG:
    CORS_ALLOWED_ORIGINS = config(
        "CORS_ALLOWED_ORIGINS",
        default="https://www.example.net, https://m.example.net",
        cast=Csv(),
    )
    CORS_ALLOW_CREDENTIALS = config("CORS_ALLOW_CREDENTIALS", default=True, cast=bool)
else:
    CORS_ALLOWED_ORIGIN_REGEXES = [r"^http://localhost:\d+$"]
