// The GPU track's geometry, built on the CPU straight from the packed columns (no GeoJSON): the
// points in Web Mercator [0..1] relative to a per-track origin (kept in doubles, so Float32
// vertices do not jitter at zoom 18), their speed colours, and per-zoom thinned "levels" laid out
// for a pixel-width line drawn as triangle strips (lineLayer.ts).
import { segmentRange, type PackedTrack } from "../../api/packed";
import { speedBucket, type SpeedScale } from "../../lib/speedScale";

/** The same validity rule as the GeoJSON path (trackGeo.ts): 0,0 is a receiver's "no fix". */
export const validPosition = (lat: number, lng: number): boolean =>
  Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180 && !(lat === 0 && lng === 0);

/** Web Mercator of a longitude, 0 (west) .. 1 (east). */
export const mercX = (lng: number): number => (180 + lng) / 360;
/** Web Mercator of a latitude, 0 (north) .. 1 (south), as MapLibre's MercatorCoordinate. */
export const mercY = (lat: number): number => (180 - (180 / Math.PI) * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))) / 360;

/**
 * A track's points in Mercator relative to an origin, as the levels and the picking read them.
 * Only y is kept (as Float32: the subtraction happens in doubles, only the small remainder is
 * rounded); x is linear in the longitude and the speed colour a few comparisons, so both are
 * computed where they are read (9 MB less a million points than keeping them).
 */
export class Projected {
  constructor(
    /** Mercator of the first valid point, in doubles; every vertex is relative to it. */
    readonly origin: [number, number],
    /** y per point relative to `origin`; NaN for a point without a position. */
    readonly relY: Float32Array,
    /** Points with a position. */
    readonly valid: number,
    private readonly lng: Float64Array,
    private readonly speed: Float32Array,
    private readonly scale: SpeedScale,
  ) {}

  /** Point i has a position. */
  has(i: number): boolean {
    return !Number.isNaN(this.relY[i] as number);
  }
  /** Point i's x relative to the origin (a point with a position). */
  x(i: number): number {
    return mercX(this.lng[i] as number) - this.origin[0];
  }
  y(i: number): number {
    return this.relY[i] as number;
  }
  /** Point i's speed bucket (the colour table's index). */
  bucket(i: number): number {
    return speedBucket(this.speed[i] as number, this.scale);
  }
}

export function projectTrack(t: PackedTrack, scale: SpeedScale): Projected {
  const relY = new Float32Array(t.n);
  let origin: [number, number] | null = null;
  let valid = 0;
  for (let i = 0; i < t.n; i++) {
    const lat = t.lat[i] as number, lng = t.lng[i] as number;
    if (!validPosition(lat, lng)) {
      relY[i] = NaN;
      continue;
    }
    const y = mercY(lat);
    origin ??= [mercX(lng), y];
    relY[i] = y - origin[1];
    valid++;
  }
  return new Projected(origin ?? [0, 0], relY, valid, t.lng, t.speed, scale);
}

/** One thinned level, ready for gl.bufferData: see the layout notes on `buildLevel`. */
export interface Level {
  /** 2 floats per vertex. */
  positions: Float32Array;
  /** 1 colour index per vertex. */
  colors: Uint8Array;
  /** (first, count) per strip for gl.drawArrays(TRIANGLE_STRIP, first, count). */
  draws: Int32Array;
  /** The strips cut into pieces of at most CHUNK_POINTS edges, (first, count) each as `draws`;
   * each piece ends on the point the next one starts with, so the pieces together draw the strip. */
  chunks: Int32Array;
  /** Each piece's box relative to the origin: min x, min y, max x, max y. */
  boxes: Float32Array;
  /** Points kept (vertices drawn are twice that). */
  kept: number;
}

/** Edges a drawable piece of a strip spans (the unit of culling to the view). */
export const CHUNK_POINTS = 256;

/**
 * Thins the track for a tolerance (Mercator units; 0 keeps every point) and lays it out as strips.
 *
 * Each run of consecutive valid points of one segment (a segment break is never joined; points
 * without a position are skipped and their neighbours joined, as on the GeoJSON path) becomes
 * `[first, first, p0, p0, p1, p1, …, pm-1, pm-1, last, last]` in `positions`: every point twice
 * (the two sides of the line, told apart by gl_VertexID's parity) and a copy of the end point on
 * each side. The layer binds this one buffer three times, 0, 2 and 4 vertices apart, as the
 * previous, current and next point: the vertex shader needs both neighbours to extrude the joins,
 * and no vertex stores them. A strip is drawn from the run's first vertex with 2m vertices.
 *
 * Colours are flat per edge: the provoking (last) vertex of both triangles of edge j-1 → j is a
 * vertex of point j, so point j's vertices carry point j-1's bucket — the edge takes the colour of
 * the speed at its start, as a GeoJSON run does.
 *
 * Thinning (tol > 0) is two passes: a point within tol/2 of the last kept one is left out (cheap,
 * and most of a dense track goes here), then Douglas–Peucker at tol over what is left (`simplify`):
 * a point whose distance from the line drawn without it is under tol is left out too. The radial
 * pass alone kept a point every half pixel along the line — 140,000 of a million points at the
 * fitted view of a day — where DP keeps ~3,000 that draw the same line; a software rasterizer
 * keeps what it binned for a frame (Mesa's llvmpipe frees a scene's triangles only when it reuses
 * the scene), so every triangle left out is memory the web process does not hold.
 */
