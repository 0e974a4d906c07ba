// Replay time math: timeline and skipped stops, play time ↔ track time, interpolated position and
// heading, clock advance with speed factors, steps by time and by point, scrubber bands, and speed
// on a 1,000,000-point track.
import { describe, expect, it } from "vitest";
import {
  advance,
  bearing,
  buildTimeline,
  fromPlay,
  lerpAngle,
  nextSpeedIndex,
  positionAt,
  segmentBands,
  SPEEDS,
  stepByPoint,
  stepByTime,
  STOP_GAP_MS,
  toPlay,
  type ReplayTrack,
} from "../../src/replay/engine";

const MIN = 60_000;
const T0 = Date.UTC(2024, 5, 14, 6, 0, 0);

/** Segments of points: each point [minutes from T0, lat, lng, heading?]. */
function track(...segments: [number, number, number, number?][][]): ReplayTrack {
  const time: number[] = [], lat: number[] = [], lng: number[] = [], heading: number[] = [], starts: number[] = [];
  for (const seg of segments) {
    starts.push(time.length);
    for (const [m, la, lo, h] of seg) {
      time.push(T0 + m * MIN);
      lat.push(la);
      lng.push(lo);
      heading.push(h ?? NaN);
    }
  }
  starts.push(time.length);
  return {
    n: time.length,
    s: segments.length,
    time: Float64Array.from(time),
    lat: Float64Array.from(lat),
    lng: Float64Array.from(lng),
    heading: Float32Array.from(heading),
    segmentStart: Uint32Array.from(starts),
  };
}

// Two trips: 06:00–06:10 and 07:00–07:10 (a 50-minute parking between them).
const two = track(
  [[0, 52.0, 13.0, 90], [5, 52.0, 13.1, 90], [10, 52.1, 13.1, 0]],
  [[60, 52.2, 13.2], [70, 52.3, 13.2]],
);

describe("timeline", () => {
  it("spans the track and skips the gap between trips", () => {
    const tl = buildTimeline(two);
    expect(tl.start).toBe(T0);
    expect(tl.end).toBe(T0 + 70 * MIN);
    expect(Array.from(tl.skipFrom)).toEqual([T0 + 10 * MIN]);
    expect(Array.from(tl.skipTo)).toEqual([T0 + 60 * MIN]);
    expect(tl.playLength).toBe(20 * MIN);
  });

  it("also skips long pauses in place inside a trip, not short ones or sparse moving points", () => {
    const g = STOP_GAP_MS / MIN;
    // 0→4: 4 min moving; 4→4+g: a pause in place; then 2 min; then a long but moving leg (~11 km).
    const t = track([[0, 1, 1], [4, 1, 1.01], [4 + g, 1, 1.01], [6 + g, 1, 1.02], [16 + g, 1, 1.12]]);
    const tl = buildTimeline(t);
    expect(Array.from(tl.skipFrom)).toEqual([T0 + 4 * MIN]);
    expect(Array.from(tl.skipTo)).toEqual([T0 + (4 + g) * MIN]);
    expect(tl.playLength).toBe(16 * MIN);
  });

  it("maps play time to track time and back", () => {
    const tl = buildTimeline(two);
    expect(toPlay(tl, T0 + 5 * MIN)).toBe(5 * MIN);
    expect(toPlay(tl, T0 + 30 * MIN)).toBe(10 * MIN); // inside the parking: its start
    expect(toPlay(tl, T0 + 65 * MIN)).toBe(15 * MIN);
    expect(fromPlay(tl, 5 * MIN)).toBe(T0 + 5 * MIN);
    expect(fromPlay(tl, 10 * MIN)).toBe(T0 + 60 * MIN); // at the stop: moves on to the next trip
    expect(fromPlay(tl, 15 * MIN)).toBe(T0 + 65 * MIN);
    expect(fromPlay(tl, 99 * MIN)).toBe(T0 + 70 * MIN);
    expect(toPlay(tl, T0 + 30 * MIN, false)).toBe(30 * MIN);
    expect(fromPlay(tl, 30 * MIN, false)).toBe(T0 + 30 * MIN);
  });

  it("is empty for a track without points", () => {
    const tl = buildTimeline(track());
    expect(tl.start).toBeNaN();
    expect(tl.playLength).toBe(0);
    expect(positionAt(track(), T0)).toBeNull();
  });
});

