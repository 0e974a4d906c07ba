#!/usr/bin/env bash
# Every gate, as CI runs it: formatting, lints, and all tests (the OS-keyring tests against a real
# Secret Service in a private D-Bus session). Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

# Incremental caches only pay off when editing; in a one-shot run they are gigabytes of disk.
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}

echo "== ui: install and build (src-tauri embeds ui/dist at compile time)"
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run build)

echo "== cargo fmt --check"
cargo fmt --all --check

echo "== cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
bash scripts/check-targets.sh

echo "== cargo doc (the crates' documentation builds without warnings: no broken links)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked

echo "== cargo test (with a real Secret Service)"
# A private session bus and an unlocked gnome-keyring; its keyring files go to a throw-away
# folder so the machine's own keyrings are not touched.
keyhome=$(mktemp -d)
trap 'rm -rf "$keyhome"' EXIT
XDG_DATA_HOME="$keyhome/data" XDG_RUNTIME_DIR="$keyhome/run" \
  dbus-run-session -- bash -c '
    mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
    echo -n trackmate-test | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null
    cargo test --workspace --locked
  '

echo "== packaging: the viewer's desktop entry (installed by the .deb for .gpx/.kml/.geojson)"
desktop-file-validate packaging/linux/trackmate-view.desktop

echo "== committed data rebuild byte for byte (road graph, offline basemap)"
bash scripts/build-roads.sh --check
bash scripts/build-basemap.sh --check

echo "== ui: type check, lint, unit tests"
(cd ui && npm run check && npm run lint && npm test)

echo "== ui: browser tests in Chromium (mocked IPC)"
(cd ui && npm run test:browser)

echo "== generated TypeScript bindings are up to date"
bash scripts/check-bindings.sh

echo "== end to end: the real app under Xvfb through tauri-driver"
bash tests/e2e/run.sh