export function buildLevel(t: PackedTrack, p: Projected, tol: number): Level {
  // First pass: the kept indices per run, so the arrays are allocated once at their size.
  const keep = new Uint32Array(p.valid);
  const runs: number[] = [];
  let kept = 0;
  const radial = tol / 2;
  for (let seg = 0; seg < t.s; seg++) {
    const [a, b] = segmentRange(t, seg);
    let last = -1;
    for (let j = b - 1; j >= a; j--) if (p.has(j)) { last = j; break; }
    if (last < 0) continue;
    const runStart = kept;
    let lx = NaN, ly = NaN;
    for (let i = a; i <= last; i++) {
      if (!p.has(i)) continue;
      const x = p.x(i), y = p.y(i);
      // Within half the tolerance of the last kept point (the run's end is always kept): left out.
      if (kept > runStart && i < last && Math.abs(x - lx) < radial && Math.abs(y - ly) < radial) continue;
      keep[kept++] = i;
      lx = x;
      ly = y;
    }
    if (kept - runStart >= 2) runs.push(runStart, kept);
    else kept = runStart; // one point draws no line
  }
  if (tol > 0) kept = simplify(keep, runs, p, tol);

  let vertices = 0;
  for (let r = 0; r < runs.length; r += 2) vertices += 2 * ((runs[r + 1] as number) - (runs[r] as number) + 2);
  const positions = new Float32Array(2 * vertices);
  const colors = new Uint8Array(vertices);
  const draws = new Int32Array(runs.length);
  let v = 0;
  const put = (i: number, color: number): void => {
    const x = p.x(i), y = p.y(i);
    positions[2 * v] = x;
    positions[2 * v + 1] = y;
    positions[2 * v + 2] = x;
    positions[2 * v + 3] = y;
    colors[v] = colors[v + 1] = color;
    v += 2;
  };
  for (let r = 0; r < runs.length; r += 2) {
    const from = runs[r] as number, to = runs[r + 1] as number;
    draws[r] = v;
    draws[r + 1] = 2 * (to - from);
    put(keep[from] as number, 0);
    for (let k = from; k < to; k++) put(keep[k] as number, p.bucket(keep[k > from ? k - 1 : k] as number));
    put(keep[to - 1] as number, 0);
  }
  // The colour buffer is read at the vertex id (no offset) while positions are read 2 vertices
  // on: shift colours so vertex id k gets the colour put with the point it draws.
  colors.copyWithin(0, 2);
  const { chunks, boxes } = cutIntoChunks(runs, draws, keep, p);
  return { positions, colors, draws, chunks, boxes, kept };
}

/** Points a Douglas–Peucker span holds at most: a forced anchor every DP_SPAN kept points bounds
 * the pass's worst case (a spiral: quadratic in the span) at a few points more per span. */
export const DP_SPAN = 1024;

/**
 * Douglas–Peucker over each run of `keep` (point indices), in place: `keep` compacted, `runs`
 * renumbered; returns the points kept. A run's ends, the first point of each colour (so every edge
 * keeps the colour of the speed at its start) and every DP_SPAN-th point are anchors; between two
 * anchors, the point farthest from their chord stays if it is `tol` or more away, and so on.
 */
