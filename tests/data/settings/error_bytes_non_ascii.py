DEBUG = False
CORS_ALLOWED_ORIGINS = [b"https://café.example"]
