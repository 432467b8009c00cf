# SECURE_SSL_REDIRECT below CorsMiddleware with CORS_ALLOW_ALL_ORIGINS: the tainted request to
# https (Origin: null) gets Access-Control-Allow-Origin: *.

DEBUG = False
ALLOWED_HOSTS = ['api.test', 'api.site.test']
SECURE_SSL_REDIRECT = True
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
CORS_ALLOW_ALL_ORIGINS = True
