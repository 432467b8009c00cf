#!/usr/bin/env bash
# Renders the README's screenshots of the three workspaces under Xvfb (package xvfb), each at
# 1280x720 in the light and the dark palette, and at 2x (QT_SCALE_FACTOR=2 on a 2560x1440 screen):
#   docs/screenshots/workspace-policy-light.png    the bundled example policy, export beside it
#   docs/screenshots/workspace-policy-dark.png
#   docs/screenshots/workspace-policy@2x.png
#   docs/screenshots/workspace-simulate-light.png  a PUT whose preflight fails on a header
#   docs/screenshots/workspace-simulate-dark.png
#   docs/screenshots/workspace-simulate@2x.png
#   docs/screenshots/workspace-live-light.png      serve, probe and the request log
#   docs/screenshots/workspace-live-dark.png
#   docs/screenshots/workspace-live@2x.png
#   docs/screenshots/simulate-all-browsers.png     a request in every engine, side by side
#   docs/screenshots/simulate-paste-error.png      a pasted Firefox console line, explained
#   docs/screenshots/simulate-nginx.png           the document's own nginx in front of Django
#                                                  adds a second Access-Control-Allow-Origin
#   docs/screenshots/deployment-nginx.png          the routes, and which nginx location serves each
#   docs/screenshots/export-long.png               a pasted allow-list of 25,000 origins: the
#                                                  export shows its first 20,000 lines
#   (and -dark / @2x of those five)
# Usage: scripts/screenshots-workspaces.sh [preset]   (default: release; builds it first)
#        CORS_STUDIO_BIN=path/to/cors-studio scripts/screenshots-workspaces.sh   (no build)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/screenshot-env.sh "${1:-release}"

# render FILE-STEM ARGS...: STEM.png (light), STEM-dark.png at 1280x720, STEM@2x.png at 2x.
render() {
    local stem=$1
    shift
    xvfb-run -a -s "-screen 0 1280x720x24 -dpi 96" "$bin" --screenshot "$stem.png" \
        --screenshot-size 1280x720 --theme light "$@"
    xvfb-run -a -s "-screen 0 1280x720x24 -dpi 96" "$bin" --screenshot "$stem-dark.png" \
        --screenshot-size 1280x720 --theme dark "$@"
    QT_SCALE_FACTOR=2 xvfb-run -a -s "-screen 0 2560x1440x24 -dpi 96" "$bin" --screenshot \
        "$stem@2x.png" --screenshot-size 1280x720 --theme light "$@"
}

# shot NAME WORKSPACE ARGS...: light and dark at 1280x720, then 2x.
shot() {
    local name=$1 workspace=$2
    shift 2
    render "docs/screenshots/workspace-$name" --workspace "$workspace" "$@"
    mv "docs/screenshots/workspace-$name.png" "docs/screenshots/workspace-$name-light.png"
}

mkdir -p docs/screenshots
shot policy policy --origin https://pr-42.preview.example.com
shot simulate simulate --simulate 1 "$tmp/shop.cors.yaml"
shot live live "$tmp/shop.cors.yaml"

# The saved request from evil.example in every engine, and a Firefox console line pasted.
cat > "$tmp/evil.cors.yaml" <<'YAML'
cors-studio: 1
profile: "4.x"
settings:
  CORS_ALLOWED_ORIGINS:
    - "https://app.example.com"
scenarios:
  - name: "Another site reads items"
    expect: blocked
    request:
      origin: "https://evil.example"
      url: "https://api.example.com/api/items"
      method: "DELETE"
YAML
render docs/screenshots/simulate-all-browsers --simulate 1 --simulator-tab 4 "$tmp/evil.cors.yaml"
printf '%s\n' "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote \
resource at https://api.example.com/api/items. (Reason: CORS header ‘Access-Control-Allow-Origin’ \
missing). Status code: 200." > "$tmp/pasted.txt"
render docs/screenshots/simulate-paste-error --paste-error "$tmp/pasted.txt" "$tmp/shop.cors.yaml"
# The document's own nginx (`proxy:`) in front of the Django stack: both add the header. The
# message names the site file, so it lives at a fixed path: the pictures stay the same from one
# render to the next.
site=/tmp/cors-studio-screenshots/site
rm -rf "$site"
mkdir -p "$site"
trap 'rm -rf "$tmp" "$(dirname "$site")"' EXIT
cat > "$site/site.conf" <<'NGINX'
server {
    listen 8080;
    server_name api.example.com;
    location /api/ {
        add_header Access-Control-Allow-Origin $http_origin always;
        proxy_pass http://127.0.0.1:8000;
    }
    location = /health { return 204; }
    location /static/ { root /srv/www; }
}
NGINX
cat > "$site/api.cors.yaml" <<'YAML'
cors-studio: 1
profile: "4.x"
settings:
  CORS_ALLOWED_ORIGINS:
    - "https://app.example.com"
  CORS_ALLOW_CREDENTIALS: true
deployment:
  middleware:
    - "django.middleware.security.SecurityMiddleware"
    - "corsheaders.middleware.CorsMiddleware"
    - "django.middleware.common.CommonMiddleware"
  settings:
    ALLOWED_HOSTS:
      - "api.example.com"
  routes:
    - path: "api/items/<int:pk>/"
      view: ok
    - path: "health"
      view: ok
    - path: "static/<path:file>"
      view: ok
proxy: "site.conf"
scenarios:
  - name: "The app saves an item"
    expect: allowed
    request:
      origin: "https://app.example.com"
      url: "https://api.example.com/api/items/42/"
      method: "PUT"
      headers:
        "Content-Type": "application/json"
      credentials: include
YAML
render docs/screenshots/simulate-nginx --workspace simulate --simulate 1 "$site/api.cors.yaml"
render docs/screenshots/deployment-nginx --workspace policy --django-setting ROUTES \
    "$site/api.cors.yaml"
# An allow-list pasted whole: the export pane shows the first 20,000 lines and says so.
{
    printf 'cors-studio: 1\nprofile: "4.x"\nsettings:\n  CORS_ALLOWED_ORIGINS:\n'
    for i in $(seq 1 25000); do printf '    - "https://app%d.example.com"\n' "$i"; done
} > "$tmp/long.cors.yaml"
render docs/screenshots/export-long --workspace policy "$tmp/long.cors.yaml"
ls -l docs/screenshots/workspace-*.png docs/screenshots/simulate-*.png \
    docs/screenshots/deployment-*.png docs/screenshots/export-*.png
