// Replay time math, pure and DOM-free: the track's timeline with the stops skipped during playback
// ("play time"), the interpolated position and heading at a track time (binary search), the clock
// advance with a speed factor, steps by time or by point, speeds, and the scrubber's trip bands.
import { segmentRange, type PackedTrack } from "../api/packed";

/** The columns replay needs (a PackedTrack, or a plain object in tests). */
export type ReplayTrack = Pick<PackedTrack, "n" | "s" | "time" | "lat" | "lng" | "heading" | "segmentStart">;

/** Playback speed factors (track seconds per wall second). */
export const SPEEDS = [1, 2, 5, 10, 30, 60, 120, 300] as const;
export const DEFAULT_SPEED_INDEX = SPEEDS.indexOf(60);
/** A pause this long between two points of one trip (not moving) is skipped like a parking. */
export const STOP_GAP_MS = 5 * 60_000;
/** ←/→ move by this much wall time at the current speed (10 s × the factor of track time). */
export const STEP_WALL_MS = 10_000;

export interface Timeline {
  /** Track time of the first and last point (ms); both NaN for an empty track. */
  start: number;
  end: number;
  /** Intervals skipped when stops are skipped: [skipFrom[k], skipTo[k]) in track time, sorted. */
  skipFrom: Float64Array;
  skipTo: Float64Array;
  /** Play time at which skip k happens (its skipFrom with the earlier skips removed). */
  skipAt: Float64Array;
  /** Total duration of skips 0..k. */
  skipCum: Float64Array;
  /** Play time of the whole track with stops skipped. */
  playLength: number;
}

/** Below this average speed (km/h) a long interval between two points is a stop. */
const STOP_KMH = 2;

/** Whether the object stayed put between points i and j (or their positions are unknown). */
function slowLeg(track: ReplayTrack, i: number, j: number, ms: number): boolean {
  const lat1 = track.lat[i] as number, lng1 = track.lng[i] as number, lat2 = track.lat[j] as number, lng2 = track.lng[j] as number;
  if (!validPoint(lat1, lng1) || !validPoint(lat2, lng2)) return true;
  const k = Math.cos(((lat1 + lat2) * Math.PI) / 360);
  const km = 111.2 * Math.hypot(lat2 - lat1, (lng2 - lng1) * k);
  return km / (ms / 3_600_000) < STOP_KMH;
}

/** The timeline of a track: its span and the stops (between trips, long pauses in place within one). */
export function buildTimeline(track: ReplayTrack, stopGapMs = STOP_GAP_MS): Timeline {
  const from: number[] = [];
  const to: number[] = [];
  let start = NaN;
  let end = NaN;
  let prevEnd = NaN;
  for (let seg = 0; seg < track.s; seg++) {
    const [a, b] = segmentRange(track, seg);
    if (b <= a) continue;
    const first = track.time[a] as number;
    if (Number.isNaN(start)) start = first;
    if (!Number.isNaN(prevEnd) && first > prevEnd) {
      from.push(prevEnd);
      to.push(first);
    }
    for (let i = a + 1; i < b; i++) {
      const t0 = track.time[i - 1] as number, t1 = track.time[i] as number;
      if (t1 - t0 >= stopGapMs && slowLeg(track, i - 1, i, t1 - t0)) {
        from.push(t0);
        to.push(t1);
      }
    }
    const last = track.time[b - 1] as number;
    prevEnd = Number.isNaN(prevEnd) ? last : Math.max(prevEnd, last);
    end = prevEnd;
  }
  const k = from.length;
  const skipFrom = Float64Array.from(from);
  const skipTo = Float64Array.from(to);
  const skipAt = new Float64Array(k);
  const skipCum = new Float64Array(k);
  let cum = 0;
  for (let j = 0; j < k; j++) {
    skipAt[j] = (skipFrom[j] as number) - start - cum;
    cum += (skipTo[j] as number) - (skipFrom[j] as number);
    skipCum[j] = cum;
  }
  const playLength = Number.isNaN(start) ? 0 : end - start - cum;
  return { start, end, skipFrom, skipTo, skipAt, skipCum, playLength };
}

