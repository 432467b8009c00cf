# variant: DEBUG on | BASE_DEBUG=1
# variant: DEBUG off |
# Split settings: DEBUG comes from the base module (a stand-in the oracle provides, whose DEBUG
# is True exactly when BASE_DEBUG=1).
from project_base import *  # noqa: F401,F403

CORS_ALLOWED_ORIGINS = ["https://portal.example.net"]

if DEBUG is True:
    CORS_ALLOWED_ORIGINS += ["http://localhost:8000"]
elif not DEBUG:
    CORS_ALLOW_CREDENTIALS = True
