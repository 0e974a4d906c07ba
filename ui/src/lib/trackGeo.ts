// Builds map geometry from a packed track without freezing the window: one MultiLineString per
// speed bucket (never one Feature per point), points thinned below a sub-pixel tolerance for the
// zoom (and optionally only inside the viewed area), work done in chunks that yield to the event
// loop; plus start/end/parking markers and bounds.
import { FLAG_PARKING, segmentRange, type PackedTrack } from "../api";
import { bucketColor, speedBucket, UNKNOWN_BUCKET, type SpeedScale } from "./speedScale";

export type Position = [number, number];

export interface LineFeature {
  type: "Feature";
  properties: { bucket: number; color: string };
  geometry: { type: "MultiLineString"; coordinates: Position[][] };
}

export interface MarkerFeature {
  type: "Feature";
  properties: { kind: "start" | "end" | "parking"; time: number; index: number };
  geometry: { type: "Point"; coordinates: Position };
}

export interface TrackGeometry {
  lines: { type: "FeatureCollection"; features: LineFeature[] };
  markers: { type: "FeatureCollection"; features: MarkerFeature[] };
  /** [west, south, east, north], or null when there are no valid points. */
  bounds: [number, number, number, number] | null;
  /** Vertices kept after thinning (for tests and benchmarks). */
  vertices: number;
}

export interface BuildOptions {
  /** Points per chunk between yields. */
  chunk?: number;
  /** Thinning tolerance as a fraction of the track's larger bbox side (0 keeps every point). */
  toleranceFraction?: number;
  /** Thinning tolerance in degrees (wins over toleranceFraction); see toleranceForZoom. */
  tolerance?: number;
  /** Only lines inside this [west, south, east, north] area (a zoomed-in view); markers stay whole. */
  bbox?: [number, number, number, number];
  /** Called between chunks; return false to abandon the build (a newer track replaced it). */
  yieldFn?: () => Promise<boolean>;
}

const defaultYield = (): Promise<boolean> => new Promise((resolve) => setTimeout(() => resolve(true), 0));

const valid = (lat: number, lng: number): boolean =>
  Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180 && !(lat === 0 && lng === 0);

export function trackBounds(t: PackedTrack): [number, number, number, number] | null {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (let i = 0; i < t.n; i++) {
    const lat = t.lat[i] as number, lng = t.lng[i] as number;
    if (!valid(lat, lng)) continue;
    if (lng < w) w = lng;
    if (lng > e) e = lng;
    if (lat < s) s = lat;
    if (lat > n) n = lat;
  }
  return w === Infinity ? null : [w, s, e, n];
}

