// Owns reading the OSM QA tiles (npm @mapbox/mvt-fixtures, real-world/osm-qa-astana, zoom 12,
// extent 2^20) into basemap features (schema.mjs) in web-mercator unit-square coordinates: the
// pieces of one OSM way that the source tiles cut apart are joined again (so a street is one line
// and its name label can be placed along all of it), and a polygon's first zoom is decided by the
// area of all its pieces together (so a lake does not lose a sliver at a tile edge).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { VectorTile, classifyRings } from "@mapbox/vector-tile";
import { PbfReader } from "pbf";
import { classify, polygonMinZoom } from "./schema.mjs";

const SOURCE_ZOOM = 12;

/** Tiles `12-x-y.mvt` in name order (the order features are kept in). */
export function sourceTiles(dir) {
  return readdirSync(dir)
    .filter((f) => /^12-\d+-\d+\.mvt$/.test(f))
    .sort()
    .map((f) => {
      const [, x, y] = f.replace(".mvt", "").split("-").map(Number);
      return { x, y, path: join(dir, f) };
    });
}

/**
 * All basemap features of the source tiles, grouped by layer:
 * `{ [layer]: Array<{ type: 1|2|3, geometry, props, minzoom, nameMinzoom }> }` with geometry in
 * integer global coordinates of a 2^32 grid (zoom 12 × extent 2^20), y down.
 */
export function readFeatures(dir) {
  const lines = new Map(); // "way/123" → { c, parts: [[x,y]...][] }
  const polygons = new Map(); // "way/123" → { c, polys: ring[][] }
  const points = [];
  let anon = 0;
  for (const tile of sourceTiles(dir)) {
    const vt = new VectorTile(new PbfReader(readFileSync(tile.path)));
    for (const name of Object.keys(vt.layers).sort()) {
      const layer = vt.layers[name];
      const scale = 2 ** (32 - SOURCE_ZOOM) / layer.extent;
      for (let i = 0; i < layer.length; i++) {
        const f = layer.feature(i);
        const c = classify(f.type, f.properties);
        if (!c) continue;
        const key = f.properties["@id"] !== undefined ? `${f.properties["@type"]}/${f.properties["@id"]}` : `anon/${anon++}`;
        const rings = f.loadGeometry().map((ring) => ring.map((p) => [tile.x * 2 ** (32 - SOURCE_ZOOM) + p.x * scale, tile.y * 2 ** (32 - SOURCE_ZOOM) + p.y * scale]));
        if (f.type === 1) {
          for (const ring of rings) for (const p of ring) points.push({ type: 1, geometry: [p], c });
        } else if (f.type === 2) {
          const e = lines.get(key) ?? { c, parts: [] };
          e.parts.push(...rings.filter((r) => r.length >= 2));
          lines.set(key, e);
        } else {
          const e = polygons.get(key) ?? { c, polys: [] };
          for (const poly of classifyRings(rings.map((r) => r.map(([x, y]) => ({ x, y }))))) {
            e.polys.push(poly.map((ring) => ring.map((p) => [p.x, p.y])));
          }
          polygons.set(key, e);
        }
      }
    }
  }

  const out = {};
  const push = (layer, f) => (out[layer] ??= []).push(f);
  for (const { c, parts } of lines.values()) {
    push(c.layer, { type: 2, geometry: joinParts(parts), props: c.props, minzoom: c.minzoom, nameMinzoom: c.nameMinzoom });
  }
  for (const { c, polys } of polygons.values()) {
    const area = polys.reduce((sum, poly) => sum + polyArea(poly), 0) / 2 ** 64;
    const minzoom = c.minAreaPx ? polygonMinZoom(area, c.minzoom, c.minAreaPx) : c.minzoom;
    push(c.layer, { type: 3, geometry: polys, props: c.props, minzoom, nameMinzoom: 99 });
  }
  for (const { geometry, c } of points) {
    push(c.layer, { type: 1, geometry, props: c.props, minzoom: c.minzoom, nameMinzoom: c.nameMinzoom });
  }
  return out;
}

/** Joins line parts whose end is another's start (exact: the source tiles cut on grid lines). */
export function joinParts(parts) {
  const key = (p) => `${p[0]},${p[1]}`;
  const remaining = parts.map((p) => p.slice());
  let joined = true;
  while (joined) {
    joined = false;
    const byStart = new Map();
    remaining.forEach((p, i) => byStart.set(key(p[0]), i));
    for (let i = 0; i < remaining.length; i++) {
      const a = remaining[i];
      if (!a) continue;
      const j = byStart.get(key(a[a.length - 1]));
      if (j === undefined || j === i || !remaining[j]) continue;
      remaining[i] = a.concat(remaining[j].slice(1));
      remaining[j] = null;
      joined = true;
    }
    for (let i = remaining.length - 1; i >= 0; i--) if (!remaining[i]) remaining.splice(i, 1);
  }
  return remaining;
}

function ringArea(ring) {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return Math.abs(s) / 2;
}

function polyArea(poly) {
  return poly.reduce((sum, ring, i) => sum + (i === 0 ? ringArea(ring) : -ringArea(ring)), 0);
}
