# DEBUG = True, CorsMiddleware below CommonMiddleware: the APPEND_SLASH RuntimeError (500) and the
# DisallowedHost 400 come from Common, above Cors: no CORS headers; a view's 500 has them.

DEBUG = True
ALLOWED_HOSTS = ['api.test', 'api.site.test']
MIDDLEWARE = [
    'django.middleware.security.SecurityMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.middleware.common.CommonMiddleware',
    'corsheaders.middleware.CorsMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
    'django.contrib.messages.middleware.MessageMiddleware',
    'django.middleware.clickjacking.XFrameOptionsMiddleware',
]
CORS_ALLOWED_ORIGINS = ['http://app.test', 'http://app.site.test']
