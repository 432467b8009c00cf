#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Oracle for the variants of settings modules: runs each module with real Python once per variant.

Usage: /usr/bin/python3 settings_variant_oracle.py FILE...

Each FILE starts with lines `# variant: NAME | VAR=value VAR2=value`: the variant's name as the
reader must call it (empty for a file with one policy) and the environment that makes real
Python take it. For every variant the module is executed with runpy.run_path (as Django imports
a settings module) in a fresh namespace, with os.environ holding exactly those variables, and
with stand-ins for the packages Debian does not ship: `environ` (django-environ), `decouple`
(python-decouple) and `dotenv` (python-dotenv), which read os.environ the way the real packages
do, and `project_base`, the base module of split settings (`from project_base import *`), whose
DEBUG is True exactly when BASE_DEBUG=1. corsheaders.defaults is the installed django-cors-headers.

Prints one JSON object: {"files": {FILE: {"variants": {NAME: RESULT}}}}, RESULT as in
settings_oracle.py ({"error": ...} or {"debug": ..., "settings": {...}}).
"""

import json
import os
import re
import sys
import types

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import settings_oracle as base  # noqa: E402  canonical form, SETTINGS, Csv, the error handling

_ENV_TRUE = ("true", "on", "ok", "y", "yes", "1")


class Env(base.Env):
    """django-environ's Env: a set variable is parsed with the cast; unset gives the default."""

    def get_value(self, var, cast=None, default=base.NOTSET, parse_default=False):
        if var in self.scheme:
            info = self.scheme[var]
            if isinstance(info, tuple) and len(info) == 2:
                cast = cast if cast is not None else info[0]
                if default is base.NOTSET:
                    default = info[1]
            elif cast is None:
                cast = info
        if var not in os.environ:
            if default is base.NOTSET:
                raise base.ImproperlyConfigured("Set the %s environment variable" % var)
            return default
        value = os.environ[var]
        if cast is bool:
            return value.lower() in _ENV_TRUE
        if cast is list:
            return [v for v in value.split(",") if v]
        if cast is tuple:
            return tuple(v for v in value.split(",") if v)
        if cast is int:
            return int(value)
        if cast is float:
            return float(value)
        return value

    def bool(self, var, default=base.NOTSET):
        return self.get_value(var, cast=bool, default=default)

    def int(self, var, default=base.NOTSET):
        return self.get_value(var, cast=int, default=default)

    def list(self, var, cast=None, default=base.NOTSET):
        return self.get_value(var, cast=list, default=default)

    def tuple(self, var, cast=None, default=base.NOTSET):
        return self.get_value(var, cast=tuple, default=default)


def config(option, default=base._undefined, cast=base._undefined):
    """python-decouple's config: the environment first, then the default; cast applies to both."""
    if option in os.environ:
        value = os.environ[option]
    elif isinstance(default, base._Undefined):
        raise base.UndefinedValueError(
            "%s not found. Declare it as envvar or define a default value." % option)
    else:
        value = default
    if isinstance(cast, base._Undefined):
        return value
    if cast is bool:
        return base._cast_boolean(value)
    return cast(value)


def install_stand_ins():
    environ_module = types.ModuleType("environ")
    environ_module.Env = Env
    environ_module.ImproperlyConfigured = base.ImproperlyConfigured
    sys.modules["environ"] = environ_module
    decouple_module = types.ModuleType("decouple")
    decouple_module.config = config
    decouple_module.Csv = base.Csv
    decouple_module.UndefinedValueError = base.UndefinedValueError
    sys.modules["decouple"] = decouple_module
    dotenv_module = types.ModuleType("dotenv")
    dotenv_module.load_dotenv = lambda *args, **kwargs: False
    dotenv_module.find_dotenv = lambda *args, **kwargs: ""
    sys.modules["dotenv"] = dotenv_module


def install_project_base():
    """`from project_base import *` (split settings): DEBUG is True exactly with BASE_DEBUG=1."""
    module = types.ModuleType("project_base")
    module.DEBUG = os.environ.get("BASE_DEBUG") == "1"
    module.ALLOWED_HOSTS = ["*"] if module.DEBUG else ["www.example.com"]
    sys.modules["project_base"] = module


VARIANT_LINE = re.compile(r"^#\s*variant:\s*(.*?)\s*\|(.*)$")


def variants_of(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = VARIANT_LINE.match(line.rstrip("\n"))
            if not m:
                if out:
                    break
                continue
            env = dict(item.split("=", 1) for item in m.group(2).split())
            out.append((m.group(1), env))
    return out


def main():
    install_stand_ins()
    try:
        import corsheaders.defaults  # noqa: F401
    except ImportError as e:
        print(json.dumps({"unavailable": "corsheaders is not importable: %s" % e}))
        return
    files = {}
    for path in sys.argv[1:]:
        results = {}
        for name, env in variants_of(path):
            os.environ.clear()
            os.environ.update(env)
            install_project_base()
            results[name] = base.run(path)
        os.environ.clear()
        files[path] = {"variants": results}
    print(json.dumps({"files": files}, ensure_ascii=True))


if __name__ == "__main__":
    main()
