// Hover and click picking for the GPU track, over the same projected arrays the GPU draws from
// (no rendered features to query): the track's edges (consecutive valid points of a segment, so a
// segment break is not a line to hit) cut into short runs with their boxes, built once in Mercator
// space; a query looks at the runs whose box comes within a radius of the pointer and answers the
// nearest point of their edges that pass within it.
import { segmentRange, type PackedTrack } from "../../api/packed";
import type { Projected } from "./lineGeometry";

/** Edges a run spans. A run's box is what a query tests first; its edges are then measured one by
 * one, so shorter runs mean fewer edges measured for nothing and more boxes tested. */
export const PICK_RUN = 64;

/**
 * The runs are consecutive point indices of one segment, each ending on the point the next one
 * starts with, so together they hold every edge. A million points make ~16,000 runs: 640 KB and
 * one pass to build, where a uniform grid of the edges took 5 MB and three passes (~50 ms), and a
 * table of both ends of each edge 8 MB more before that.
 */
export class PickIndex {
  private readonly p: Projected;
  /** Run k spans points first[k] .. last[k] (both included). */
  private readonly first: Uint32Array;
  private readonly last: Uint32Array;
  /** Run k's box: min x, min y, max x, max y (relative to the origin). In doubles, as the points'
   * x is computed: a box rounded to Float32 could leave a point out by an ulp (~1e-8, more than
   * the pick radius at zoom 22) far from the origin. */
  private readonly boxes: Float64Array;
  /** The box of runs PICK_RUN b .. PICK_RUN (b + 1) - 1, as `boxes`: a query tests these first. */
  private readonly blocks: Float64Array;
  readonly runs: number;
  readonly edges: number;

  constructor(t: PackedTrack, p: Projected) {
    this.p = p;
    // At most one run a PICK_RUN points, plus one a segment.
    const cap = Math.ceil(p.valid / PICK_RUN) + t.s;
    const first = new Uint32Array(cap), last = new Uint32Array(cap), boxes = new Float64Array(4 * cap);
    let k = 0, edges = 0;
    const put = (at: number, a: number, b: number, x0: number, y0: number, x1: number, y1: number): number => {
      first[at] = a;
      last[at] = b;
      boxes[4 * at] = x0;
      boxes[4 * at + 1] = y0;
      boxes[4 * at + 2] = x1;
      boxes[4 * at + 3] = y1;
      return at + 1;
    };
    for (let seg = 0; seg < t.s; seg++) {
      const [from, to] = segmentRange(t, seg);
      let start = -1, prev = -1, count = 0;
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (let i = from; i < to; i++) {
        if (!p.has(i)) continue;
        const x = p.x(i), y = p.y(i);
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
        prev = i;
        if (start < 0) {
          start = i;
          continue;
        }
        count++;
        edges++;
        if (count < PICK_RUN) continue;
        // The run is full: close it on this point, which the next one starts with.
        k = put(k, start, i, x0, y0, x1, y1);
        start = i;
        count = 0;
        x0 = x1 = x;
        y0 = y1 = y;
      }
      if (count > 0) k = put(k, start, prev, x0, y0, x1, y1);
    }
    this.first = first.slice(0, k);
    this.last = last.slice(0, k);
    this.boxes = boxes.slice(0, 4 * k);
    this.runs = k;
    this.edges = edges;
    const blocks = (this.blocks = new Float64Array(4 * Math.ceil(k / PICK_RUN)));
    for (let b = 0; 4 * b < blocks.length; b++) {
      blocks.set([Infinity, Infinity, -Infinity, -Infinity], 4 * b);
      for (let r = b * PICK_RUN; r < Math.min(k, (b + 1) * PICK_RUN); r++) {
        blocks[4 * b] = Math.min(blocks[4 * b] as number, boxes[4 * r] as number);
        blocks[4 * b + 1] = Math.min(blocks[4 * b + 1] as number, boxes[4 * r + 1] as number);
        blocks[4 * b + 2] = Math.max(blocks[4 * b + 2] as number, boxes[4 * r + 2] as number);
        blocks[4 * b + 3] = Math.max(blocks[4 * b + 3] as number, boxes[4 * r + 3] as number);
      }
    }
  }

  /**
   * The point nearest to (x, y) (Mercator relative to the track's origin) among the ends of the
   * edges passing within `r` of it, or -1 when no edge does. Distances are Mercator distances:
   * on an unpitched map, pixels times a constant whatever the bearing.
   */
  nearest(x: number, y: number, r: number): number {
    let best = -1, bestD = Infinity;
    const p = this.p, r2 = r * r, boxes = this.boxes, blocks = this.blocks;
    const away = (b: Float64Array, k: number): boolean =>
      (b[4 * k] as number) - r > x || (b[4 * k + 2] as number) + r < x || (b[4 * k + 1] as number) - r > y || (b[4 * k + 3] as number) + r < y;
    for (let k = 0; k < this.runs; k++) {
      if (k % PICK_RUN === 0 && away(blocks, k / PICK_RUN)) {
        k += PICK_RUN - 1;
        continue;
      }
      if (away(boxes, k)) continue;
      const end = this.last[k] as number;
      let i = this.first[k] as number;
      while (i < end) {
        // The edge's end: the next point with a position (the points between have none).
        let j = i + 1;
        while (!p.has(j)) j++;
        const ax = p.x(i), ay = p.y(i), bx = p.x(j), by = p.y(j);
        const dx = bx - ax, dy = by - ay;
        const len2 = dx * dx + dy * dy;
        const f = len2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
        const ex = ax + f * dx - x, ey = ay + f * dy - y;
        if (ex * ex + ey * ey <= r2) {
          const di = (ax - x) ** 2 + (ay - y) ** 2, dj = (bx - x) ** 2 + (by - y) ** 2;
          // Ties go to the earlier point, as the linear scan of the GeoJSON path does.
          if (di < bestD || (di === bestD && i < best)) [bestD, best] = [di, i];
          if (dj < bestD || (dj === bestD && j < best)) [bestD, best] = [dj, j];
        }
        i = j;
      }
    }
    return best;
  }
}
