// The GPU track's CPU side: Mercator projection relative to an origin (precise at zoom 18), the
// strip layout of a level (pads, two vertices a point, flat colour per edge shifted onto the
// provoking vertex, segment breaks and NaN points), thinning, and picking over the grid.
import { describe, expect, it } from "vitest";
import { decodePacked, encodePacked } from "../../src/api/packed";
import { speedScale, UNKNOWN_BUCKET } from "../../src/lib/speedScale";
import { buildLevel, CHUNK_POINTS, DP_SPAN, levelForZoom, levelTolerance, mercX, mercY, projectTrack, visibleDraws, FULL_DETAIL_ZOOM } from "../../src/map/gpu/lineGeometry";
import { PICK_RUN, PickIndex } from "../../src/map/gpu/pick";
import { nearestPoint } from "../../src/lib/trackGeo";

const scale = speedScale("kmh");

function track(lat: number[], lng: number[], speed: number[], segs: number[] = [0]) {
  return decodePacked(encodePacked({ time: lat.map((_, i) => i * 1000), lat, lng, speed, segmentStart: segs, segmentId: segs.map((_, i) => 100 + i) }));
}

describe("projectTrack", () => {
  it("matches MapLibre's Mercator and keeps sub-pixel precision at zoom 18 far from the origin", () => {
    // Two points 1 m apart, 20 km from the first point (the origin).
    const t = track([52.5, 52.68, 52.680009], [13.4, 13.4, 13.4], [10, 10, 10]);
    const p = projectTrack(t, scale);
    expect(mercX(0)).toBe(0.5);
    expect(mercY(0)).toBeCloseTo(0.5, 12);
    expect(mercY(85.0511287798)).toBeCloseTo(0, 8);
    const world18 = 512 * 2 ** 18;
    const exact = (mercY(52.680009) - mercY(52.68)) * world18;
    const f32 = (p.y(2) - p.y(1)) * world18;
    expect(Math.abs(f32 - exact)).toBeLessThan(0.05); // pixels
    expect(p.origin[0] + p.x(1)).toBeCloseTo(mercX(13.4), 9);
  });

  it("marks points without a position (NaN, 0/0) and buckets unknown speeds", () => {
    const p = projectTrack(track([52, NaN, 0, 52.1], [13, 13, 0, 13.1], [5, 60, NaN, NaN]), scale);
    expect(p.valid).toBe(2);
    expect(p.has(1)).toBe(false);
    expect(p.has(2)).toBe(false);
    expect(p.has(3)).toBe(true);
    expect([0, 1, 2, 3].map((i) => p.bucket(i))).toEqual([0, 3, UNKNOWN_BUCKET, UNKNOWN_BUCKET]);
  });
});

describe("buildLevel", () => {
  it("lays each run out padded, two vertices a point, colour of the edge's start on its end's vertices", () => {
    const t = track([52, 52.001, 52.002], [13, 13.001, 13.002], [5, 60, 100]);
    const p = projectTrack(t, scale);
    const l = buildLevel(t, p, 0);
    expect(l.kept).toBe(3);
    expect(Array.from(l.draws)).toEqual([0, 6]);
    expect(l.positions.length).toBe(2 * 2 * (3 + 2));
    // Vertex k draws point floor(k/2) (positions read 2 vertices on): pad, p0, p1, p2, pad.
    const px = (v: number) => l.positions[2 * v];
    expect(px(0)).toBe(px(2)); // the start pad copies p0
    expect(px(8)).toBe(px(6)); // the end pad copies p2
    expect(px(2)).toBe(Math.fround(p.x(0)));
    expect(px(6)).toBe(Math.fround(p.x(2)));
    // Edge p0→p1 is drawn by triangles whose provoking vertices are vertices 2, 3 (point 1): bucket of p0.
    expect([l.colors[2], l.colors[3]]).toEqual([0, 0]);
    expect([l.colors[4], l.colors[5]]).toEqual([3, 3]); // edge p1→p2: bucket of p1 (60 km/h)
  });

  it("never joins segments, skips points without a position, drops one-point runs", () => {
    const t = track([52, NaN, 52.002, 52.003, 52.1, 52.2, 52.201], [13, 13, 13.002, 13.003, 13.1, 13.2, 13.201], [5, 5, 5, 5, 5, 5, 5], [0, 4, 5]);
    const l = buildLevel(t, projectTrack(t, scale), 0);
    // Segment 0: three valid points; segment 1: one point (no line); segment 2: two points.
    expect(Array.from(l.draws)).toEqual([0, 6, 10, 4]);
    expect(l.kept).toBe(5);
  });

  it("thins below the tolerance and always keeps a run's last point", () => {
    const n = 1000;
    const lat = Array.from({ length: n }, (_, i) => 52 + i * 1e-6);
    const t = track(lat, lat.map(() => 13), lat.map(() => 30));
    const p = projectTrack(t, scale);
    const coarse = buildLevel(t, p, levelTolerance(10));
    expect(coarse.kept).toBeLessThan(10);
    const lastPad = coarse.positions.length / 2 - 1;
    expect(coarse.positions[2 * lastPad + 1]).toBe(p.y(n - 1));
    expect(buildLevel(t, p, levelTolerance(FULL_DETAIL_ZOOM)).kept).toBe(n);
    expect(levelForZoom(12.9)).toBe(12);
    expect(levelForZoom(21)).toBe(FULL_DETAIL_ZOOM);
  });
});

