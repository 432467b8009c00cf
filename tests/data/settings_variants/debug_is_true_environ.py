# variant: DEBUG on | DEBUG=True
# variant: DEBUG off |
import environ

env = environ.Env(DEBUG=(bool, False))

DEBUG = env("DEBUG")

CORS_ALLOWED_ORIGINS = ["https://shop.example.org"]

if DEBUG is True:
    CORS_ALLOWED_ORIGINS += ["http://localhost:3000", "http://127.0.0.1:3000"]
    CORS_ALLOW_PRIVATE_NETWORK = True
elif DEBUG == False:
    CORS_PREFLIGHT_MAX_AGE = 3600
