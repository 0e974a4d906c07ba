// The speed colour scale: buckets per unit, unknown speeds, legend labels.
import { describe, expect, it } from "vitest";
import { bucketColor, legendEntries, SPEED_COLORS, speedBucket, speedScale, UNKNOWN_BUCKET, UNKNOWN_SPEED_COLOR } from "../../src/lib/speedScale";

describe("speed scale", () => {
  const kmh = speedScale("kmh");
  const mph = speedScale("mph");

  it("buckets km/h speeds by the metric thresholds", () => {
    expect(speedBucket(0, kmh)).toBe(0);
    expect(speedBucket(9.9, kmh)).toBe(0);
    expect(speedBucket(10, kmh)).toBe(1);
    expect(speedBucket(55, kmh)).toBe(3);
    expect(speedBucket(109, kmh)).toBe(5);
    expect(speedBucket(250, kmh)).toBe(6);
  });

  it("converts to the display unit before bucketing", () => {
    // 50 km/h = 31 mph → the 30–45 mph bucket (index 3); 40 km/h = 24.9 mph → 20–30 (index 2).
    expect(speedBucket(50, mph)).toBe(3);
    expect(speedBucket(40, mph)).toBe(2);
  });

  it("marks unknown speeds", () => {
    expect(speedBucket(NaN, kmh)).toBe(UNKNOWN_BUCKET);
    expect(speedBucket(-1, kmh)).toBe(UNKNOWN_BUCKET);
    expect(bucketColor(UNKNOWN_BUCKET)).toBe(UNKNOWN_SPEED_COLOR);
  });

  it("labels the legend in the user's unit", () => {
    const labels = legendEntries(mph).map((e) => e.label);
    expect(labels[0]).toBe("0–5");
    expect(labels.at(-1)).toBe("70+");
    expect(legendEntries(kmh).map((e) => e.color)).toEqual([...SPEED_COLORS]);
  });
});