describe("buildLevel's Douglas–Peucker pass", () => {
  /** The distance of (x, y) from the polyline through the level's kept points, in the level's units. */
  function offLine(pos: Float32Array, x: number, y: number): number {
    let best = Infinity;
    // Points are at every other vertex (two a point), padded by one point at each end.
    for (let v = 2; v + 2 < pos.length / 2 - 2; v += 2) {
      const ax = pos[2 * v] as number, ay = pos[2 * v + 1] as number, bx = pos[2 * v + 4] as number, by = pos[2 * v + 5] as number;
      const dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
      const u = len2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
      best = Math.min(best, Math.hypot(x - ax - u * dx, y - ay - u * dy));
    }
    return best;
  }

  it("draws a straight run as its two ends, whatever the density", () => {
    const n = DP_SPAN;
    const lat = Array.from({ length: n }, (_, i) => 52 + i * 1e-5);
    const t = track(lat, lat.map((l) => 13 + (l - 52) * 2), lat.map(() => 30));
    expect(buildLevel(t, projectTrack(t, scale), levelTolerance(16)).kept).toBe(2);
  });

  it("keeps the corners of a zigzag wider than the tolerance and the first point of each colour", () => {
    // 20 legs of 50 points, each leg 0.001° east and alternately 0.001° north / south.
    const lat: number[] = [], lng: number[] = [], speed: number[] = [];
    for (let i = 0; i <= 1000; i++) {
      const leg = Math.floor(i / 50), f = (i % 50) / 50;
      lng.push(13 + i * 1e-4);
      lat.push(52 + (leg % 2 === 0 ? f : 1 - f) * 1e-3);
      speed.push(i < 525 ? 30 : 70); // one change of colour halfway along a leg
    }
    const t = track(lat, lng, speed);
    const p = projectTrack(t, scale);
    const l = buildLevel(t, p, levelTolerance(12));
    // 21 corners (ends included) and the first point at 70 km/h.
    expect(l.kept).toBe(22);
    const colours = new Set<number>();
    for (let v = 0; v < l.kept * 2; v += 2) colours.add(l.colors[v] as number);
    expect(colours.size).toBe(2);
    // The 70 km/h edge starts at point 525: the vertex after it carries the new bucket.
    const xs: number[] = [];
    for (let v = 2; v < 2 + 2 * l.kept; v += 2) xs.push(l.positions[2 * v] as number);
    expect(xs).toContain(Math.fround(p.x(525)));
  });

  it("leaves no point farther than the tolerance from the line it draws (a random walk)", () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
    const lat = [52], lng = [13];
    for (let i = 1; i < 20000; i++) {
      lat.push((lat[i - 1] as number) + rand() * 2e-5);
      lng.push((lng[i - 1] as number) + 1e-6 + rand() * 2e-5);
    }
    const t = track(lat, lng, lat.map(() => 30));
    const p = projectTrack(t, scale);
    let before = t.n;
    for (const level of [16, 13, 10]) {
      const tol = levelTolerance(level);
      const l = buildLevel(t, p, tol);
      expect(l.kept).toBeLessThan(before);
      before = l.kept;
      let worst = 0;
      for (let i = 0; i < t.n; i += 7) worst = Math.max(worst, offLine(l.positions, p.x(i), p.y(i)));
      // DP's tolerance plus the radial pass's half of it (a box, so its diagonal).
      expect(worst).toBeLessThanOrEqual(tol * (1 + Math.SQRT1_2));
      expect(worst).toBeGreaterThan(tol / 4); // it did thin
    }
    expect(before).toBeLessThan(t.n / 10);
  });

  it("bounds a span: a point is kept at least every DP_SPAN points", () => {
    const n = 3 * DP_SPAN + 1;
    const lat = Array.from({ length: n }, (_, i) => 52 + i * 1e-5);
    const t = track(lat, lat.map(() => 13), lat.map(() => 30));
    expect(buildLevel(t, projectTrack(t, scale), levelTolerance(16)).kept).toBe(4);
  });
});

