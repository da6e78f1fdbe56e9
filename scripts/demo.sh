#!/usr/bin/env bash
# `npm run demo [-- APP] [options]`: sets up the workspace, builds what the
# example app needs, and starts it behind a GRIP proxy. APP is `chat` (the
# default) or `feed`; the options go to the app's demo (--pushpin, --port N,
# --publish-port N).
set -euo pipefail
cd "$(dirname "$0")/.."

app=chat
case "${1:-}" in
  chat | feed)
    app=$1
    shift
    ;;
esac

bash scripts/setup.sh --no-debian
pnpm exec turbo run build --filter="@faas-grip/example-$app^..." --output-logs=errors-only
exec pnpm --filter "@faas-grip/example-$app" run demo "$@"
