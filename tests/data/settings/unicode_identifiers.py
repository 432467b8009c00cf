DEBUG = False
CORS_ALLOWED_ORIGINS = ["https://bom.example"]
ＣORS_ALLOW_CREDENTIALS = True
CORS_ＡLLOW_ALL_ORIGINS = False
café = "https://café.example"
CORS_EXPOSE_HEADERS = [café]
