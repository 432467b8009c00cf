# Settings written for django-cors-headers < 3.5
DEBUG = False
CORS_ORIGIN_ALLOW_ALL = False
CORS_ORIGIN_WHITELIST = (
    'https://legacy.example.com',
    'http://localhost:8000',
)
CORS_ORIGIN_REGEX_WHITELIST = (r'^(https?://)?(\w+\.)?example\.com$', )
CORS_ALLOW_CREDENTIALS = True
CORS_MODEL = None
CORS_REPLACE_HTTPS_REFERER = True
