#!/usr/bin/env bash
# End-to-end tests of the real app binary under Xvfb through tauri-driver + WebKitWebDriver, with
# a real Secret Service (private D-Bus session + unlocked gnome-keyring). Builds what it needs.
set -euo pipefail
cd "$(dirname "$0")/../.."

command -v tauri-driver >/dev/null || cargo install tauri-driver --locked
cargo build -p trackmate-app -p trackmate-sim --locked

venv=target/e2e-venv
if [ ! -x "$venv/bin/pytest" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check selenium==4.* pytest==8.*
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
export PATH="$HOME/.cargo/bin:$PATH"
xvfb-run -a -s "-screen 0 1400x900x24" dbus-run-session -- bash -c '
  echo -n trackmate-test | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null
  '"$venv"'/bin/pytest -q tests/e2e "$@"
' bash "$@"
