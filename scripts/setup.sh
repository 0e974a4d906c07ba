#!/usr/bin/env bash
# Installs what building and testing Trackmate needs on Debian 12. Idempotent: skips apt when
# every package is already present. Run as root (CI and the dev machines are root).
set -euo pipefail

PKGS=(
  # build
  build-essential pkg-config libssl-dev file
  # OS keyring (Secret Service) for the keyring crate, and a real one for tests
  libdbus-1-dev dbus gnome-keyring libsecret-tools
  # desktop app (Tauri v2 / WebKitGTK), screenshots under Xvfb
  libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libsoup-3.0-dev
  libjavascriptcoregtk-4.1-dev libxdo-dev xvfb xauth webkit2gtk-driver xdotool imagemagick
  libgl1-mesa-dri python3-venv
  # native viewer (trackmate view): X11 keyboard, EGL/OpenGL, and Vulkan on the CPU (lavapipe)
  # for wgpu, which draws the offline basemap's vector tiles; xwininfo for its e2e test
  libxkbcommon-x11-0 libegl1 libvulkan1 mesa-vulkan-drivers x11-utils
  # the .deb's desktop entry for the viewer is checked
  desktop-file-utils
  # browser tests of the UI
  chromium
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v cargo >/dev/null || { echo "setup: cargo not found; install Rust (rustup) first" >&2; exit 1; }
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt
# End-to-end tests drive the real app through tauri-driver (WebKitWebDriver comes from apt).
command -v tauri-driver >/dev/null || cargo install tauri-driver --locked
echo "setup: system packages ready"
