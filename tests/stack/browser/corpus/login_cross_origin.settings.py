# login_required with LOGIN_URL on another origin (http://accounts.test/login/), CorsMiddleware on
# top, CORS_ALLOW_ALL_ORIGINS + CORS_ALLOW_CREDENTIALS (the request's Origin is echoed, "null"
# included). The 302 leaves the API origin: Origin null at accounts.test.

DEBUG = False
ALLOWED_HOSTS = [
    'api.test',
    'accounts.test',
    'app.test',
]
MIDDLEWARE = [
    'corsheaders.middleware.CorsMiddleware',
    'django.middleware.security.SecurityMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.middleware.common.CommonMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
    'django.contrib.messages.middleware.MessageMiddleware',
    'django.middleware.clickjacking.XFrameOptionsMiddleware',
]
LOGIN_URL = 'http://accounts.test/login/'
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = True
