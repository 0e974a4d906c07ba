#!/usr/bin/env bash
# Rebuilds the offline basemap in data/basemap/ (astana.pmtiles, world.geojson, fonts/) from
# the OpenStreetMap extract that npm @mapbox/mvt-fixtures ships (real-world/osm-qa-astana, 16 tiles
# at zoom 12; the same input as build-roads.sh), npm world-atlas and npm @fontsource/noto-sans,
# with the Node tool in tools/basemap/ (its package-lock.json pins every package). Normal builds
# never run this: the output is committed. Needs node and npm (the registry).
#
#   bash scripts/build-basemap.sh           # rebuild and overwrite the committed files
#   bash scripts/build-basemap.sh --check   # rebuild twice, fail unless both equal the committed bytes
set -euo pipefail
cd "$(dirname "$0")/.."

PKG="@mapbox/mvt-fixtures@4.0.0"
# sha256 of that package's tarball: the input is pinned, not just its version.
PKG_SHA256="214047a8e5df8dd0470515fbacf79dfafa88affc24cf41b83e23bfacaa30e7bd"
OUT="data/basemap"
WORK="target/basemap"
# The generated files (LICENSE.md beside them is written by hand).
FILES="astana.pmtiles world.geojson $(cd "$OUT" 2>/dev/null && ls fonts/noto-sans/* 2>/dev/null | tr '\n' ' ' || true)"

mkdir -p "$WORK"
tgz="$WORK/mapbox-mvt-fixtures-4.0.0.tgz"
if [ ! -f "$tgz" ]; then
  (cd "$WORK" && npm pack "$PKG" --silent >/dev/null)
fi
echo "$PKG_SHA256  $tgz" | sha256sum --check --quiet
rm -rf "$WORK/package"
tar -xzf "$tgz" -C "$WORK" package/real-world/osm-qa-astana
tiles="$WORK/package/real-world/osm-qa-astana"

(cd tools/basemap && npm ci --silent --no-audit --no-fund)

if [ "${1:-}" = "--check" ]; then
  for run in a b; do
    rm -rf "$WORK/$run"
    node tools/basemap/build.mjs "$tiles" "$WORK/$run" >/dev/null
    for f in $FILES; do
      if ! cmp -s "$OUT/$f" "$WORK/$run/$f"; then
        echo "build-basemap: $WORK/$run/$f differs from $OUT/$f" >&2
        exit 1
      fi
    done
    extra=$(cd "$WORK/$run" && find . -type f | sed 's|^\./||' | sort)
    want=$(for f in $FILES; do echo "$f"; done | sort)
    if [ "$extra" != "$want" ]; then
      echo "build-basemap: the build writes other files than are committed:" >&2
      diff <(echo "$want") <(echo "$extra") >&2 || true
      exit 1
    fi
  done
  echo "build-basemap: rebuilt twice, identical to $OUT ($(sha256sum <"$OUT/astana.pmtiles" | cut -c1-16)… astana.pmtiles)"
else
  rm -rf "$OUT/astana.pmtiles" "$OUT/world.geojson" "$OUT/fonts"
  node tools/basemap/build.mjs "$tiles" "$OUT"
  (cd "$OUT" && sha256sum astana.pmtiles world.geojson)
fi
