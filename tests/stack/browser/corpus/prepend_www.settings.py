# PREPEND_WWW with CorsMiddleware on top and CORS_ALLOW_ALL_ORIGINS: http://api.test → http://www.api.test
# (a cross-origin hop of a cross-origin request: Origin null afterwards) and, from a page at
# http://app.test, http://app.test → http://www.app.test (a same-origin request redirected
# cross-origin: not tainted, the Origin stays http://app.test).

DEBUG = False
ALLOWED_HOSTS = ['.test']
PREPEND_WWW = True
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
