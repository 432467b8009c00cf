# DRF views with Token, Basic and Session authentication and IsAuthenticated, CorsMiddleware on top
# (401 with WWW-Authenticate, 403 for session auth, CSRF on session-authenticated unsafe methods).

DEBUG = False
ALLOWED_HOSTS = ['api.test', 'api.site.test']
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
CORS_ALLOWED_ORIGINS = ['http://app.test', 'http://app.site.test']
CORS_ALLOW_CREDENTIALS = True
