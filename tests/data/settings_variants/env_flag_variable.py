# variant: ENABLE_CORS set | ENABLE_CORS=true
# variant: ENABLE_CORS unset |
import os

USE_CORS = os.getenv("ENABLE_CORS", "false").lower() == "true"
cors_allowed_origins = ["https://dashboard.example.io", "https://example.io"]

if USE_CORS:
    CORS_ALLOWED_ORIGINS = cors_allowed_origins
    CORS_ALLOW_CREDENTIALS = True
    CORS_EXPOSE_HEADERS = ["X-Total-Count"]