export async function buildTrackGeometry(t: PackedTrack, scale: SpeedScale, opts: BuildOptions = {}): Promise<TrackGeometry | null> {
  const chunk = opts.chunk ?? 100_000;
  const yieldFn = opts.yieldFn ?? defaultYield;
  const bounds = trackBounds(t);
  const span = bounds ? Math.max(bounds[2] - bounds[0], bounds[3] - bounds[1]) : 0;
  const tol = opts.tolerance ?? span * (opts.toleranceFraction ?? 1 / 20000);
  const box = opts.bbox;
  const inside = (lat: number, lng: number): boolean => !box || (lng >= box[0] && lng <= box[2] && lat >= box[1] && lat <= box[3]);

  const perBucket: Position[][][] = Array.from({ length: UNKNOWN_BUCKET + 1 }, () => []);
  const markers: MarkerFeature[] = [];
  let vertices = 0;
  let processed = 0;

  for (let seg = 0; seg < t.s; seg++) {
    const [a, b] = segmentRange(t, seg);
    let run: Position[] | null = null;
    let runBucket = -1;
    let lastLat = NaN, lastLng = NaN;
    let inParking = false;
    let wasInside = true;
    let prevLat = NaN, prevLng = NaN;
    for (let i = a; i < b; i++) {
      if (++processed % chunk === 0 && !(await yieldFn())) return null;
      const lat = t.lat[i] as number, lng = t.lng[i] as number;
      if (!valid(lat, lng)) continue;
      if (box) {
        // Outside the area: close the run at the first point out, resume from the last point out.
        const nowInside = inside(lat, lng);
        if (!nowInside) {
          if (wasInside && run) {
            run.push([lng, lat]);
            vertices++;
            if (run.length > 1) perBucket[runBucket]?.push(run);
            run = null;
          }
          wasInside = false;
          prevLat = lat;
          prevLng = lng;
          continue;
        }
        if (!wasInside && !Number.isNaN(prevLat)) {
          run = [[prevLng, prevLat]];
          runBucket = speedBucket(t.speed[i] as number, scale);
          vertices++;
          lastLat = prevLat;
          lastLng = prevLng;
        }
        wasInside = true;
      }
      const parking = ((t.flags[i] as number) & FLAG_PARKING) !== 0;
      if (parking && !inParking) {
        markers.push({ type: "Feature", properties: { kind: "parking", time: t.time[i] as number, index: i }, geometry: { type: "Point", coordinates: [lng, lat] } });
      }
      inParking = parking;
      // Thinned: below the tolerance from the last kept vertex (speed changes there are not seen).
      if (run !== null && run.length > 0 && i < b - 1 && Math.abs(lat - lastLat) < tol && Math.abs(lng - lastLng) < tol) continue;
      const bucket = speedBucket(t.speed[i] as number, scale);
      const pos: Position = [lng, lat];
      if (run === null) {
        run = [pos];
        runBucket = bucket;
      } else if (bucket !== runBucket) {
        // Close the run at this point so the line stays continuous, then start a new one here.
        run.push(pos);
        vertices++;
        if (run.length > 1) perBucket[runBucket]?.push(run);
        run = [pos];
        runBucket = bucket;
      } else {
        run.push(pos);
      }
      vertices++;
      lastLat = lat;
      lastLng = lng;
    }
    if (run && run.length > 1) perBucket[runBucket]?.push(run);
  }

  markers.push(...endMarkers(t).features);

  const lines: LineFeature[] = [];
  perBucket.forEach((coordinates, bucket) => {
    if (coordinates.length > 0) lines.push({ type: "Feature", properties: { bucket, color: bucketColor(bucket) }, geometry: { type: "MultiLineString", coordinates } });
  });
  return { lines: { type: "FeatureCollection", features: lines }, markers: { type: "FeatureCollection", features: markers }, bounds, vertices };
}

/** The start and end markers alone (two points, read from the columns): the GPU path draws the
 * line without GeoJSON but keeps these icons in a symbol layer. */
export function endMarkers(t: PackedTrack): { type: "FeatureCollection"; features: MarkerFeature[] } {
  const features: MarkerFeature[] = [];
  const first = firstValid(t, 1);
  const last = firstValid(t, -1);
  if (first !== null) features.push(marker("start", t, first));
  if (last !== null && last !== first) features.push(marker("end", t, last));
  return { type: "FeatureCollection", features };
}

function firstValid(t: PackedTrack, dir: 1 | -1): number | null {
  for (let k = 0; k < t.n; k++) {
    const i = dir === 1 ? k : t.n - 1 - k;
    if (valid(t.lat[i] as number, t.lng[i] as number)) return i;
  }
  return null;
}

function marker(kind: "start" | "end", t: PackedTrack, i: number): MarkerFeature {
  return { type: "Feature", properties: { kind, time: t.time[i] as number, index: i }, geometry: { type: "Point", coordinates: [t.lng[i] as number, t.lat[i] as number] } };
}

/** Index of the track point nearest to (lat, lng), or -1; a linear scan (~5 ms per 1M points). */
export function nearestPoint(t: PackedTrack, lat: number, lng: number): number {
  const k = Math.cos((lat * Math.PI) / 180);
  let best = -1, bestD = Infinity;
  for (let i = 0; i < t.n; i++) {
    const dy = (t.lat[i] as number) - lat, dx = ((t.lng[i] as number) - lng) * k;
    const d = dx * dx + dy * dy;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** Degrees of longitude per screen pixel at a zoom (512-px world tiles), times `pixels`. */
export function toleranceForZoom(zoom: number, pixels = 0.6): number {
  return (pixels * 360) / (512 * 2 ** zoom);
}

/** Whether box `inner` lies within `outer` ([west, south, east, north]). */
export function containsBox(outer: readonly number[], inner: readonly number[]): boolean {
  return (inner[0] as number) >= (outer[0] as number) && (inner[1] as number) >= (outer[1] as number) && (inner[2] as number) <= (outer[2] as number) && (inner[3] as number) <= (outer[3] as number);
}
