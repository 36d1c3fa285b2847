#!/usr/bin/env bash
# One entry point for a fresh Debian machine with Node 20:
#   bash scripts/quickstart.sh demo   set everything up, then clip a generated sample talk
#   bash scripts/quickstart.sh test   set everything up, then run every check and both test tiers
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-demo}"

apt_packages=(ffmpeg espeak-ng sox pocketsphinx pocketsphinx-en-us yt-dlp
  fonts-bebas-neue fonts-league-spartan fonts-inter fonts-lato fonts-open-sans fonts-roboto
  fonts-dejavu-core fonts-liberation2 fonts-noto-color-emoji chromium python3-skimage)

missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

case "$mode" in
  demo)
    npm run build --silent
    node bin/clipforge.js assets build
    node bin/clipforge.js demo
    ;;
  test)
    if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    fi
    npx tsc --noEmit -p tsconfig.json
    npx eslint .
    npx prettier --check . >/dev/null || { npx prettier --list-different .; exit 1; }
    npm run build:web --silent
    # both tiers run, each printing its own summary; the script fails if either did, and ends with a recap that
    # names every failed test of both tiers
    status=0
    reports=.tmp/test-reports
    rm -rf "$reports" && mkdir -p "$reports"
    json() { echo --reporter=default --reporter=json "--outputFile.json=$reports/$1.json"; }
    # shellcheck disable=SC2046
    npm test --silent -- $(json unit) || status=1
    # shellcheck disable=SC2046
    npm run test:e2e --silent -- $(json e2e) || status=1
    node --import tsx scripts/test-recap.ts "unit=$reports/unit.json" "e2e=$reports/e2e.json"
    exit "$status"
    ;;
  *)
    echo "usage: bash scripts/quickstart.sh demo|test" >&2
    exit 2
    ;;
esac
