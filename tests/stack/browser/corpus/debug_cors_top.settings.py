# DEBUG = True, CorsMiddleware on top: technical 500 and 404 pages, the APPEND_SLASH RuntimeError
# for POST/PUT/PATCH (500, with CORS headers), DisallowedHost as a technical 400.

DEBUG = True
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
