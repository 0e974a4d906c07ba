// Owns cutting the basemap features (osm.mjs) into vector tiles from MIN_ZOOM to MAX_ZOOM: one
// geojson-vt index per layer (clipping with a buffer and simplifying below the max zoom), features
// kept only from their first zoom, names only from their name zoom, encoded as MVT v2 (extent 4096)
// with @maplibre/vt-pbf. Pure computation in a fixed order: the same input gives the same bytes.
import { GeoJSONVT } from "@maplibre/geojson-vt";
import { fromGeojsonVt } from "@maplibre/vt-pbf";
import { LAYERS, MAX_ZOOM, MIN_ZOOM } from "./schema.mjs";

const EXTENT = 4096;
const GRID = 2 ** 32;

/** GeoJSON feature in unit-square coordinates, carrying its zoom range in `_min`/`_name`. */
function toGeoJson(f) {
  const pt = ([x, y]) => [x / GRID, y / GRID];
  let geometry;
  if (f.type === 1) geometry = { type: "Point", coordinates: pt(f.geometry[0]) };
  else if (f.type === 2) geometry = { type: "MultiLineString", coordinates: f.geometry.map((l) => l.map(pt)) };
  else geometry = { type: "MultiPolygon", coordinates: f.geometry.map((poly) => poly.map((ring) => closed(ring).map(pt))) };
  return { type: "Feature", geometry, properties: { ...f.props, _min: f.minzoom, _name: f.nameMinzoom } };
}

function closed(ring) {
  const a = ring[0];
  const b = ring[ring.length - 1];
  return a[0] === b[0] && a[1] === b[1] ? ring : [...ring, a];
}

/** The range of tiles at zoom `z` that the data's bounding box (in the 2^32 grid) covers. */
function tileRange(bbox, z) {
  const size = GRID / 2 ** z;
  return {
    x0: Math.floor(bbox[0] / size),
    y0: Math.floor(bbox[1] / size),
    x1: Math.floor((bbox[2] - 1) / size),
    y1: Math.floor((bbox[3] - 1) / size),
  };
}

export function bboxOf(layers) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (p) => {
    b[0] = Math.min(b[0], p[0]);
    b[1] = Math.min(b[1], p[1]);
    b[2] = Math.max(b[2], p[0]);
    b[3] = Math.max(b[3], p[1]);
  };
  for (const features of Object.values(layers)) {
    for (const f of features) {
      if (f.type === 1) f.geometry.forEach(visit);
      else if (f.type === 2) f.geometry.forEach((l) => l.forEach(visit));
      else f.geometry.forEach((poly) => poly.forEach((ring) => ring.forEach(visit)));
    }
  }
  return b;
}

/**
 * Every non-empty tile: `[{ z, x, y, data: Uint8Array (MVT, uncompressed), counts: {layer: n} }]`,
 * in zoom, then x, then y order.
 */
export function buildTiles(layers) {
  const indexes = LAYERS.filter((l) => layers[l.id]?.length).map((l) => ({
    id: l.id,
    index: new GeoJSONVT(
      { type: "FeatureCollection", features: layers[l.id].map(toGeoJson) },
      { coordinates: "unitSquare", wrap: false, maxZoom: MAX_ZOOM, indexMaxZoom: MIN_ZOOM, extent: EXTENT, buffer: 64, tolerance: 3 },
    ),
  }));
  const bbox = bboxOf(layers);
  const tiles = [];
  for (let z = MIN_ZOOM; z <= MAX_ZOOM; z++) {
    const r = tileRange(bbox, z);
    for (let x = r.x0; x <= r.x1; x++) {
      for (let y = r.y0; y <= r.y1; y++) {
        const out = {};
        const counts = {};
        for (const { id, index } of indexes) {
          const tile = index.getTile(z, x, y);
          if (!tile) continue;
          const features = tile.features.filter((f) => f.tags._min <= z).map((f) => ({ type: f.type, geometry: f.geometry, tags: tagsAt(f.tags, z) }));
          if (!features.length) continue;
          out[id] = { features };
          counts[id] = features.length;
        }
        if (Object.keys(out).length) tiles.push({ z, x, y, data: fromGeojsonVt(out, { version: 2, extent: EXTENT }), counts });
      }
    }
  }
  return { tiles, bbox };
}

function tagsAt(tags, z) {
  const out = {};
  for (const [k, v] of Object.entries(tags)) {
    if (k.startsWith("_") || v === undefined) continue;
    if (k === "name" && z < tags._name) continue;
    out[k] = v;
  }
  return out;
}
