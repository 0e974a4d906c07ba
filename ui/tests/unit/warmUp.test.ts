// The GPU track's warm-up (src/map/gpu/warmUp.ts): its made-up track is a loaded track's shape
// (the packed layout, two trips, every speed colour) and the warm-up runs the real projection and
// thinning over it.
import { describe, expect, it } from "vitest";
import { segmentRange } from "../../src/api/packed";
import { speedBucket, speedScale, UNKNOWN_BUCKET } from "../../src/lib/speedScale";
import { warmTrack, warmUp, WARM_POINTS } from "../../src/map/gpu/warmUp";

describe("GPU track warm-up", () => {
  it("makes a packed track of two trips over every speed colour", () => {
    const t = warmTrack(1000);
    expect(t.n).toBe(1000);
    expect(t.s).toBe(2);
    expect(segmentRange(t, 0)).toEqual([0, 500]);
    expect(segmentRange(t, 1)).toEqual([500, 1000]);
    expect([...t.segmentId]).toEqual([1, 2]);
    const scale = speedScale("kmh");
    const buckets = new Set<number>();
    for (let i = 0; i < t.n; i++) buckets.add(speedBucket(t.speed[i] as number, scale));
    // Every colour of the scale but "unknown" (speeds are all known).
    expect(buckets.size).toBe(UNKNOWN_BUCKET);
    for (let i = 1; i < t.n; i++) expect(t.time[i] as number).toBeGreaterThan(t.time[i - 1] as number);
  });

  it("thins the made-up track as a shown track's first level", () => {
    const kept = warmUp(speedScale("kmh"));
    expect(kept).toBeGreaterThan(10);
    expect(kept).toBeLessThan(WARM_POINTS);
  });
});
