# CorsMiddleware first (above Security and Common): every answer carries CORS headers, so Chromium
# follows the APPEND_SLASH 301 and the login_required 302, preflighting again where the request
# is not simple; CSRF 403s, DisallowedHost 400s, 404s and 500s are readable.

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
