#!/usr/bin/env bash
# Benchmark of the real app's web view (WebKitGTK through tauri-driver, under Xvfb with Mesa
# software rendering): command → track drawn, pan frame rate, idle memory, for 100k and 1M points.
# Release builds of the UI, the app and the emulator; prints a Markdown table (BENCHMARKS.md).
# Arguments go to bench_webview.py (e.g. --points 100000 --json out.json); with `live` first, to
# bench_live.py instead (the live fleet: a 10,000-object fleet's batches, `--soak-min 60`).
set -euo pipefail
cd "$(dirname "$0")/../.."

(cd ui && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } && npm run build)
cargo build --release -p trackmate-app -p trackmate-sim --locked
export TRACKMATE_APP=$PWD/target/release/trackmate-app TRACKMATE_SIM=$PWD/target/release/trackmate-sim
script=bench_webview.py
if [ "${1:-}" = live ]; then script=bench_live.py; shift; fi
exec bash tests/e2e/harness.sh python3 "tests/e2e/$script" "$@"
