DEBUG = False
CORS_ALLOWED_ORIGINS = ("https://a.example", "https://b.example")
A, B, C = CORS_ALLOWED_ORIGINS
