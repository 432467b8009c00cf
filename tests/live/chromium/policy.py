# The policy the live Chromium test serves with `cors-studio serve` (4.x profile).
CORS_ALLOWED_ORIGINS = ["http://app.test"]
CORS_ALLOW_METHODS = ["GET", "POST", "PUT"]
CORS_ALLOW_HEADERS = ["content-type", "x-custom"]
CORS_EXPOSE_HEADERS = ["x-total-count"]
CORS_URLS_REGEX = r"^/api/"
CORS_PREFLIGHT_MAX_AGE = 0
