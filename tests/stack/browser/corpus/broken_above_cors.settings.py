# AuthenticationMiddleware above SessionMiddleware and above CorsMiddleware: every request (the
# preflight too) is a 500 that CorsMiddleware never sees. Answers carry no CORS headers.

DEBUG = False
ALLOWED_HOSTS = ['api.test', 'api.site.test']
MIDDLEWARE = [
    'django.middleware.security.SecurityMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
    'corsheaders.middleware.CorsMiddleware',
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.middleware.common.CommonMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.contrib.messages.middleware.MessageMiddleware',
    'django.middleware.clickjacking.XFrameOptionsMiddleware',
]
CORS_ALLOWED_ORIGINS = ['http://app.test', 'http://app.site.test']
