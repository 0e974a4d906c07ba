// Hover and click picking for the GPU track, over the same projected arrays the GPU draws from
// (no rendered features to query): the track's edges (consecutive valid points of a segment, so a
// segment break is not a line to hit) in a coarse uniform grid built once in Mercator space; a
// query finds the edges within a radius of the pointer and answers the nearest of their points.
import { segmentRange, type PackedTrack } from "../../api/packed";
import type { Projected } from "./lineGeometry";

/** An edge whose box spans more cells than this is checked on every query instead. */
const MAX_CELLS_PER_EDGE = 64;

/**
 * An edge is named by its first point: it runs from point i to the next point with a position,
 * which is in the same segment (no edge starts at a segment's last point). The grid holds those
 * first points and nothing else is kept per edge: a table of both ends cost 8 MB a million points.
 */
export class PickIndex {
  private readonly rel: Float32Array;
  private readonly x0: number;
  private readonly y0: number;
  private readonly cell: number;
  private readonly cols: number;
  private readonly rows: number;
  /** CSR: the edges (their first points) of cell c are items[start[c] .. start[c + 1]). */
  private readonly start: Uint32Array;
  private readonly items: Uint32Array;
  private readonly long: Uint32Array;
  readonly edges: number;

  constructor(t: PackedTrack, p: Projected) {
    this.rel = p.rel;
    const rel = p.rel;
    let n = 0;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let seg = 0; seg < t.s; seg++) {
      const [from, to] = segmentRange(t, seg);
      let valid = 0;
      for (let i = from; i < to; i++) {
        const x = rel[2 * i] as number, y = rel[2 * i + 1] as number;
        if (Number.isNaN(x)) continue;
        valid++;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
      if (valid > 1) n += valid - 1;
    }
    this.edges = n;
    if (n === 0) {
      x0 = y0 = 0;
      x1 = y1 = 1;
    }
    // About four edges a cell, at most a million cells.
    const w = Math.max(x1 - x0, 1e-12), h = Math.max(y1 - y0, 1e-12);
    const cells = Math.min(1 << 20, Math.max(1, Math.ceil(n / 4)));
    this.cell = Math.max(Math.sqrt((w * h) / cells), w / 4096, h / 4096);
    this.cols = Math.max(1, Math.ceil(w / this.cell));
    this.rows = Math.max(1, Math.ceil(h / this.cell));
    this.x0 = x0;
    this.y0 = y0;

    // Two passes over the edges' boxes: count per cell, then fill. Nothing is allocated per edge:
    // a box as an array and a closure per edge were 152 MB of garbage for a million points (V8's
    // count), and the web view's script heap peaked some 250 MB higher (BENCHMARKS.md).
    const count = new Uint32Array(this.cols * this.rows + 1);
    const box = new Int32Array(4);
    const longEdges: number[] = [];
    eachEdge(t, rel, (i, j) => {
      if (this.boxInto(i, j, box) > MAX_CELLS_PER_EDGE) {
        longEdges.push(i);
        return;
      }
      for (let cy = box[1] as number; cy <= (box[3] as number); cy++) {
        for (let cx = box[0] as number; cx <= (box[2] as number); cx++) {
          const c = cy * this.cols + cx + 1;
          count[c] = (count[c] as number) + 1;
        }
      }
    });
    for (let c = 1; c < count.length; c++) count[c] = (count[c] as number) + (count[c - 1] as number);
    const items = new Uint32Array(count[count.length - 1] as number);
    const fill = count.slice(0, -1);
    eachEdge(t, rel, (i, j) => {
      if (this.boxInto(i, j, box) > MAX_CELLS_PER_EDGE) return;
      for (let cy = box[1] as number; cy <= (box[3] as number); cy++) {
        for (let cx = box[0] as number; cx <= (box[2] as number); cx++) {
          const c = cy * this.cols + cx;
          const at = fill[c] as number;
          items[at] = i;
          fill[c] = at + 1;
        }
      }
    });
    this.start = count;
    this.items = items;
    this.long = Uint32Array.from(longEdges);
  }

  private cellX(x: number): number {
    return Math.max(0, Math.min(this.cols - 1, Math.floor((x - this.x0) / this.cell)));
  }
  private cellY(y: number): number {
    return Math.max(0, Math.min(this.rows - 1, Math.floor((y - this.y0) / this.cell)));
  }
  /** The cells of the edge from point i to point j (first column, first row, last column, last
   * row) into `box`; returns how many. */
  private boxInto(i: number, j: number, box: Int32Array): number {
    const rel = this.rel;
    const ax = rel[2 * i] as number, ay = rel[2 * i + 1] as number, bx = rel[2 * j] as number, by = rel[2 * j + 1] as number;
    const cx0 = this.cellX(Math.min(ax, bx)), cy0 = this.cellY(Math.min(ay, by));
    const cx1 = this.cellX(Math.max(ax, bx)), cy1 = this.cellY(Math.max(ay, by));
    box[0] = cx0;
    box[1] = cy0;
    box[2] = cx1;
    box[3] = cy1;
    return (cx1 - cx0 + 1) * (cy1 - cy0 + 1);
  }

  /**
   * The point nearest to (x, y) (Mercator relative to the track's origin) among the ends of the
   * edges passing within `r` of it, or -1 when no edge does. Distances are Mercator distances:
   * on an unpitched map, pixels times a constant whatever the bearing.
   */
  nearest(x: number, y: number, r: number): number {
    let best = -1, bestD = Infinity;
    const rel = this.rel, r2 = r * r;
    const check = (i: number): void => {
      // The edge's end: the next point with a position (the points between have none).
      let j = i + 1;
      while (Number.isNaN(rel[2 * j] as number)) j++;
      const ax = rel[2 * i] as number, ay = rel[2 * i + 1] as number, bx = rel[2 * j] as number, by = rel[2 * j + 1] as number;
      const dx = bx - ax, dy = by - ay;
      const len2 = dx * dx + dy * dy;
      const f = len2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
      const ex = ax + f * dx - x, ey = ay + f * dy - y;
      if (ex * ex + ey * ey > r2) return;
      const di = (ax - x) ** 2 + (ay - y) ** 2, dj = (bx - x) ** 2 + (by - y) ** 2;
      // Ties go to the earlier point, as the linear scan of the GeoJSON path does.
      if (di < bestD || (di === bestD && i < best)) [bestD, best] = [di, i];
      if (dj < bestD || (dj === bestD && j < best)) [bestD, best] = [dj, j];
    };
    if (this.edges === 0) return -1;
    const cx0 = this.cellX(x - r), cx1 = this.cellX(x + r), cy0 = this.cellY(y - r), cy1 = this.cellY(y + r);
    // Outside the grid (clamped to its border) the border cells are still looked at: harmless,
    // their edges are measured like any other.
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) {
        const c = cy * this.cols + cx;
        const end = this.start[c + 1] as number;
        for (let k = this.start[c] as number; k < end; k++) check(this.items[k] as number);
      }
    }
    for (const e of this.long) check(e);
    return best;
  }
}

/** Calls `visit(i, j)` for each edge: consecutive points with a position within one segment. */
function eachEdge(t: PackedTrack, rel: Float32Array, visit: (i: number, j: number) => void): void {
  for (let seg = 0; seg < t.s; seg++) {
    const [from, to] = segmentRange(t, seg);
    let prev = -1;
    for (let i = from; i < to; i++) {
      if (Number.isNaN(rel[2 * i] as number)) continue;
      if (prev >= 0) visit(prev, i);
      prev = i;
    }
  }
}
