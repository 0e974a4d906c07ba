// The chart's data: every point of small tracks, a gap between trips, speed in the user's unit,
// min/max decimation that keeps peaks of both series for big tracks, and a 1,000,000-point track
// reduced to a few thousand samples quickly.
import { describe, expect, it } from "vitest";
import { buildChartData, sampleAt, type ChartTrack } from "../../src/replay/chartData";

function track(times: number[][], speeds: number[][], alts?: number[][]): ChartTrack {
  const starts: number[] = [];
  const time: number[] = [], speed: number[] = [], altitude: number[] = [];
  times.forEach((seg, k) => {
    starts.push(time.length);
    seg.forEach((t, j) => {
      time.push(t);
      speed.push(speeds[k]![j]!);
      altitude.push(alts ? alts[k]![j]! : NaN);
    });
  });
  starts.push(time.length);
  return { n: time.length, s: times.length, time: Float64Array.from(time), speed: Float32Array.from(speed), altitude: Float32Array.from(altitude), segmentStart: Uint32Array.from(starts) };
}

describe("chart data", () => {
  it("keeps every point of a small track, with a gap sample between trips", () => {
    const d = buildChartData(track([[0, 10, 20], [100, 110]], [[0, 50, NaN], [20, 30]], [[5, 6, 7], [8, NaN]]), "kmh");
    expect(d.x).toEqual([0, 10, 20, 60, 100, 110]);
    expect(d.speed).toEqual([0, 50, null, null, 20, 30]);
    expect(d.altitude).toEqual([5, 6, 7, null, 8, null]);
    expect(Array.from(d.index)).toEqual([0, 1, 2, -1, 3, 4]);
    expect(d.boundaries).toEqual([100]);
    expect(d.hasAltitude).toBe(true);
    expect(d.hasSpeed).toBe(true);
  });

  it("converts speed to the user's unit", () => {
    const d = buildChartData(track([[0]], [[160.9344]]), "mph");
    expect(d.speed[0]).toBeCloseTo(100, 3);
    expect(d.hasAltitude).toBe(false);
  });

  it("decimates by min/max per bucket so single-point peaks survive", () => {
    const n = 100_000;
    const t = Array.from({ length: n }, (_, i) => i * 1000);
    const v = Array.from({ length: n }, (_, i) => 40 + 5 * Math.sin(i / 50));
    const a = Array.from({ length: n }, () => 100);
    v[31_337] = 187; // one spike
    a[77_777] = -20; // one dip
    const d = buildChartData(track([t], [v], [a]), "kmh", 2000);
    expect(d.x.length).toBeLessThanOrEqual(2000);
    expect(d.x.length).toBeGreaterThan(400);
    expect(Math.max(...d.speed.map((s) => s ?? 0))).toBeCloseTo(187, 3);
    expect(Math.min(...d.altitude.map((s) => s ?? 1e9))).toBe(-20);
    // Samples stay in time order and point at their own track points.
    for (let k = 1; k < d.x.length; k++) expect(d.x[k]!).toBeGreaterThanOrEqual(d.x[k - 1]!);
    for (let k = 0; k < d.x.length; k++) expect(d.x[k]).toBe(t[d.index[k]!]);
  });

  it("reduces 1,000,000 points to a few thousand samples quickly", () => {
    const n = 1_000_000;
    const times: number[][] = [[], []];
    const speeds: number[][] = [[], []];
    for (let i = 0; i < n; i++) {
      const seg = i < n / 2 ? 0 : 1;
      times[seg]!.push(i * 1000 + seg * 3_600_000);
      speeds[seg]!.push((i * 7) % 120);
    }
    const tr = track(times, speeds);
    const t0 = performance.now();
    const d = buildChartData(tr, "kmh");
    const ms = performance.now() - t0;
    expect(d.x.length).toBeLessThanOrEqual(4001);
    expect(d.boundaries).toHaveLength(1);
    expect(d.index.filter((i) => i === -1).length).toBe(1);
    expect(ms).toBeLessThan(1000);
  });

  it("finds the sample nearest to a time", () => {
    const d = buildChartData(track([[0, 10, 20]], [[1, 2, 3]]), "kmh");
    expect(sampleAt(d, -5)).toBe(0);
    expect(sampleAt(d, 4)).toBe(0);
    expect(sampleAt(d, 6)).toBe(1);
    expect(sampleAt(d, 99)).toBe(2);
  });
});