describe("visibleDraws", () => {
  // A straight run east of 1,000 points and a second segment of 600 further east.
  const n = 1000, m = 600;
  const lng = [...Array.from({ length: n }, (_, i) => 13 + i * 1e-4), ...Array.from({ length: m }, (_, i) => 14 + i * 1e-4)];
  const t = track(lng.map(() => 52), lng, lng.map(() => 30), [0, n]);
  const p = projectTrack(t, scale);
  const l = buildLevel(t, p, 0);
  const x = (deg: number) => mercX(deg) - p.origin[0];
  const band = (from: number, to: number): [number, number, number, number] => [x(from), -1, x(to), 1];

  it("cuts each strip into pieces that together draw it, each ending on the next one's first point", () => {
    expect(l.chunks.length / 2).toBe(Math.ceil((n - 1) / CHUNK_POINTS) + Math.ceil((m - 1) / CHUNK_POINTS));
    expect(Array.from(l.chunks.subarray(0, 4))).toEqual([0, 2 * (CHUNK_POINTS + 1), 2 * CHUNK_POINTS, 2 * (CHUNK_POINTS + 1)]);
    // The whole view: each strip as one draw, the same as the level's own draws.
    expect(visibleDraws(l, band(12, 15), [])).toEqual(Array.from(l.draws));
    expect(visibleDraws(l, null, [])).toEqual(Array.from(l.draws));
  });

  it("draws only the pieces the view meets, neighbours merged", () => {
    // A view over points ~300..~340 of the first run: its second piece (points 256..512) alone.
    const d = visibleDraws(l, band(13.03, 13.034), []);
    expect(d).toEqual([2 * CHUNK_POINTS, 2 * (CHUNK_POINTS + 1)]);
    // Over the end of one piece and the start of the next: one draw across both.
    expect(visibleDraws(l, band(13.05, 13.052), [])).toEqual([2 * CHUNK_POINTS, 4 * CHUNK_POINTS + 2]);
    // Off the track: nothing; only the second segment: its draw alone.
    expect(visibleDraws(l, band(20, 21), [])).toEqual([]);
    expect(visibleDraws(l, band(13.999, 15), [])).toEqual(Array.from(l.draws.subarray(2, 4)));
  });
});

