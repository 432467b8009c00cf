# SECURE_SSL_REDIRECT with CorsMiddleware above SecurityMiddleware: the 301 to https carries CORS
# headers and Chromium follows it; http://api.test → https://api.test is a cross-origin hop of a
# cross-origin request, so the request is tainted (Origin: null) from there on. The allow-list
# has no "null".

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
CORS_ALLOWED_ORIGINS = ['http://app.test', 'http://app.site.test']
