# variant: | CORS_ALLOWED_ORIGINS=https://a.example,https://b.example
import os

# No default: the reader cannot know the value; lint and check must say so.
CORS_ALLOWED_ORIGINS = os.environ["CORS_ALLOWED_ORIGINS"].split(",")
CORS_ALLOW_CREDENTIALS = True
CORS_URLS_REGEX = r"^/api/.*$"
