#!/usr/bin/env bash
# Installs what is needed, builds Trackmate and starts the desktop app. "Try the demo" on its
# sign-in screen opens the built-in demo fleet: no account, no internet.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run build)
cargo build --release -p trackmate-app -p trackmate-cli
echo "Built: target/release/trackmate-app (desktop app), target/release/trackmate (command line)"
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "No display: the app needs a desktop session (or run it under xvfb-run)." >&2
  exit 1
fi
exec ./target/release/trackmate-app "$@"
