#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Differential oracle for the settings reader: runs Django settings files with real Python.

Usage: /usr/bin/python3 settings_oracle.py FILE...

Each file is executed with runpy.run_path, the way Django imports a settings module, in a
process where
  * os.environ is empty, so every environment read falls back to its default;
  * `environ` (django-environ) and `decouple` (python-decouple) are stand-ins that behave as
    the real packages do for an unset variable: django-environ returns the default (or the
    Env(...) scheme default) unchanged, python-decouple applies cast= to the default, with
    its own bool table and its shlex-based Csv;
  * corsheaders.defaults is the installed django-cors-headers (Debian: 3.14).

It prints one JSON object: {"files": {FILE: RESULT}} where RESULT is either
  {"error": {"type", "message", "line", "offset"}}  (the import failed)
or
  {"debug": bool(DEBUG), "settings": {NAME: VALUE}}  for every CORS setting name defined.

VALUE is type-tagged: {"t": "str", "v": ...} (or "utf16": hex when the str holds surrogates),
{"t": "int", "v": "decimal"}, {"t": "float", "v": repr}, {"t": "bool", "v": b}, {"t": "None"},
{"t": "list"|"tuple"|"set", "items": [...]}, {"t": "dict", "items": [[k, v], ...]},
{"t": "pattern", "pattern": VALUE, "flags": p.flags, "implicit": flags Python adds by itself
(re.UNICODE unless re.ASCII is given, global inline flags): the reader's flags plus these
must equal p.flags},
{"t": "other", "type": ..., "repr": ...}.

"debug" is the truthiness of the module's DEBUG after it ran: the C++ side reads the file with
SettingsReadOptions::debug set to it, so both take the same `if DEBUG:` branches.
"""

import json
import os
import re
import runpy
import shlex
import string
import sys
import traceback
import types

SETTINGS = [
    "CORS_ALLOWED_ORIGINS", "CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ALLOW_ALL_ORIGINS",
    "CORS_URLS_REGEX", "CORS_ALLOW_METHODS", "CORS_ALLOW_HEADERS", "CORS_EXPOSE_HEADERS",
    "CORS_PREFLIGHT_MAX_AGE", "CORS_ALLOW_CREDENTIALS", "CORS_ALLOW_PRIVATE_NETWORK",
    "CORS_REPLACE_HTTPS_REFERER", "CSRF_TRUSTED_ORIGINS", "CORS_ORIGIN_WHITELIST",
    "CORS_ORIGIN_REGEX_WHITELIST", "CORS_ORIGIN_ALLOW_ALL", "CORS_MODEL",
]


# --- stand-ins for packages Debian does not ship -------------------------------------------

class ImproperlyConfigured(Exception):
    pass


class _NotSet:
    def __repr__(self):
        return "NOTSET"


NOTSET = _NotSet()


class Env:
    """django-environ's Env, for unset variables: defaults come back unparsed."""

    NOTSET = NOTSET

    def __init__(self, **scheme):
        self.scheme = scheme

    def __call__(self, var, cast=None, default=NOTSET, parse_default=False):
        return self.get_value(var, cast=cast, default=default, parse_default=parse_default)

    def get_value(self, var, cast=None, default=NOTSET, parse_default=False):
        if var in self.scheme:
            info = self.scheme[var]
            if isinstance(info, tuple) and len(info) == 2 and default is NOTSET:
                default = info[1]
        if var in os.environ:
            raise AssertionError("the oracle runs with an empty environment")
        if default is NOTSET:
            raise ImproperlyConfigured("Set the %s environment variable" % var)
        if parse_default:
            raise AssertionError("parse_default is not modelled")
        return default

    def str(self, var, default=NOTSET, multiline=False):
        return self.get_value(var, default=default)

    def bool(self, var, default=NOTSET):
        return self.get_value(var, default=default)

    def int(self, var, default=NOTSET):
        return self.get_value(var, default=default)

    def float(self, var, default=NOTSET):
        return self.get_value(var, default=default)

    def json(self, var, default=NOTSET):
        return self.get_value(var, default=default)

    def url(self, var, default=NOTSET):
        return self.get_value(var, default=default)

    def path(self, var, default=NOTSET, **kwargs):
        return self.get_value(var, default=default)

    def list(self, var, cast=None, default=NOTSET):
        return self.get_value(var, cast=cast, default=default)

    def tuple(self, var, cast=None, default=NOTSET):
        return self.get_value(var, cast=cast, default=default)

    def dict(self, var, cast=dict, default=NOTSET):
        return self.get_value(var, cast=cast, default=default)

    @classmethod
    def read_env(cls, *args, **kwargs):
        pass


class UndefinedValueError(Exception):
    pass


class _Undefined:
    pass


_undefined = _Undefined()

