DEBUG = False
CORS_ALLOWED_ORIGINS = ["https://\x4.example"]
