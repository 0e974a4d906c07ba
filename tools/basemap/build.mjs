// Owns the basemap build: `node build.mjs <osm-qa-astana dir> <out dir>` writes into <out dir>
//   astana.pmtiles            the demo area's vector tiles, zooms 8–14 (osm.mjs → tiles.mjs → pmtiles.mjs)
//   world.geojson             the low-zoom world outline (world.mjs)
//   fonts/noto-sans/*.woff2   the label font's Latin, Cyrillic and Cyrillic-ext subsets (regular,
//                             semi-bold) from npm @fontsource/noto-sans, with its OFL licence
// and prints a summary. Run through scripts/build-basemap.sh, which pins the OSM input.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { readFeatures } from "./osm.mjs";
import { buildTiles } from "./tiles.mjs";
import { writePmtiles } from "./pmtiles.mjs";
import { LAYERS, MAX_ZOOM, MIN_ZOOM } from "./schema.mjs";
import { worldGeoJson } from "./world.mjs";

const [source, out] = process.argv.slice(2);
if (!source || !out) {
  console.error("usage: node build.mjs <osm-qa-astana dir> <out dir>");
  process.exit(2);
}

export const FONT_SUBSETS = ["latin", "cyrillic", "cyrillic-ext"];
export const FONT_WEIGHTS = [400, 600];

const GRID = 2 ** 32;
const lon = (x) => (x / GRID) * 360 - 180;
const lat = (y) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / GRID))) * 180) / Math.PI;
const r5 = (v) => Math.round(v * 1e5) / 1e5;

mkdirSync(join(out, "fonts/noto-sans"), { recursive: true });

// 1. The demo area's tiles.
const layers = readFeatures(source);
const { tiles, bbox } = buildTiles(layers);
const bounds = [r5(lon(bbox[0])), r5(lat(bbox[3])), r5(lon(bbox[2])), r5(lat(bbox[1]))];
const metadata = {
  name: "Trackmate offline basemap: Astana",
  description: "OpenStreetMap roads, water, land use, buildings and places of central Astana (demo area).",
  attribution: "© OpenStreetMap contributors",
  license: "ODbL-1.0",
  version: "1",
  format: "pbf",
  source: "npm @mapbox/mvt-fixtures@4.0.0 real-world/osm-qa-astana (OSM QA tiles, zoom 12)",
  vector_layers: LAYERS.map((l) => {
    const zooms = tiles.filter((t) => t.counts[l.id]).map((t) => t.z);
    return { id: l.id, fields: l.fields, minzoom: Math.min(...zooms), maxzoom: Math.max(...zooms) };
  }),
};
const archive = writePmtiles(
  tiles,
  { minZoom: MIN_ZOOM, maxZoom: MAX_ZOOM, bounds, center: [r5((bounds[0] + bounds[2]) / 2), r5((bounds[1] + bounds[3]) / 2), 12] },
  metadata,
);
writeFileSync(join(out, "astana.pmtiles"), archive);

// 2. The world outline.
const world = JSON.stringify(worldGeoJson());
writeFileSync(join(out, "world.geojson"), world);

// 3. The label font.
const require = createRequire(import.meta.url);
const fontDir = dirname(require.resolve("@fontsource/noto-sans/package.json"));
for (const subset of FONT_SUBSETS) {
  for (const weight of FONT_WEIGHTS) {
    const name = `noto-sans-${subset}-${weight}-normal.woff2`;
    copyFileSync(join(fontDir, "files", name), join(out, "fonts/noto-sans", name));
  }
}
copyFileSync(join(fontDir, "LICENSE"), join(out, "fonts/noto-sans/OFL.txt"));

// Summary.
const perZoom = {};
for (const t of tiles) {
  perZoom[t.z] ??= { tiles: 0, bytes: 0 };
  perZoom[t.z].tiles++;
  perZoom[t.z].bytes += t.data.length;
}
const perLayer = Object.fromEntries(Object.entries(layers).map(([k, v]) => [k, v.length]));
console.log(`features: ${JSON.stringify(perLayer)}`);
console.log(`tiles (uncompressed MVT bytes) by zoom: ${JSON.stringify(perZoom)}`);
console.log(`astana.pmtiles: ${archive.length} bytes, ${tiles.length} tiles, bounds ${bounds.join(", ")}`);
console.log(`world.geojson: ${world.length} bytes`);
