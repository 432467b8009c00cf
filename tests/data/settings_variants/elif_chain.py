# variant: DEPLOY_ENV set | DEPLOY_ENV=production
# variant: DEPLOY_ENV unset |
import os

DEPLOY_ENV = os.environ.get("DEPLOY_ENV", "development")

if DEPLOY_ENV == "production":
    CORS_ALLOWED_ORIGINS = ["https://www.example.com"]
    CORS_ALLOW_CREDENTIALS = True
elif DEPLOY_ENV == "staging":
    CORS_ALLOWED_ORIGINS = ["https://staging.example.com"]
else:
    CORS_ALLOWED_ORIGINS = ["http://localhost:8080"]
    CORS_ALLOW_CREDENTIALS = False
