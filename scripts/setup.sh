#!/usr/bin/env bash
# Brings a fresh machine (Node >= 20 and npm) to the point where the demo and
# the tests run: pnpm, the workspace's packages, and the Debian packages the
# tests drive for real (pushpin, chromium, redis-server). Safe to run again:
# it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.9
want_debs=(pushpin chromium redis-server)
# The demo runs behind the embedded proxy and needs no Debian package.
[ "${1:-}" = --no-debian ] && want_debs=()

log() { printf '\033[36m[setup]\033[0m %s\n' "$*"; }

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "faas-grip needs Node.js 20 or newer (found $(node --version))" >&2
  exit 1
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  log "installing pnpm $PNPM_VERSION"
  npm install --global --silent "pnpm@$PNPM_VERSION"
fi

missing=()
for deb in "${want_debs[@]+"${want_debs[@]}"}"; do
  dpkg -s "$deb" >/dev/null 2>&1 || missing+=("$deb")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # The packages enable a system Pushpin and Redis on the default ports; tests start their own.
    if command -v systemctl >/dev/null 2>&1; then systemctl disable --now pushpin redis-server >/dev/null 2>&1 || true; fi
  else
    log "not installed: ${missing[*]} (run as root with apt-get, or install them yourself)"
  fi
fi

log "installing workspace packages"
if [ -n "${CI:-}" ]; then
  pnpm install --frozen-lockfile --reporter=silent
else
  pnpm install --reporter=silent
fi
