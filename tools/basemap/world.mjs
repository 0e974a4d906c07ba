// Owns the low-zoom world outline, data/basemap/world.geojson: from npm world-atlas
// (Natural Earth 1:50m, public domain) `countries-50m.json`, the land (one MultiPolygon, lakes such
// as the Caspian as holes), the borders between countries (a mesh: each border once, no coasts)
// and a label point for each large country, simplified (Douglas-Peucker) and rounded to 0.01°, which
// is enough for zooms 0–7, where the outline is the only map.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { feature, mesh } from "topojson-client";

const TOLERANCE = 0.06; // degrees (~6 km: under 2 px up to zoom 4, the outline's main use)
const MIN_RING_AREA = 0.3; // square degrees: islands smaller than this go
const LABEL_MIN_AREA = 40; // square degrees: countries labelled
const round = (v) => Math.round(v * 100) / 100;

export function worldGeoJson() {
  const require = createRequire(import.meta.url);
  const topo = JSON.parse(readFileSync(require.resolve("world-atlas/countries-50m.json"), "utf8"));
  const landPolys = [];
  for (const poly of polygonsOf(feature(topo, topo.objects.land))) {
    const [outer, ...holes] = poly.map((r) => dp(unwrapRing(r), TOLERANCE));
    if (Math.abs(ringArea(outer)) < MIN_RING_AREA) continue;
    const kept = holes.filter((r) => Math.abs(ringArea(r)) >= MIN_RING_AREA);
    // Each world copy the polygon reaches (Chukotka and Antarctica cross 180°) is cut off and moved back.
    for (const k of copies(outer)) {
      const rings = [outer, ...kept].map((r) => tidy(clipToCopy(r, k)));
      if (rings[0]) landPolys.push(rings.filter(Boolean));
    }
  }
  const borders = mesh(topo, topo.objects.countries, (a, b) => a !== b);
  const borderLines = borders.coordinates.flatMap(splitAtAntimeridian).map((l) => dp(l, TOLERANCE).map(pt)).filter((l) => l.length >= 2);

  const labels = [];
  for (const c of feature(topo, topo.objects.countries).features) {
    const biggest = polygonsOf(c)
      .map((p) => unwrapRing(p[0]))
      .sort((a, b) => Math.abs(ringArea(b)) - Math.abs(ringArea(a)))[0];
    if (!biggest || Math.abs(ringArea(biggest)) < LABEL_MIN_AREA) continue;
    const [x, y] = centroid(biggest);
    const at = pt([((((x + 180) % 360) + 360) % 360) - 180, y]);
    labels.push({ type: "Feature", properties: { kind: "country", name: c.properties.name }, geometry: { type: "Point", coordinates: at } });
  }
  labels.sort((a, b) => a.properties.name.localeCompare(b.properties.name, "en"));

  return {
    type: "FeatureCollection",
    features: [
      { type: "Feature", properties: { kind: "land" }, geometry: { type: "MultiPolygon", coordinates: landPolys } },
      { type: "Feature", properties: { kind: "border" }, geometry: { type: "MultiLineString", coordinates: borderLines } },
      ...labels,
    ],
  };
}

function polygonsOf(f) {
  const all = f.type === "FeatureCollection" ? f.features : [f];
  return all.flatMap((x) => (!x.geometry ? [] : x.geometry.type === "Polygon" ? [x.geometry.coordinates] : x.geometry.coordinates));
}

const pt = ([x, y]) => [round(x), round(y)];

/**
 * The ring with longitudes made continuous (no 360° jumps at the antimeridian, as world-atlas's
 * spherical polygons have). A ring around a pole (Antarctica) ends a world away from where it
 * started: it is closed along the pole.
 */
export function unwrapRing(ring) {
  const out = [ring[0].slice()];
  for (let i = 1; i < ring.length; i++) {
    let x = ring[i][0];
    const prev = out[i - 1][0];
    while (x - prev > 180) x -= 360;
    while (x - prev < -180) x += 360;
    out.push([x, ring[i][1]]);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (Math.abs(last[0] - first[0]) > 180) {
    const pole = last[1] < 0 ? -90 : 90;
    out.push([last[0], pole], [first[0], pole], first.slice());
  }
  return out;
}

/** The world copies (…, -1, 0, 1, …: offsets of 360°) a ring reaches into. */
function copies(ring) {
  const xs = ring.map((p) => p[0]);
  const lo = Math.floor((Math.min(...xs) + 180) / 360);
  const hi = Math.floor((Math.max(...xs) + 180 - 1e-9) / 360);
  const out = [];
  for (let k = lo; k <= hi; k++) out.push(k);
  return out;
}

/** The part of a ring in world copy `k`, moved into -180…180 (Sutherland–Hodgman on two meridians). */
function clipToCopy(ring, k) {
  const lo = k * 360 - 180;
  const hi = k * 360 + 180;
  const clip = (pts, inside, cross) => {
    const out = [];
    for (let i = 0; i < pts.length; i++) {
      const a = pts[i];
      const b = pts[(i + 1) % pts.length];
      if (inside(a)) out.push(a);
      if (inside(a) !== inside(b)) out.push(cross(a, b));
    }
    return out;
  };
  const atX = (x) => (a, b) => [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
  let pts = clip(ring, (p) => p[0] >= lo, atX(lo));
  pts = clip(pts, (p) => p[0] <= hi, atX(hi));
  return pts.map(([x, y]) => [x - k * 360, y]);
}

/** Rounded, without repeated points, closed; null when nothing is left of it. */
function tidy(ring) {
  const r = ring.map(pt).filter((p, i, a) => i === 0 || p[0] !== a[i - 1][0] || p[1] !== a[i - 1][1]);
  if (r.length && (r[0][0] !== r[r.length - 1][0] || r[0][1] !== r[r.length - 1][1])) r.push(r[0]);
  return r.length >= 4 && Math.abs(ringArea(r)) > 0 ? r : null;
}

/** A line cut where it jumps across the antimeridian. */
function splitAtAntimeridian(line) {
  const parts = [[line[0]]];
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1];
    const b = line[i];
    if (Math.abs(b[0] - a[0]) > 180) {
      const edge = a[0] > 0 ? 180 : -180;
      const bx = b[0] + (a[0] > 0 ? 360 : -360);
      const y = a[1] + ((b[1] - a[1]) * (edge - a[0])) / (bx - a[0]);
      parts[parts.length - 1].push([edge, y]);
      parts.push([[-edge, y]]);
    }
    parts[parts.length - 1].push(b);
  }
  return parts;
}

/** Douglas-Peucker, iterative; keeps the ends. */
export function dp(line, tol) {
  if (line.length <= 2) return line.slice();
  const keep = new Uint8Array(line.length);
  keep[0] = keep[line.length - 1] = 1;
  const stack = [[0, line.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop();
    let max = -1;
    let at = -1;
    for (let i = a + 1; i < b; i++) {
      const d = segDist(line[i], line[a], line[b]);
      if (d > max) {
        max = d;
        at = i;
      }
    }
    if (max > tol) {
      keep[at] = 1;
      stack.push([a, at], [at, b]);
    }
  }
  return line.filter((_, i) => keep[i]);
}

function segDist(p, a, b) {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2)) : 0;
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

function ringArea(ring) {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return s / 2;
}

function centroid(ring) {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    a += f;
    cx += (ring[j][0] + ring[i][0]) * f;
    cy += (ring[j][1] + ring[i][1]) * f;
  }
  return [cx / (3 * a), cy / (3 * a)];
}
