#!/usr/bin/env bash
# Renders the README's screenshots of the simulated browser under Xvfb:
#   docs/screenshots/simulator-blocked-preflight.png  a PUT whose preflight fails on a header
#   docs/screenshots/simulator-passing.png            the same app's request that passes
#   docs/screenshots/simulator-stack-slash.png        a preflight CommonMiddleware redirects
#                                                     (CorsMiddleware below it), 1280x720
#   docs/screenshots/simulator-stack-slash@2x.png     the same at 2x
#   docs/screenshots/deployment.png                   the editor's Deployment group on that
#                                                     stack, 1280x720 (and @2x)
# Usage: scripts/screenshots-simulator.sh [preset]   (default: release; builds it first)
#        CORS_STUDIO_BIN=path/to/cors-studio scripts/screenshots-simulator.sh   (no build)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/screenshot-env.sh "${1:-release}"

cat >> "$tmp/shop.cors.yaml" <<'YAML'
  - name: "The app saves an item"
    expect: allowed
    request:
      origin: "https://app.example.com"
      url: "https://api.example.com/api/items/42"
      method: "PUT"
      headers:
        "Content-Type": "application/json"
      credentials: include
      cookies: "sessionid=abc123"
      cookie_samesite: none
YAML

cat > "$tmp/stack.cors.yaml" <<'YAML'
cors-studio: 1
profile: "3.14"
settings:
  CORS_ALLOWED_ORIGINS:
    - "https://app.example.com"
  CORS_ALLOW_CREDENTIALS: true
deployment:
  middleware:
    - "django.middleware.security.SecurityMiddleware"
    - "django.contrib.sessions.middleware.SessionMiddleware"
    - "django.middleware.common.CommonMiddleware"
    - "corsheaders.middleware.CorsMiddleware"
    - "django.middleware.csrf.CsrfViewMiddleware"
  settings:
    ALLOWED_HOSTS:
      - "api.example.com"
  routes:
    - path: "api/items/"
      view: ok
scenarios:
  - name: "The app saves an item (URL without its slash)"
    expect: allowed
    request:
      origin: "https://app.example.com"
      url: "https://api.example.com/api/items"
      method: "PUT"
      headers:
        "Content-Type": "application/json"
YAML

mkdir -p docs/screenshots
shot() {
    xvfb-run -a -s "-screen 0 1600x1000x24 -dpi 96" "$bin" --screenshot "$@"
}
shot docs/screenshots/simulator-blocked-preflight.png --screenshot-size 1600x1000 --simulate 1 "$tmp/shop.cors.yaml"
shot docs/screenshots/simulator-passing.png --screenshot-size 1600x1000 --simulate 2 "$tmp/shop.cors.yaml"
xvfb-run -a -s "-screen 0 1280x720x24 -dpi 96" "$bin" --screenshot \
    docs/screenshots/simulator-stack-slash.png --screenshot-size 1280x720 --simulate 1 \
    "$tmp/stack.cors.yaml"
QT_SCALE_FACTOR=2 xvfb-run -a -s "-screen 0 2560x1440x24 -dpi 96" "$bin" --screenshot \
    docs/screenshots/simulator-stack-slash@2x.png --screenshot-size 1280x720 --simulate 1 \
    "$tmp/stack.cors.yaml"
xvfb-run -a -s "-screen 0 1280x720x24 -dpi 96" "$bin" --screenshot \
    docs/screenshots/deployment.png --screenshot-size 1280x720 --group 9 "$tmp/stack.cors.yaml"
QT_SCALE_FACTOR=2 xvfb-run -a -s "-screen 0 2560x1440x24 -dpi 96" "$bin" --screenshot \
    docs/screenshots/deployment@2x.png --screenshot-size 1280x720 --group 9 "$tmp/stack.cors.yaml"
ls -l docs/screenshots/simulator-*.png docs/screenshots/deployment*.png
