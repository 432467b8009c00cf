# SECURE_SSL_REDIRECT with SecurityMiddleware above CorsMiddleware: http requests (preflights
# included) get a 301 to https without CORS headers.

DEBUG = False
ALLOWED_HOSTS = ['api.test', 'api.site.test']
SECURE_SSL_REDIRECT = True
MIDDLEWARE = [
    'django.middleware.security.SecurityMiddleware',
    'corsheaders.middleware.CorsMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.middleware.common.CommonMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
    'django.contrib.messages.middleware.MessageMiddleware',
    'django.middleware.clickjacking.XFrameOptionsMiddleware',
]
CORS_ALLOWED_ORIGINS = ['http://app.test', 'http://app.site.test']
