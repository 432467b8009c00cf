DEBUG = True
CORS_ALLOWED_ORIGINS = [
	"https://crlf.example",
	"https://tabs.example",
]
if DEBUG:
	CORS_ALLOW_ALL_ORIGINS = True
	CORS_PREFLIGHT_MAX_AGE = 5
CORS_URLS_REGEX = """a
b"""