_BOOLEANS = {"1": True, "yes": True, "true": True, "on": True,
             "0": False, "no": False, "false": False, "off": False, "": False}


def _cast_boolean(value):
    value = str(value)
    if value.lower() not in _BOOLEANS:
        raise ValueError("Not a boolean: %s" % value)
    return _BOOLEANS[value.lower()]


def config(option, default=_undefined, cast=_undefined):
    """python-decouple's config for an unset option: cast applies to the default."""
    if option in os.environ:
        raise AssertionError("the oracle runs with an empty environment")
    if isinstance(default, _Undefined):
        raise UndefinedValueError("%s not found. Declare it as envvar or define a default value." % option)
    value = default
    if isinstance(cast, _Undefined):
        return value
    if cast is bool:
        return _cast_boolean(value)
    return cast(value)


class Csv:
    """python-decouple's Csv: shlex splitting on the delimiter characters."""

    def __init__(self, cast=str, delimiter=",", strip=string.whitespace, post_process=list):
        self.cast = cast
        self.delimiter = delimiter
        self.strip = strip
        self.post_process = post_process

    def __call__(self, value):
        if value is None:
            return self.post_process()
        splitter = shlex.shlex(value, posix=True)
        splitter.whitespace = self.delimiter
        splitter.whitespace_split = True
        return self.post_process(self.cast(s.strip(self.strip)) for s in splitter)


class AutoConfig:
    def __init__(self, search_path=None):
        pass

    def __call__(self, *args, **kwargs):
        return config(*args, **kwargs)


def install_stand_ins():
    environ_module = types.ModuleType("environ")
    environ_module.Env = Env
    environ_module.ImproperlyConfigured = ImproperlyConfigured
    sys.modules["environ"] = environ_module
    decouple_module = types.ModuleType("decouple")
    decouple_module.config = config
    decouple_module.Csv = Csv
    decouple_module.AutoConfig = AutoConfig
    decouple_module.UndefinedValueError = UndefinedValueError
    sys.modules["decouple"] = decouple_module


# --- canonical form ------------------------------------------------------------------------

def canonical(value, depth=0):
    if depth > 400:
        return {"t": "other", "type": "deep", "repr": "..."}
    if value is None:
        return {"t": "None"}
    if isinstance(value, bool):
        return {"t": "bool", "v": value}
    if isinstance(value, int):
        return {"t": "int", "v": str(value)}
    if isinstance(value, float):
        return {"t": "float", "v": repr(value)}
    if isinstance(value, str):
        if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
            return {"t": "str", "utf16": value.encode("utf-16-le", "surrogatepass").hex()}
        return {"t": "str", "v": value}
    if isinstance(value, re.Pattern):
        if isinstance(value.pattern, bytes):
            return {"t": "other", "type": "bytes pattern", "repr": repr(value)}
        # What Python adds by itself: re.UNICODE unless re.ASCII was asked for, and the
        # pattern's global inline flags such as (?i).
        try:
            implicit = re.compile(value.pattern, value.flags & re.ASCII).flags
        except re.error:
            implicit = 0 if value.flags & re.ASCII else re.UNICODE
        return {"t": "pattern", "pattern": canonical(value.pattern), "flags": value.flags,
                "implicit": implicit}
    if type(value) in (list, tuple, set):
        return {"t": type(value).__name__, "items": [canonical(v, depth + 1) for v in value]}
    if type(value) is dict:
        return {"t": "dict",
                "items": [[canonical(k, depth + 1), canonical(v, depth + 1)] for k, v in value.items()]}
    return {"t": "other", "type": type(value).__name__, "repr": repr(value)}


def run(path):
    try:
        namespace = runpy.run_path(path, run_name="settings")
    except SyntaxError as e:
        return {"error": {"type": type(e).__name__, "message": e.msg, "line": e.lineno,
                          "offset": e.offset}}
    except BaseException as e:  # noqa: B902 - a settings file may raise anything
        line = 0
        for frame in traceback.extract_tb(e.__traceback__):
            if os.path.abspath(frame.filename) == os.path.abspath(path):
                line = frame.lineno
        return {"error": {"type": type(e).__name__, "message": str(e), "line": line, "offset": 0}}
    settings = {name: canonical(namespace[name]) for name in SETTINGS if name in namespace}
    return {"debug": bool(namespace.get("DEBUG", False)), "settings": settings}


def main():
    os.environ.clear()
    install_stand_ins()
    try:
        import corsheaders.defaults  # noqa: F401
    except ImportError as e:
        print(json.dumps({"unavailable": "corsheaders is not importable: %s" % e}))
        return
    results = {path: run(path) for path in sys.argv[1:]}
    print(json.dumps({"files": results}, ensure_ascii=True))


if __name__ == "__main__":
    main()
