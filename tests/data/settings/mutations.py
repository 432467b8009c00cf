DEBUG = False
CORS_ALLOWED_ORIGINS = ["https://a.example"]
CORS_ALLOWED_ORIGINS.append("https://b.example")
CORS_ALLOWED_ORIGINS.extend(("https://c.example", "https://d.example"))
CORS_ALLOWED_ORIGINS.insert(0, "https://first.example")
CORS_ALLOWED_ORIGINS.insert(-1, "https://before-last.example")
CORS_ALLOWED_ORIGINS += ["https://e.example"]
CORS_ALLOWED_ORIGINS += "xy"
CORS_ALLOWED_ORIGINS.remove("x")

CORS_ALLOW_HEADERS = {"accept"}
CORS_ALLOW_HEADERS.add("content-type")
CORS_ALLOW_HEADERS.update(["x-a", "accept"], ("x-b",))
CORS_ALLOW_HEADERS |= {"x-c"}
CORS_ALLOW_HEADERS -= {"x-a"}
CORS_ALLOW_HEADERS.discard("missing")

CORS_EXPOSE_HEADERS = ("x-1",)
CORS_EXPOSE_HEADERS += ("x-2",)
CORS_EXPOSE_HEADERS *= 2

CORS_PREFLIGHT_MAX_AGE = 100
CORS_PREFLIGHT_MAX_AGE += 20
CORS_PREFLIGHT_MAX_AGE -= 1
CORS_PREFLIGHT_MAX_AGE *= 2

CORS_URLS_REGEX = "^/api"
CORS_URLS_REGEX += "/v1/"

CORS_ALLOW_METHODS = ["GET"] * 2
CORS_ALLOW_METHODS.clear()
CORS_ALLOW_METHODS.append("POST")

CORS_ALLOW_CREDENTIALS = True
del CORS_ALLOW_CREDENTIALS

CSRF_TRUSTED_ORIGINS = {"a": 1}
CSRF_TRUSTED_ORIGINS.update({"b": 2}, c=3)
CSRF_TRUSTED_ORIGINS |= {"a": 0}
