#!/usr/bin/env bash
# Installs what is needed, builds Trackmate and starts the built-in demo server (no account, no
# internet). Sign in to it from another terminal with the command it prints.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --release -p trackmate-cli
echo "The trackmate command is at $(pwd)/target/release/trackmate"
exec ./target/release/trackmate demo "$@"
