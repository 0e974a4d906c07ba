// The speed colour scale of track lines: thresholds in the user's unit, one colour per bucket,
// grey for unknown speed. Used by the track layer (bucketing) and the legend.
import { speedFromKmh, type SpeedUnit } from "./units";

export const SPEED_COLORS = ["#2f6fdb", "#1697a6", "#23a455", "#8bbf26", "#e2b40f", "#ee7a1a", "#d93030"] as const;
export const UNKNOWN_SPEED_COLOR = "#8a94a3";
/** Index used for points without a speed. */
export const UNKNOWN_BUCKET = SPEED_COLORS.length;

/** Lower bounds of the buckets in the display unit; the first is always 0. */
const THRESHOLDS: Record<SpeedUnit, readonly number[]> = {
  kmh: [0, 10, 30, 50, 70, 90, 110],
  mph: [0, 5, 20, 30, 45, 55, 70],
  kn: [0, 3, 8, 15, 25, 35, 45],
};

export interface SpeedScale {
  unit: SpeedUnit;
  thresholds: readonly number[];
  colors: readonly string[];
}

export function speedScale(unit: SpeedUnit): SpeedScale {
  return { unit, thresholds: THRESHOLDS[unit], colors: SPEED_COLORS };
}

/** Bucket index for a speed in km/h (NaN or negative → UNKNOWN_BUCKET). */
export function speedBucket(kmh: number, scale: SpeedScale): number {
  if (!(kmh >= 0)) return UNKNOWN_BUCKET;
  const v = speedFromKmh(kmh, scale.unit);
  const th = scale.thresholds;
  for (let i = th.length - 1; i > 0; i--) if (v >= (th[i] ?? Infinity)) return i;
  return 0;
}

export function bucketColor(bucket: number): string {
  return SPEED_COLORS[bucket] ?? UNKNOWN_SPEED_COLOR;
}

/** Legend entries: "0–10", "10–30", …, "110+" in the display unit. */
export function legendEntries(scale: SpeedScale): { label: string; color: string }[] {
  return scale.thresholds.map((lo, i) => {
    const hi = scale.thresholds[i + 1];
    return { label: hi === undefined ? `${lo}+` : `${lo}–${hi}`, color: bucketColor(i) };
  });
}
