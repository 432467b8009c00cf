from corsheaders.defaults import default_header
DEBUG = False
