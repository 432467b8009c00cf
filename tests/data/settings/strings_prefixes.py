DEBUG = False
CORS_ALLOWED_ORIGINS = [
    r"https://raw\.example",
    R"https://RAW.example\n",
    u"https://unicode.example",
    U"https://UNICODE.example",
    f"https://fstring.example",
    F"https://{{braces}}.example",
    rf"^https://\w+{{2}}\.example",
    fR"^x",
    'single',
    '''triple single''',
    """triple
double""",
    r'''raw triple \d''',
    "",
    '',
    """""",
]
CORS_URLS_REGEX = ("^/api/"
                   r"v\d+/"
                   '.*$')
CORS_ALLOW_HEADERS = ["x-" "joined", "x-single"]
CSRF_TRUSTED_ORIGINS = "https://bare.example"