/** Number of entries of the ascending array `a` that are <= v. */
export function upperBound(a: ArrayLike<number>, v: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of entries of the ascending array `a` that are < v. */
export function lowerBound(a: ArrayLike<number>, v: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function clampTime(tl: Timeline, t: number): number {
  if (Number.isNaN(tl.start)) return t;
  return Math.min(tl.end, Math.max(tl.start, t));
}

/** Track time → play time (ms from the start; with `skip`, the stops before t removed). */
export function toPlay(tl: Timeline, t: number, skip = true): number {
  if (Number.isNaN(tl.start)) return 0;
  const c = clampTime(tl, t);
  if (!skip) return c - tl.start;
  const k = upperBound(tl.skipFrom, c);
  if (k > 0 && c < (tl.skipTo[k - 1] as number)) return tl.skipAt[k - 1] as number;
  return c - tl.start - (k > 0 ? (tl.skipCum[k - 1] as number) : 0);
}

/** Play time → track time; at a skip's play time the result is the end of the stop (moving on). */
export function fromPlay(tl: Timeline, p: number, skip = true): number {
  if (Number.isNaN(tl.start)) return 0;
  if (!skip) return clampTime(tl, tl.start + p);
  const c = Math.min(tl.playLength, Math.max(0, p));
  const k = upperBound(tl.skipAt, c);
  return clampTime(tl, tl.start + c + (k > 0 ? (tl.skipCum[k - 1] as number) : 0));
}

/** The track time after `wallMs` of wall time (negative: backwards) at `speed`. */
export function advance(tl: Timeline, t: number, wallMs: number, speed: number, skip = true): number {
  return fromPlay(tl, toPlay(tl, t, skip) + wallMs * speed, skip);
}

/** ←/→: STEP_WALL_MS of wall time at the current speed, in play time (never into a stop). */
export function stepByTime(tl: Timeline, t: number, dir: 1 | -1, speed: number, skip = true): number {
  return advance(tl, t, dir * STEP_WALL_MS, speed, skip);
}

/** Shift+←/→: the time of the next point after t, or of the last point before it. */
export function stepByPoint(track: ReplayTrack, tl: Timeline, t: number, dir: 1 | -1): number {
  if (track.n === 0) return t;
  if (dir > 0) {
    const j = upperBound(track.time, t);
    return j < track.n ? (track.time[j] as number) : tl.end;
  }
  const j = lowerBound(track.time, t) - 1;
  return j >= 0 ? (track.time[j] as number) : tl.start;
}

export function nextSpeedIndex(i: number, dir: 1 | -1): number {
  return Math.min(SPEEDS.length - 1, Math.max(0, i + dir));
}

/** The segment holding point i (binary search over segment starts). */
export function segmentOf(track: ReplayTrack, i: number): number {
  return Math.max(0, Math.min(track.s - 1, upperBound(track.segmentStart, i, 0, track.s) - 1));
}

export const validPoint = (lat: number, lng: number): boolean =>
  Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180 && !(lat === 0 && lng === 0);

/** Initial bearing from point 1 to point 2, degrees clockwise from north in [0, 360). */
export function bearing(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const r = Math.PI / 180;
  const y = Math.sin((lng2 - lng1) * r) * Math.cos(lat2 * r);
  const x = Math.cos(lat1 * r) * Math.sin(lat2 * r) - Math.sin(lat1 * r) * Math.cos(lat2 * r) * Math.cos((lng2 - lng1) * r);
  return ((Math.atan2(y, x) / r) % 360 + 360) % 360;
}

/** Angle between a and b at fraction f along the shorter arc, in [0, 360). */
export function lerpAngle(a: number, b: number, f: number): number {
  const d = ((((b - a) % 360) + 540) % 360) - 180;
  return (((a + d * f) % 360) + 360) % 360;
}

export interface ReplayPosition {
  lat: number;
  lng: number;
  /** Degrees clockwise from north; NaN when nothing tells. */
  heading: number;
  /** The point at or before t (the leg's start). */
  floor: number;
  /** The point nearest to t in time within the leg. */
  index: number;
  segment: number;
}

/** Last valid point at or before i (within `min`), else the first valid one after it; -1 if none. */
function validNear(track: ReplayTrack, i: number, min: number, max: number): number {
  for (let k = i; k >= min; k--) if (validPoint(track.lat[k] as number, track.lng[k] as number)) return k;
  for (let k = i + 1; k < max; k++) if (validPoint(track.lat[k] as number, track.lng[k] as number)) return k;
  return -1;
}

/**
 * Where the object was at track time t: linear interpolation of lat/lng by time between the two
 * points of a segment around t; the heading interpolated along the shorter arc, or the bearing of
 * the leg when a heading is unknown. Before the start, after the end and during a stop between
 * segments it stays at the nearest preceding point. Null for a track without valid points.
 */
export function positionAt(track: ReplayTrack, t: number): ReplayPosition | null {
  if (track.n === 0 || track.s === 0) return null;
  let i = upperBound(track.time, t) - 1;
  if (i < 0) i = 0;
  const segment = segmentOf(track, i);
  const [a, b] = segmentRange(track, segment);
  const vi = validNear(track, i, a, b);
  if (vi < 0) {
    const any = validNear(track, i, 0, track.n);
    if (any < 0) return null;
    return { lat: track.lat[any] as number, lng: track.lng[any] as number, heading: track.heading[any] as number, floor: any, index: any, segment: segmentOf(track, any) };
  }
  const j = vi + 1;
  const ti = track.time[vi] as number;
  const lat1 = track.lat[vi] as number, lng1 = track.lng[vi] as number, h1 = track.heading[vi] as number;
  if (vi === i && j < b && t > ti && validPoint(track.lat[j] as number, track.lng[j] as number)) {
    const tj = track.time[j] as number;
    if (tj > ti) {
      const f = Math.min(1, (t - ti) / (tj - ti));
      const lat2 = track.lat[j] as number, lng2 = track.lng[j] as number, h2 = track.heading[j] as number;
      const moved = lat1 !== lat2 || lng1 !== lng2;
      let heading: number;
      if (Number.isFinite(h1) && Number.isFinite(h2)) heading = lerpAngle(h1, h2, f);
      else if (moved) heading = bearing(lat1, lng1, lat2, lng2);
      else heading = Number.isFinite(h1) ? h1 : h2;
      return { lat: lat1 + (lat2 - lat1) * f, lng: lng1 + (lng2 - lng1) * f, heading, floor: vi, index: f < 0.5 ? vi : j, segment };
    }
  }
  let heading = h1;
  if (!Number.isFinite(heading) && vi > a && validPoint(track.lat[vi - 1] as number, track.lng[vi - 1] as number)) {
    const lat0 = track.lat[vi - 1] as number, lng0 = track.lng[vi - 1] as number;
    if (lat0 !== lat1 || lng0 !== lng1) heading = bearing(lat0, lng0, lat1, lng1);
  }
  return { lat: lat1, lng: lng1, heading, floor: vi, index: vi, segment };
}

export interface Band {
  /** Fractions of the scrubber's width [0, 1]. */
  from: number;
  to: number;
}

/**
 * The trips as bands along a scrubber spanning [start, end]: one per segment, neighbours closer than
 * `minGap` (a fraction of the width) merged so a week of trips stays a handful of elements.
 */
export function segmentBands(track: ReplayTrack, start: number, end: number, minGap = 0.004): Band[] {
  const span = end - start;
  const bands: Band[] = [];
  if (!(span > 0)) return track.n > 0 ? [{ from: 0, to: 1 }] : [];
  for (let seg = 0; seg < track.s; seg++) {
    const [a, b] = segmentRange(track, seg);
    if (b <= a) continue;
    const from = ((track.time[a] as number) - start) / span;
    const to = ((track.time[b - 1] as number) - start) / span;
    const last = bands[bands.length - 1];
    if (last && from - last.to < minGap) last.to = Math.max(last.to, to);
    else bands.push({ from, to });
  }
  return bands;
}
