// Track geometry: one feature per speed bucket (never per point), continuity between buckets,
// markers, thinning, and a 1,000,000-point build in chunks.
import { describe, expect, it } from "vitest";
import { decodePacked, encodePacked } from "../../src/api/packed";
import { buildTrackGeometry, containsBox, toleranceForZoom } from "../../src/lib/trackGeo";
import { speedScale, UNKNOWN_BUCKET } from "../../src/lib/speedScale";

const scale = speedScale("kmh");

function line(n: number, speeds: (i: number) => number, flags: (i: number) => number = () => 0, segs: number[] = [0]) {
  const lat = Array.from({ length: n }, (_, i) => 52 + i * 0.001);
  const lng = Array.from({ length: n }, (_, i) => 13 + i * 0.001);
  return decodePacked(encodePacked({
    time: lat.map((_, i) => i * 1000), lat, lng,
    speed: lat.map((_, i) => speeds(i)), flags: lat.map((_, i) => flags(i)),
    segmentStart: segs, segmentId: segs.map((_, i) => 100 + i),
  }));
}

describe("buildTrackGeometry", () => {
  it("groups runs by speed bucket and keeps the line continuous", async () => {
    const t = line(10, (i) => (i < 5 ? 5 : 60));
    const g = await buildTrackGeometry(t, scale, { toleranceFraction: 0 });
    expect(g).not.toBeNull();
    const byBucket = new Map(g!.lines.features.map((f) => [f.properties.bucket, f.geometry.coordinates]));
    expect([...byBucket.keys()].sort()).toEqual([0, 3]);
    const slow = byBucket.get(0)![0]!;
    const fast = byBucket.get(3)![0]!;
    expect(slow.at(-1)).toEqual(fast[0]); // the slow run ends where the fast one starts
    expect(slow.length + fast.length).toBe(11);
  });

  it("puts unknown speeds in their own bucket", async () => {
    const g = await buildTrackGeometry(line(4, () => NaN), scale);
    expect(g!.lines.features.map((f) => f.properties.bucket)).toEqual([UNKNOWN_BUCKET]);
  });

  it("adds start, end and one marker per parking run", async () => {
    const t = line(10, () => 30, (i) => (i === 3 || i === 4 || i === 8 ? 1 : 0));
    const g = await buildTrackGeometry(t, scale);
    const kinds = g!.markers.features.map((f) => f.properties.kind);
    expect(kinds.filter((k) => k === "parking")).toHaveLength(2);
    expect(kinds).toContain("start");
    expect(kinds).toContain("end");
    expect(g!.bounds).toEqual([13, 52, 13 + 9 * 0.001, 52 + 9 * 0.001]);
  });

  it("does not join separate segments", async () => {
    const g = await buildTrackGeometry(line(10, () => 30, () => 0, [0, 5]), scale, { toleranceFraction: 0 });
    expect(g!.lines.features[0]!.geometry.coordinates).toHaveLength(2);
  });

  it("skips invalid coordinates", async () => {
    const t = decodePacked(encodePacked({ time: [0, 1, 2], lat: [52, NaN, 52.1], lng: [13, 13.05, 13.1], speed: [20, 20, 20], segmentStart: [0], segmentId: [1] }));
    const g = await buildTrackGeometry(t, scale, { toleranceFraction: 0 });
    expect(g!.vertices).toBe(2);
  });

  it("builds 1,000,000 points into a handful of features, yielding between chunks", async () => {
    const n = 1_000_000;
    const lat = new Float64Array(n), lng = new Float64Array(n), speed = new Float32Array(n), time = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      lat[i] = 52 + Math.sin(i / 5000) * 0.5;
      lng[i] = 13 + i * 0.000001;
      speed[i] = 50 + 50 * Math.sin(i / 777);
      time[i] = i * 1000;
    }
    const t = decodePacked(encodePacked({ time, lat, lng, speed, segmentStart: [0, 500_000], segmentId: [1, 2] }));
    let yields = 0;
    const t0 = performance.now();
    const g = await buildTrackGeometry(t, scale, { yieldFn: async () => (yields++, true) });
    const ms = performance.now() - t0;
    expect(g!.lines.features.length).toBeLessThanOrEqual(8);
    expect(yields).toBeGreaterThanOrEqual(9);
    expect(g!.vertices).toBeLessThan(n);
    expect(ms).toBeLessThan(8000);
  });

  it("abandons a build when told to", async () => {
    const g = await buildTrackGeometry(line(1000, () => 30), scale, { chunk: 100, yieldFn: async () => false });
    expect(g).toBeNull();
  });

  it("keeps only the lines inside a viewed area, continuous at its edges", async () => {
    const t = line(100, () => 30);
    // Points 40..59 are inside; the run starts at the last point outside and ends at the first one out.
    const box: [number, number, number, number] = [13.0395, 52.0395, 13.0595, 52.0595];
    const g = await buildTrackGeometry(t, scale, { tolerance: 0, bbox: box });
    const runs = g!.lines.features.flatMap((f) => f.geometry.coordinates);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toHaveLength(22);
    expect(runs[0]![0]![0]).toBeCloseTo(13.039);
    expect(runs[0]!.at(-1)![0]).toBeCloseTo(13.06);
  });

  it("thins to a pixel tolerance per zoom", async () => {
    expect(toleranceForZoom(0, 1)).toBeCloseTo(360 / 512);
    expect(toleranceForZoom(10)).toBeCloseTo(toleranceForZoom(11) * 2);
    const t = line(1000, (i) => 30 + (i % 2) * 15); // speed flickers across a bucket edge
    const coarse = await buildTrackGeometry(t, scale, { tolerance: 0.01 });
    expect(coarse!.vertices).toBeLessThan(150);
    expect(containsBox([0, 0, 10, 10], [1, 1, 2, 2])).toBe(true);
    expect(containsBox([0, 0, 10, 10], [1, 1, 12, 2])).toBe(false);
  });
});
