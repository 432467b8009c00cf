# A policy with the mistakes people make, bundled to show what CORS Studio catches (File > Open
# Example > Policy with Mistakes) and used for the screenshot of the Problems panel.
CORS_ALLOWED_ORIGINS = [
    "https://app.example.com/",  # trailing slash: corsheaders.E014
    "https://Admin.Example.com",  # upper-case host: browsers send it lower-case
    "https://shop.example.com:443",  # explicit default port: never sent by browsers
    "www.example.com",  # no scheme: corsheaders.E013
]

CORS_ALLOWED_ORIGIN_REGEXES = [
    r"^https://(\w+\.example\.com$",  # Python rejects it: requests that reach it fail (500)
]

CORS_ALLOW_METHODS = "GET"  # a bare string, not a tuple: E002 in 4.x, "G, E, T" in 3.14

CORS_ALLOW_HEADERS = ["content-type", "cookie", "x-request-id", "X-Request-ID"]

CORS_ALLOW_CREDENTIALS = "yes"  # not a bool: corsheaders.E003

CSRF_TRUSTED_ORIGINS = ["app.example.com"]  # Django 4.0 and later need a scheme
