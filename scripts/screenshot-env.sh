# Sourced by the screenshot scripts: the binary, a private home, and the shop policy.
#   bin                the cors-studio to run: $CORS_STUDIO_BIN, or build/PRESET's (built first)
#   tmp                a private directory, removed on exit; XDG_* point into it, so the user's
#                      settings, recent files and autosaves stay untouched
#   $tmp/shop.cors.yaml  the README's shop policy with its scenario "The app saves an item with
#                      its trace id" (a script may append more scenarios)
# Usage: source scripts/screenshot-env.sh [preset]   (from the repository's top directory)
if [[ -n "${CORS_STUDIO_BIN:-}" ]]; then
    bin=$CORS_STUDIO_BIN
else
    preset=${1:-release}
    scripts/build.sh "$preset"
    bin="build/$preset/app/cors-studio"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -m 700 "$tmp/runtime"
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_CACHE_HOME="$tmp/cache" \
    XDG_RUNTIME_DIR="$tmp/runtime"
unset QT_QPA_PLATFORM QT_SCALE_FACTOR QT_SCREEN_SCALE_FACTORS

cat > "$tmp/shop.cors.yaml" <<'YAML'
cors-studio: 1
profile: "4.x"
settings:
  CORS_ALLOWED_ORIGINS:
    - "https://app.example.com"
    - "https://admin.example.com"
  CORS_URLS_REGEX: "^/api/.*$"
  CORS_EXPOSE_HEADERS:
    - "x-total-count"
  CORS_PREFLIGHT_MAX_AGE: 600
  CORS_ALLOW_CREDENTIALS: true
scenarios:
  - name: "The app saves an item with its trace id"
    expect: allowed
    request:
      origin: "https://app.example.com"
      url: "https://api.example.com/api/items/42"
      method: "PUT"
      headers:
        "Content-Type": "application/json"
        "X-Trace-Id": "7f3a9c"
      credentials: include
      cookies: "sessionid=abc123"
      cookie_samesite: none
YAML
