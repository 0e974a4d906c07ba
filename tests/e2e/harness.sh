#!/usr/bin/env bash
# The environment the real app runs in for tests/e2e: tauri-driver, a Python venv with selenium +
# pytest, throw-away XDG folders, Xvfb, and a private D-Bus session with an unlocked gnome-keyring
# (a real Secret Service). Runs "$@" in it, from the repository root, with the venv on PATH.
# Used by run.sh (the tests) and bench.sh (the web-view benchmark); builds nothing of the app.
set -euo pipefail
cd "$(dirname "$0")/../.."

export PATH="$HOME/.cargo/bin:$PATH"
command -v tauri-driver >/dev/null || cargo install tauri-driver --locked

venv=$PWD/target/e2e-venv
if [ ! -x "$venv/bin/pytest" ] || ! "$venv/bin/python" -c "import PIL" 2>/dev/null; then
  python3 -m venv "$venv"
  # Pillow: the native viewer's test reads its screenshot's pixels.
  "$venv/bin/pip" install --quiet --disable-pip-version-check selenium==4.* pytest==8.* pillow==11.*
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
export PATH="$venv/bin:$PATH"
xvfb-run -a -s "-screen 0 1400x900x24" dbus-run-session -- bash -c '
  echo -n trackmate-test | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null
  "$@"
' bash "$@"
