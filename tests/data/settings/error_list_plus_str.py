DEBUG = False
CORS_ALLOWED_ORIGINS = ["https://a.example"] + "https://b.example"
