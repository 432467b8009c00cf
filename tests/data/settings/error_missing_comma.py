DEBUG = False
CORS_ALLOWED_ORIGINS = [
    "https://a.example"
    b
]