describe("PickIndex", () => {
  const n = 2000;
  const lat = Array.from({ length: n }, (_, i) => 52 + 0.01 * Math.sin(i / 50) + i * 1e-5);
  const lng = Array.from({ length: n }, (_, i) => 13 + 0.01 * Math.cos(i / 70) + i * 2e-5);
  const t = track(lat, lng, lat.map(() => 40), [0, 1000]);
  const p = projectTrack(t, scale);
  const index = new PickIndex(t, p);
  const rel = (la: number, lo: number): [number, number] => [mercX(lo) - p.origin[0], mercY(la) - p.origin[1]];

  it("finds the point under the pointer, as the linear scan does", () => {
    for (const i of [0, 17, 999, 1000, 1500, n - 1]) {
      const [x, y] = rel(lat[i] as number, lng[i] as number);
      expect(index.nearest(x, y, 1e-7)).toBe(i);
      expect(nearestPoint(t, lat[i] as number, lng[i] as number)).toBe(i);
    }
  });

  it("answers -1 off the line, and in the gap of a segment break", () => {
    const [x, y] = rel(53, 14);
    expect(index.nearest(x, y, 1e-6)).toBe(-1);
    // Half-way between the last point of segment 0 and the first of segment 1, with a radius
    // smaller than half the gap: no edge joins them.
    const [ax, ay] = rel(lat[999] as number, lng[999] as number);
    const [bx, by] = rel(lat[1000] as number, lng[1000] as number);
    const gap = Math.hypot(bx - ax, by - ay);
    const mx = (ax + bx) / 2, my = (ay + by) / 2;
    // Far from every other edge too? The track folds back on itself only far from here.
    expect(index.nearest(mx, my, gap * 0.4)).toBe(-1);
  });

  it("hits the middle of a long sparse edge and answers its nearer end", () => {
    const s = track([52, 52, 52], [13, 13.5, 14], [10, 10, 10]);
    const sp = projectTrack(s, scale);
    const si = new PickIndex(s, sp);
    const x = mercX(13.2) - sp.origin[0], y = mercY(52) - sp.origin[1];
    expect(si.nearest(x, y, 1e-6)).toBe(0);
    expect(si.nearest(mercX(13.4) - sp.origin[0], y, 1e-6)).toBe(1);
  });

  it("answers what measuring every edge answers, across runs, blocks, gaps and breaks", () => {
    // Four trips of 3,000 points, there and back over one road twice (so runs of different trips
    // overlap, and blocks of runs far apart along it are away from a query), zigzagging (so a
    // run's edges cross), with some points without a position. PICK_RUN² = 4,096 points make a
    // block of runs: this is several.
    const m = 12_000;
    const la: number[] = [], lo: number[] = [];
    for (let i = 0; i < m; i++) {
      const seg = Math.floor(i / 3000), along = seg % 2 === 0 ? i % 3000 : 3000 - (i % 3000);
      const bad = i % 997 === 5 || (i >= 4000 && i < 4003);
      la.push(bad ? NaN : 52 + 0.0003 * Math.sin(i / 3) + 0.0001 * seg);
      lo.push(bad ? NaN : 13 + along * 2e-5);
    }
    const s = track(la, lo, la.map(() => 30), [0, 3000, 6000, 9000]);
    const sp = projectTrack(s, scale);
    const si = new PickIndex(s, sp);
    expect(si.runs).toBeGreaterThan(2 * PICK_RUN);
    const brute = (x: number, y: number, r: number): number => {
      let best = -1, bestD = Infinity;
      for (let seg = 0; seg < 4; seg++) {
        let prev = -1;
        for (let i = seg * 3000; i < (seg + 1) * 3000; i++) {
          if (!sp.has(i)) continue;
          if (prev >= 0) {
            const ax = sp.x(prev), ay = sp.y(prev), bx = sp.x(i), by = sp.y(i);
            const dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
            const f = len2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
            if ((ax + f * dx - x) ** 2 + (ay + f * dy - y) ** 2 <= r * r) {
              for (const [p, px, py] of [[prev, ax, ay], [i, bx, by]] as const) {
                const d = (px - x) ** 2 + (py - y) ** 2;
                if (d < bestD || (d === bestD && p < best)) [bestD, best] = [d, p];
              }
            }
          }
          prev = i;
        }
      }
      return best;
    };
    let hits = 0;
    for (let q = 0; q < 3000; q++) {
      const i = (q * 7919) % m;
      const base = sp.has(i) ? i : 0;
      const x = sp.x(base) + ((q % 7) - 3) * 2e-7, y = sp.y(base) + ((q % 5) - 2) * 2e-7;
      const r = [1e-7, 5e-7, 3e-6][q % 3] as number;
      const want = brute(x, y, r);
      expect(si.nearest(x, y, r), `query ${q}`).toBe(want);
      if (want >= 0) hits++;
    }
    expect(hits).toBeGreaterThan(1000);
  });

  it("joins the neighbours of points without a position, never across a segment break", () => {
    // Points 1 and 2 have no position: the edge runs 0 → 3; point 4 starts the next segment
    // and 5 is its only other point.
    const s = track([52, NaN, 0, 52, 52.2, 52.2], [13, 13, 0, 14, 13, 14], [10, 10, 10, 10, 10, 10], [0, 4]);
    const sp = projectTrack(s, scale);
    const si = new PickIndex(s, sp);
    expect(si.edges).toBe(2);
    const y = mercY(52) - sp.origin[1];
    expect(si.nearest(mercX(13.3) - sp.origin[0], y, 1e-6)).toBe(0);
    expect(si.nearest(mercX(13.7) - sp.origin[0], y, 1e-6)).toBe(3);
    // Between the segments (52 → 52.2 at 14°) no edge runs.
    expect(si.nearest(mercX(14) - sp.origin[0], mercY(52.1) - sp.origin[1], 1e-6)).toBe(-1);
    expect(si.nearest(mercX(13.5) - sp.origin[0], mercY(52.2) - sp.origin[1], 1e-6)).toBe(4);
  });
});
