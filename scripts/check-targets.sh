#!/usr/bin/env bash
# Resolves the workspace's dependencies for Windows, macOS and Linux (`cargo tree --target`, which
# needs no toolchain for those targets) and fails when a desktop would not get what it needs:
# - keyring's native store for each target. Without one keyring 3 quietly uses its in-memory
#   mock: "Remember me" reports success and the next start finds nothing.
# - no Linux-only crate (D-Bus, keyutils, X11, Wayland, GTK) in the Windows or macOS build.
# Windows and macOS cannot be compiled here; this catches what resolution alone can show.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== targets: each desktop's native keyring, no Linux-only crate on Windows or macOS"

failed=0

# keyring features the `keyring` crate gets on target $1, one per line.
keyring_features() {
  cargo tree --workspace --target "$1" -e features -i keyring --prefix none |
    sed -n 's/^keyring feature "\([^"]*\)".*/\1/p' | sort -u
}

# needs TARGET FEATURE...: every FEATURE of keyring is enabled on TARGET.
needs() {
  local target=$1 have
  shift
  have=$(keyring_features "$target")
  for feature in "$@"; do
    if ! grep -qx "$feature" <<<"$have"; then
      echo "error: on $target, keyring lacks feature \"$feature\", which that desktop's store" \
        "needs (without any store feature keyring 3 quietly keeps secrets in an in-memory mock)." \
        "Enable it in crates/keystore/Cargo.toml under [target.'cfg(...)'.dependencies]." >&2
      failed=1
    fi
  done
  echo "$target: keyring features: $(tr '\n' ' ' <<<"$have")"
}

needs x86_64-pc-windows-msvc windows-native
needs aarch64-apple-darwin apple-native
needs x86_64-apple-darwin apple-native
needs x86_64-unknown-linux-gnu sync-secret-service crypto-rust linux-native

# Crates that exist only for Linux desktops; their presence elsewhere means an ungated dependency.
linux_only='^(dbus|dbus-secret-service|libdbus-sys|linux-keyutils|wayland-[a-z-]+|x11rb|x11-dl|xkbcommon-dl|gtk|webkit2gtk|javascriptcore-rs|soup3) '
for target in x86_64-pc-windows-msvc aarch64-apple-darwin; do
  found=$(cargo tree --workspace --target "$target" -e normal,build --prefix none |
    grep -E "$linux_only" | sort -u || true)
  if [ -n "$found" ]; then
    echo "error: the $target build pulls in Linux-only crates (gate them with [target.'cfg(...)']):" >&2
    echo "$found" >&2
    failed=1
  fi
done

if [ "$failed" -ne 0 ]; then
  exit 1
fi
echo "targets: each desktop gets its native keyring, and no Linux-only crate reaches Windows or macOS"

# `--clippy`: also type-check and lint the whole workspace (tests included) for Windows and macOS.
# Needs `rustup target add x86_64-pc-windows-msvc aarch64-apple-darwin`, clang and llvm-ar (apt
# `clang llvm`), and a built ui/dist. Nothing is linked: the only C in the tree (ring's) is
# compiled against the stub headers below just so its build script finishes; those objects are
# never used. Not part of scripts/test.sh (two more std downloads and ~10 min of checking).
if [ "${1:-}" = "--clippy" ]; then
  stub=$(mktemp -d)
  trap 'rm -rf "$stub"' EXIT
  echo '#define assert(x) ((void)0)' >"$stub/assert.h"
  : >"$stub/stdlib.h"
  printf '#define TARGET_OS_IPHONE 0\n#define TARGET_OS_OSX 1\n' >"$stub/TargetConditionals.h"
  cat >"$stub/string.h" <<'EOF_H'
typedef __SIZE_TYPE__ size_t;
void *memcpy(void *, const void *, size_t);
void *memmove(void *, const void *, size_t);
void *memset(void *, int, size_t);
int memcmp(const void *, const void *, size_t);
EOF_H
  for target in x86_64-pc-windows-msvc aarch64-apple-darwin; do
    echo "== cargo clippy --target $target"
    t=${target//-/_}
    env "CC_$t=clang" "AR_$t=llvm-ar" "CFLAGS_$t=-nostdlibinc -ffreestanding -I$stub" \
      cargo clippy --target "$target" --workspace --all-targets --locked -- -D warnings
  done
fi
