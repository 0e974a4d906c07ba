// The speed colour scale of track lines: thresholds in the user's unit, one colour per bucket,
// grey for unknown speed. Used by the track layer (bucketing) and the legend. The numbers come
// from the repository's shared data/speed-scale.json, which the Rust track code reads too.
import scale from "../../../data/speed-scale.json";
import { speedFromKmh, type SpeedUnit } from "./units";

export const SPEED_COLORS: readonly string[] = scale.colors;
export const UNKNOWN_SPEED_COLOR: string = scale.unknown;
/** Index used for points without a speed. */
export const UNKNOWN_BUCKET = SPEED_COLORS.length;

/** Lower bounds of the buckets in the display unit; the first is always 0. */
const THRESHOLDS: Record<SpeedUnit, readonly number[]> = scale.thresholds;

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