function simplify(keep: Uint32Array, runs: number[], p: Projected, tol: number): number {
  const mark = new Uint8Array(runs.length ? (runs[runs.length - 1] as number) : 0);
  const stack = new Int32Array(2 * (DP_SPAN + 1));
  const tol2 = tol * tol;
  for (let r = 0; r < runs.length; r += 2) {
    const from = runs[r] as number, to = (runs[r + 1] as number) - 1;
    mark[from] = 1;
    let anchor = from;
    // Each point's colour is computed once, and carried to the next point's comparison.
    let before = p.bucket(keep[from] as number);
    for (let k = from + 1; k <= to; k++) {
      const bucket = p.bucket(keep[k] as number), same = bucket === before;
      before = bucket;
      if (k < to && k - anchor < DP_SPAN && same) continue;
      mark[k] = 1;
      // Between anchors `anchor` and `k`: split at the farthest point while it is tol or more away.
      let sp = 0;
      stack[sp++] = anchor;
      stack[sp++] = k;
      while (sp > 0) {
        const b = stack[--sp] as number, a = stack[--sp] as number;
        if (b - a < 2) continue;
        const ia = keep[a] as number, ib = keep[b] as number;
        const ax = p.x(ia), ay = p.y(ia);
        const dx = p.x(ib) - ax, dy = p.y(ib) - ay;
        const len2 = dx * dx + dy * dy;
        let far = -1, farD = tol2;
        for (let j = a + 1; j < b; j++) {
          const ij = keep[j] as number;
          let px = p.x(ij) - ax, py = p.y(ij) - ay;
          // Distance from the chord as a segment (a loop's chord can be a point).
          const u = len2 > 0 ? Math.max(0, Math.min(1, (px * dx + py * dy) / len2)) : 0;
          px -= u * dx;
          py -= u * dy;
          const d = px * px + py * py;
          if (d >= farD) {
            farD = d;
            far = j;
          }
        }
        if (far < 0) continue;
        mark[far] = 1;
        stack[sp++] = a;
        stack[sp++] = far;
        stack[sp++] = far;
        stack[sp++] = b;
      }
      anchor = k;
    }
  }
  let kept = 0;
  for (let r = 0; r < runs.length; r += 2) {
    const from = runs[r] as number, to = runs[r + 1] as number;
    runs[r] = kept;
    for (let k = from; k < to; k++) if (mark[k]) keep[kept++] = keep[k] as number;
    runs[r + 1] = kept;
  }
  return kept;
}

/** Cuts each run's strip into pieces of CHUNK_POINTS edges with their boxes (see `Level`). */
function cutIntoChunks(runs: number[], draws: Int32Array, keep: Uint32Array, p: Projected): { chunks: Int32Array; boxes: Float32Array } {
  let n = 0;
  for (let r = 0; r < runs.length; r += 2) n += Math.ceil(((runs[r + 1] as number) - (runs[r] as number) - 1) / CHUNK_POINTS);
  const chunks = new Int32Array(2 * n);
  const boxes = new Float32Array(4 * n);
  let c = 0;
  for (let r = 0; r < runs.length; r += 2) {
    const from = runs[r] as number, last = (runs[r + 1] as number) - 1 - from;
    for (let s = 0; s < last; s += CHUNK_POINTS) {
      const e = Math.min(s + CHUNK_POINTS, last);
      chunks[2 * c] = (draws[r] as number) + 2 * s;
      chunks[2 * c + 1] = 2 * (e - s + 1);
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (let k = from + s; k <= from + e; k++) {
        const i = keep[k] as number, x = p.x(i), y = p.y(i);
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
      boxes.set([x0, y0, x1, y1], 4 * c);
      c++;
    }
  }
  return { chunks, boxes };
}

/**
 * The draws of `level` that can show in `view` (min x, min y, max x, max y relative to the
 * origin, already widened by the line's width; null: everything), as (first, count) pairs in
 * `out`: the pieces whose box meets the view, neighbours of one strip merged into one draw.
 */
export function visibleDraws(level: Pick<Level, "draws" | "chunks" | "boxes">, view: readonly [number, number, number, number] | null, out: number[]): number[] {
  out.length = 0;
  if (!view) {
    for (const d of level.draws) out.push(d);
    return out;
  }
  const [vx0, vy0, vx1, vy1] = view;
  const { chunks, boxes } = level;
  let end = -1;
  for (let c = 0; 2 * c < chunks.length; c++) {
    if ((boxes[4 * c + 2] as number) < vx0 || (boxes[4 * c] as number) > vx1 || (boxes[4 * c + 3] as number) < vy0 || (boxes[4 * c + 1] as number) > vy1) continue;
    const first = chunks[2 * c] as number, count = chunks[2 * c + 1] as number;
    // The piece before it in the same strip ends on this one's first point: one draw.
    if (out.length > 0 && first < end) out[out.length - 1] = first + count - (out[out.length - 2] as number);
    else out.push(first, count);
    end = first + count;
  }
  return out;
}

/** Mercator units per pixel at a zoom (512-px world tiles), times `pixels`. */
export function mercatorTolerance(zoom: number, pixels = 0.5): number {
  return pixels / (512 * 2 ** zoom);
}

/** The level a zoom draws: one per integer zoom up to FULL_DETAIL_ZOOM, where nothing is thinned. */
export const FULL_DETAIL_ZOOM = 17;
export function levelForZoom(zoom: number): number {
  return Math.max(0, Math.min(FULL_DETAIL_ZOOM, Math.floor(zoom)));
}
export function levelTolerance(level: number): number {
  return level >= FULL_DETAIL_ZOOM ? 0 : mercatorTolerance(level);
}

/** Parses "#rrggbb" into 0..1 floats. */
export function hexRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.replace("#", ""), 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}
