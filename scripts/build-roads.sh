#!/usr/bin/env bash
# Rebuilds the demo fleet's road graph, crates/sim/data/astana-roads.bin, from the OpenStreetMap
# extract that npm @mapbox/mvt-fixtures ships (real-world/osm-qa-astana, 16 tiles at zoom 12).
# Normal builds never run this: the graph is committed; CI runs --check (scripts/test.sh). Needs npm
# (the registry) and cargo; the debug build gives the same bytes as release and shares the test build.
#
#   bash scripts/build-roads.sh           # rebuild and overwrite the committed graph
#   bash scripts/build-roads.sh --check   # rebuild twice, fail unless both equal the committed bytes
set -euo pipefail
cd "$(dirname "$0")/.."

PKG="@mapbox/mvt-fixtures@4.0.0"
# sha256 of that package's tarball: the input is pinned, not just its version.
PKG_SHA256="214047a8e5df8dd0470515fbacf79dfafa88affc24cf41b83e23bfacaa30e7bd"
OUT="crates/sim/data/astana-roads.bin"
WORK="target/roads"

mkdir -p "$WORK"
tgz="$WORK/mapbox-mvt-fixtures-4.0.0.tgz"
if [ ! -f "$tgz" ]; then
  (cd "$WORK" && npm pack "$PKG" --silent >/dev/null)
fi
echo "$PKG_SHA256  $tgz" | sha256sum --check --quiet
rm -rf "$WORK/package"
tar -xzf "$tgz" -C "$WORK" package/real-world/osm-qa-astana
tiles="$WORK/package/real-world/osm-qa-astana"

cargo build --quiet -p trackmate-sim --example build_roads
bin="${CARGO_TARGET_DIR:-target}/debug/examples/build_roads"

if [ "${1:-}" = "--check" ]; then
  "$bin" "$tiles" "$WORK/a.bin"
  "$bin" "$tiles" "$WORK/b.bin"
  want=$(sha256sum <"$OUT" | cut -d' ' -f1)
  for f in "$WORK/a.bin" "$WORK/b.bin"; do
    got=$(sha256sum <"$f" | cut -d' ' -f1)
    if [ "$got" != "$want" ]; then
      echo "build-roads: $f ($got) differs from $OUT ($want)" >&2
      exit 1
    fi
  done
  echo "build-roads: rebuilt twice, identical to $OUT ($want)"
else
  "$bin" "$tiles" "$OUT"
  sha256sum "$OUT"
fi
