#!/usr/bin/env bash
# The live fleet's benchmarks in the real app's web view (see bench_live.py): a 10,000-object
# fleet's change batches reaching list and map, and (with --soak-min 60) the one-hour soak of
# the demo stream. Release builds of the UI, the app and the emulator; prints Markdown tables.
set -euo pipefail
cd "$(dirname "$0")/../.."

(cd ui && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } && npm run build)
cargo build --release -p trackmate-app -p trackmate-sim --locked
export TRACKMATE_APP=$PWD/target/release/trackmate-app TRACKMATE_SIM=$PWD/target/release/trackmate-sim
exec bash tests/e2e/harness.sh python3 tests/e2e/bench_live.py "$@"
