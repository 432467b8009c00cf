DEBUG = \
    False
# A comment with [brackets and "quotes" and 'more' (unbalanced
CORS_ALLOWED_ORIGINS = [  # comment after bracket ]
    "https://hash#in.string",  # the '#' above is data
    "https://bracket](in).string",
    'https://quote"mix.example',
    "https://quote'mix.example",
]
CORS_ALLOW_METHODS = \
    ["GET",
        "POST",
  "PUT"]
CORS_URLS_REGEX = r"^/api/" \
    r"v1/"
CORS_EXPOSE_HEADERS = (
    # only a comment in here
)
CORS_ALLOW_HEADERS = [
    "x-a",

    "x-b"
    ,
]
x = """
CORS_ALLOW_CREDENTIALS = True
"""
CSRF_TRUSTED_ORIGINS = ['''a
b''', "c"]