describe("clock", () => {
  it("advances by wall time × speed factor", () => {
    const tl = buildTimeline(two);
    expect(advance(tl, T0, 1000, 60)).toBe(T0 + MIN);
    expect(advance(tl, T0, 3000, 60)).toBe(T0 + 3 * MIN);
    expect(advance(tl, T0 + 3 * MIN, -1000, 60)).toBe(T0 + 2 * MIN);
    expect(advance(tl, T0, 1000, 1)).toBe(T0 + 1000);
  });

  it("jumps over the parking while playing with skip stops, waits through it without", () => {
    const tl = buildTimeline(two);
    // 12 s at ×60 from 06:00 is 12 min of play time: 10 min of trip 1 + 2 min of trip 2.
    expect(advance(tl, T0, 12_000, 60, true)).toBe(T0 + 62 * MIN);
    expect(advance(tl, T0, 12_000, 60, false)).toBe(T0 + 12 * MIN);
    // Backwards across the stop too.
    expect(advance(tl, T0 + 62 * MIN, -12_000, 60, true)).toBe(T0);
  });

  it("clamps at both ends", () => {
    const tl = buildTimeline(two);
    expect(advance(tl, T0 + 69 * MIN, 60_000, 300)).toBe(T0 + 70 * MIN);
    expect(advance(tl, T0, -60_000, 300)).toBe(T0);
  });

  it("steps 10 s × speed by time, and to the neighbouring points by point", () => {
    const tl = buildTimeline(two);
    expect(stepByTime(tl, T0, 1, 1)).toBe(T0 + 10_000);
    expect(stepByTime(tl, T0, 1, 30)).toBe(T0 + 5 * MIN);
    expect(stepByTime(tl, T0 + 5 * MIN, -1, 30)).toBe(T0);
    expect(stepByPoint(two, tl, T0 + 2 * MIN, 1)).toBe(T0 + 5 * MIN);
    expect(stepByPoint(two, tl, T0 + 5 * MIN, 1)).toBe(T0 + 10 * MIN);
    expect(stepByPoint(two, tl, T0 + 10 * MIN, 1)).toBe(T0 + 60 * MIN);
    expect(stepByPoint(two, tl, T0 + 60 * MIN, -1)).toBe(T0 + 10 * MIN);
    expect(stepByPoint(two, tl, T0 + 2 * MIN, -1)).toBe(T0);
    expect(stepByPoint(two, tl, T0, -1)).toBe(T0);
    expect(stepByPoint(two, tl, T0 + 70 * MIN, 1)).toBe(T0 + 70 * MIN);
  });

  it("changes speed within the list", () => {
    expect(SPEEDS).toEqual([1, 2, 5, 10, 30, 60, 120, 300]);
    expect(nextSpeedIndex(0, -1)).toBe(0);
    expect(nextSpeedIndex(0, 1)).toBe(1);
    expect(nextSpeedIndex(SPEEDS.length - 1, 1)).toBe(SPEEDS.length - 1);
  });
});

