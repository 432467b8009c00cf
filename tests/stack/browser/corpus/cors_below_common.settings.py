# CorsMiddleware below CommonMiddleware (APPEND_SLASH on by default): Common's 301 to the slash URL
# and its DisallowedHost 400 never get CORS headers; what the views answer (404, 500, the
# login_required 302) does.

DEBUG = False
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
CORS_ALLOW_CREDENTIALS = True
