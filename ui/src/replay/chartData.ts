// The speed/altitude chart's data, pure: uPlot's aligned columns (time ms, speed in the user's unit,
// altitude m) decimated to a few thousand samples by min/max per time bucket so peaks survive, with
// a gap (nulls) between trips, the track point behind each sample, and the trip start times.
import { segmentRange, type PackedTrack } from "../api/packed";
import { speedFromKmh, type SpeedUnit } from "../lib/units";

export type ChartTrack = Pick<PackedTrack, "n" | "s" | "time" | "speed" | "altitude" | "segmentStart">;

export interface ChartData {
  x: number[];
  speed: (number | null)[];
  altitude: (number | null)[];
  /** Track point index behind each sample; -1 for the gap between two trips. */
  index: Int32Array;
  /** Start time of every trip after the first (faint vertical lines). */
  boundaries: number[];
  hasAltitude: boolean;
  hasSpeed: boolean;
}

/** Default sample budget: a few thousand keeps uPlot's redraws well under a frame. */
export const MAX_SAMPLES = 4000;

const num = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * Builds the chart columns. Tracks with at most `maxSamples` points keep every point; larger ones
 * are cut into maxSamples/4 time buckets per trip and each bucket keeps the points holding its
 * minimum and maximum speed and altitude (at most 4, in time order).
 */
export function buildChartData(track: ChartTrack, unit: SpeedUnit, maxSamples = MAX_SAMPLES): ChartData {
  const x: number[] = [];
  const speed: (number | null)[] = [];
  const altitude: (number | null)[] = [];
  const index: number[] = [];
  const boundaries: number[] = [];
  let hasAltitude = false;
  let hasSpeed = false;
  const push = (i: number): void => {
    const s = track.speed[i] as number, a = track.altitude[i] as number;
    x.push(track.time[i] as number);
    speed.push(Number.isFinite(s) ? speedFromKmh(s, unit) : null);
    altitude.push(num(a));
    index.push(i);
    if (Number.isFinite(a)) hasAltitude = true;
    if (Number.isFinite(s)) hasSpeed = true;
  };

  const every = track.n <= maxSamples;
  const first = track.n > 0 ? (track.time[0] as number) : 0;
  const span = track.n > 0 ? Math.max(1, (track.time[track.n - 1] as number) - first) : 1;
  const buckets = Math.max(1, Math.floor(maxSamples / 4));
  let prevEnd = NaN;

  for (let seg = 0; seg < track.s; seg++) {
    const [a, b] = segmentRange(track, seg);
    if (b <= a) continue;
    const segStart = track.time[a] as number;
    if (!Number.isNaN(prevEnd)) {
      // A gap sample between trips: uPlot breaks the line at nulls.
      x.push((prevEnd + segStart) / 2);
      speed.push(null);
      altitude.push(null);
      index.push(-1);
      boundaries.push(segStart);
    }
    prevEnd = track.time[b - 1] as number;
    if (every) {
      for (let i = a; i < b; i++) push(i);
      continue;
    }
    let bucket = -1;
    let sMin = -1, sMax = -1, aMin = -1, aMax = -1;
    const flush = (): void => {
      const chosen = [sMin, sMax, aMin, aMax].filter((p, k, all) => p >= 0 && all.indexOf(p) === k).sort((p, q) => p - q);
      for (const p of chosen) push(p);
    };
    for (let i = a; i < b; i++) {
      const bk = Math.floor((((track.time[i] as number) - first) / span) * buckets);
      if (bk !== bucket) {
        if (bucket >= 0) flush();
        bucket = bk;
        // A bucket with no known value keeps its first point, so time still advances there.
        sMin = i;
        sMax = aMin = aMax = -1;
      }
      const s = track.speed[i] as number, al = track.altitude[i] as number;
      if (Number.isFinite(s)) {
        const cur = track.speed[sMin] as number;
        if (!Number.isFinite(cur) || s < cur) sMin = i;
        if (sMax < 0 || s > (track.speed[sMax] as number)) sMax = i;
      }
      if (Number.isFinite(al)) {
        if (aMin < 0 || al < (track.altitude[aMin] as number)) aMin = i;
        if (aMax < 0 || al > (track.altitude[aMax] as number)) aMax = i;
      }
    }
    flush();
  }
  return { x, speed, altitude, index: Int32Array.from(index), boundaries, hasAltitude, hasSpeed };
}

/** The sample nearest to time t (binary search); -1 when there are none. */
export function sampleAt(data: ChartData, t: number): number {
  const xs = data.x;
  if (xs.length === 0) return -1;
  let lo = 0, hi = xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs((xs[lo - 1] as number) - t) <= Math.abs((xs[lo] as number) - t)) return lo - 1;
  return lo;
}