describe("position", () => {
  it("interpolates lat/lng linearly by time within a trip", () => {
    const p = positionAt(two, T0 + 2.5 * MIN)!;
    expect(p.lat).toBeCloseTo(52.0, 10);
    expect(p.lng).toBeCloseTo(13.05, 10);
    expect(p.floor).toBe(0);
    expect(p.index).toBe(1); // exactly half-way rounds to the later point
    expect(p.segment).toBe(0);
    const q = positionAt(two, T0 + 7.5 * MIN)!;
    expect(q.lat).toBeCloseTo(52.05, 10);
    expect(q.lng).toBeCloseTo(13.1, 10);
  });

  it("stays at the last point of a trip during the stop, and at the ends", () => {
    expect(positionAt(two, T0 + 30 * MIN)).toMatchObject({ lat: 52.1, lng: 13.1, index: 2, segment: 0 });
    expect(positionAt(two, T0 - MIN)).toMatchObject({ lat: 52.0, lng: 13.0, index: 0 });
    expect(positionAt(two, T0 + 99 * MIN)).toMatchObject({ lat: 52.3, lng: 13.2, index: 4, segment: 1 });
    expect(positionAt(two, T0 + 60 * MIN)).toMatchObject({ lat: 52.2, lng: 13.2, index: 3, segment: 1 });
  });

  it("turns the heading along the shorter arc", () => {
    expect(lerpAngle(350, 10, 0.5)).toBeCloseTo(0, 10);
    expect(lerpAngle(10, 350, 0.25)).toBeCloseTo(5, 10);
    expect(lerpAngle(100, 260, 0.5)).toBeCloseTo(180, 10);
    expect(lerpAngle(260, 100, 0.5)).toBeCloseTo(180, 10);
    expect(lerpAngle(0, 90, 1)).toBeCloseTo(90, 10);
    // Between the points headed 90° and 0°: 45° half-way.
    expect(positionAt(two, T0 + 7.5 * MIN)!.heading).toBeCloseTo(45, 6);
  });

  it("uses the leg's bearing when a heading is unknown", () => {
    expect(bearing(0, 0, 1, 0)).toBeCloseTo(0, 6);
    expect(bearing(0, 0, 0, 1)).toBeCloseTo(90, 6);
    expect(bearing(0, 0, -1, 0)).toBeCloseTo(180, 6);
    // Trip 2 has no headings and goes due north.
    expect(positionAt(two, T0 + 65 * MIN)!.heading).toBeCloseTo(0, 6);
    // At its last point (no next leg) the previous leg's bearing.
    expect(positionAt(two, T0 + 70 * MIN)!.heading).toBeCloseTo(0, 6);
  });

  it("skips points without a valid position", () => {
    const t = track([[0, 52, 13], [1, NaN, NaN], [2, 52, 13.2]]);
    const p = positionAt(t, T0 + 1.5 * MIN)!;
    expect(p.lat).toBe(52);
    expect(p.lng).toBe(13); // holds the last valid point instead of drawing through garbage
  });
});

describe("scrubber bands", () => {
  it("puts one band per trip on a [0, 1] scale and merges close ones", () => {
    const bands = segmentBands(two, T0, T0 + 70 * MIN);
    expect(bands).toHaveLength(2);
    expect(bands[0]!.from).toBe(0);
    expect(bands[0]!.to).toBeCloseTo(10 / 70, 10);
    expect(bands[1]!.from).toBeCloseTo(60 / 70, 10);
    expect(bands[1]!.to).toBe(1);
    expect(segmentBands(two, T0, T0 + 70 * MIN, 0.9)).toEqual([{ from: 0, to: 1 }]);
  });
});

describe("a 1,000,000-point track", () => {
  it("builds its timeline and answers positions quickly", () => {
    const n = 1_000_000, s = 200;
    const time = new Float64Array(n), lat = new Float64Array(n), lng = new Float64Array(n), heading = new Float32Array(n).fill(NaN);
    const starts = new Uint32Array(s + 1);
    for (let k = 0; k <= s; k++) starts[k] = Math.round((k * n) / s);
    for (let i = 0, seg = 0; i < n; i++) {
      while (i >= (starts[seg + 1] as number)) seg++;
      time[i] = T0 + i * 1000 + seg * 3_600_000;
      lat[i] = 50 + i * 1e-6;
      lng[i] = 10 + i * 1e-6;
    }
    const big: ReplayTrack = { n, s, time, lat, lng, heading, segmentStart: starts };
    const t0 = performance.now();
    const tl = buildTimeline(big);
    const built = performance.now() - t0;
    expect(tl.skipFrom.length).toBe(s - 1);
    const t1 = performance.now();
    let sum = 0;
    for (let k = 0; k < 10_000; k++) sum += positionAt(big, tl.start + ((tl.end - tl.start) * k) / 10_000)!.lat;
    const per = (performance.now() - t1) / 10_000;
    expect(sum).toBeGreaterThan(0);
    expect(built).toBeLessThan(500);
    expect(per).toBeLessThan(0.05);
  });
});
