# login_required with LOGIN_URL on another origin and an allow-list without "null": the redirected
# (tainted) request fails the CORS check at accounts.test.

DEBUG = False
ALLOWED_HOSTS = ['api.test', 'accounts.test']
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
CORS_ALLOWED_ORIGINS = ['http://app.test']
CORS_ALLOW_CREDENTIALS = True
