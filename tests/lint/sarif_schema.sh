#!/bin/sh
# ctest lint/sarif_schema: `cors-studio lint --format sarif` against the SARIF 2.1.0 schema.
#
#   sarif_schema.sh CLI WORK_DIR
#
# Installs the pinned validator (tests/lint/package-lock.json: ajv 6 and the schema shipped by
# @microsoft/jest-sarif) into WORK_DIR with `npm ci` (once), generates risky policies with
# generate_risky.py, and validates the SARIF of those, of tests/data/lint and of the bundled
# examples, and of the example linted with nginx configurations in front (--proxy: the nginx
# findings name the nginx file and line). Reported as skipped (exit 0 with the marker below) only when node is missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
cli=$1
work=$2

if ! command -v node >/dev/null 2>&1; then
    echo "lint/sarif_schema SKIPPED: node is not installed (apt-get install nodejs npm)"
    exit 0
fi

mkdir -p "$work"
cp "$here/package.json" "$here/package-lock.json" "$work/"
want=$(cd "$work" && node -p "require('./package-lock.json').packages['node_modules/ajv'].version")
have=$(cd "$work" && node -p "try { require('./node_modules/ajv/package.json').version } catch (e) { '' }")
if [ "$want" != "$have" ] || [ ! -f "$work/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json" ]; then
    echo "sarif_schema.sh: installing the validator (npm ci)"
    (cd "$work" && npm ci --no-audit --no-fund --loglevel=error)
fi

/usr/bin/python3 "$here/generate_risky.py" --seed 3 --policies 60 "$work/policies"

# Relative paths, as users pass them, so that the artifact URIs are checked as written.
cd "$source_dir"
set -- tests/data/lint/*.py resources/examples/*.cors.yaml resources/examples/*.py \
    resources/examples/example.cors.yaml::tests/data/nginx/duplicate-allow-origin.conf \
    resources/examples/example.cors.yaml::tests/data/nginx/error-without-always.conf \
    resources/examples/example.cors.yaml::tests/data/nginx/preflight-answered.conf
exec node "$here/sarif_schema.mjs" --cli "$cli" --modules "$work" "$@" "$work"/policies/*.py
