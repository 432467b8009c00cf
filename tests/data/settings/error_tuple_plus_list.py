from corsheaders.defaults import default_headers
DEBUG = False
CORS_ALLOW_HEADERS = default_headers + ["x-custom"]
