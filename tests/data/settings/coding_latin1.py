# -*- coding: latin-1 -*-
DEBUG = False
CORS_ALLOWED_ORIGINS = ["https://café.example", "https://naïve.example"]
CORS_EXPOSE_HEADERS = ["µ-header"]
