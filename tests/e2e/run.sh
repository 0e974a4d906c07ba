#!/usr/bin/env bash
# End-to-end tests of the real app binary under Xvfb through tauri-driver + WebKitWebDriver, with
# a real Secret Service (private D-Bus session + unlocked gnome-keyring; see harness.sh). Builds
# what it needs.
set -euo pipefail
cd "$(dirname "$0")/../.."

cargo build -p trackmate-app -p trackmate-sim -p trackmate-cli --locked
exec bash tests/e2e/harness.sh pytest -q tests/e2e "$@"
