# Browser agreement corpus: streams (django-cors-headers 3.14 semantics).
# ReadableStream bodies: forced preflight; Chromium streams uploads only over HTTP/2
CORS_ALLOW_ALL_ORIGINS = True
