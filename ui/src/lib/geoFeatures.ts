// GeoJSON for the map's overlay layers: geofences (circle as a geodesic ring, polygon, corridor
// as a line whose width is its radius in metres at every zoom), places, events by category, and
// stops/parkings. Pure functions, unit-tested; the layers only call setData with them.
import type { EventRow, PlaceRow, StopRow, ZoneShape } from "../api";

type Position = [number, number];
interface Feature<G> {
  type: "Feature";
  id?: number;
  properties: Record<string, string | number | boolean | null>;
  geometry: G;
}
interface Collection<G> {
  type: "FeatureCollection";
  features: Feature<G>[];
}
type Geometry =
  | { type: "Point"; coordinates: Position }
  | { type: "LineString"; coordinates: Position[] }
  | { type: "Polygon"; coordinates: Position[][] };

const EARTH_RADIUS_M = 6_371_008.8;
/** Metres per pixel at zoom 0 on the equator for 512-px tiles (MapLibre's world size). */
const EQUATOR_M_PER_PX_Z0 = (2 * Math.PI * 6_378_137) / 512;
export const DEFAULT_ZONE_COLOR = "#2563eb";

/** A ring of `steps` points at `radiusM` metres around a centre (great-circle destinations). */
export function circleRing(lat: number, lng: number, radiusM: number, steps = 64): Position[] {
  const φ1 = (lat * Math.PI) / 180;
  const λ1 = (lng * Math.PI) / 180;
  const δ = radiusM / EARTH_RADIUS_M;
  const ring: Position[] = [];
  for (let i = 0; i <= steps; i++) {
    const θ = (2 * Math.PI * (i % steps)) / steps;
    const φ2 = Math.asin(Math.sin(φ1) * Math.cos(δ) + Math.cos(φ1) * Math.sin(δ) * Math.cos(θ));
    const λ2 = λ1 + Math.atan2(Math.sin(θ) * Math.sin(δ) * Math.cos(φ1), Math.cos(δ) - Math.sin(φ1) * Math.sin(φ2));
    ring.push([(((λ2 * 180) / Math.PI + 540) % 360) - 180, (φ2 * 180) / Math.PI]);
  }
  return ring;
}

/** Line width in pixels at zoom 0 that covers `metres` at latitude `lat` (doubling per zoom). */
export function metresToPixelsZ0(metres: number, lat: number): number {
  return metres / (EQUATOR_M_PER_PX_Z0 * Math.cos((lat * Math.PI) / 180));
}

/** Fill/outline features (circles and polygons) and corridor lines of the geofences. */
export function zoneFeatures(zones: ZoneShape[]): { areas: Collection<Geometry>; corridors: Collection<Geometry>; labels: Collection<Geometry> } {
  const areas: Feature<Geometry>[] = [];
  const corridors: Feature<Geometry>[] = [];
  const labels: Feature<Geometry>[] = [];
  for (const z of zones) {
    const color = z.color ?? DEFAULT_ZONE_COLOR;
    const props = { id: z.id, label: z.label, kind: z.kind, color };
    if (z.kind === "circle" && z.center && z.radius) {
      areas.push({ type: "Feature", id: z.id, properties: props, geometry: { type: "Polygon", coordinates: [circleRing(z.center.lat, z.center.lng, z.radius)] } });
      labels.push({ type: "Feature", properties: props, geometry: { type: "Point", coordinates: [z.center.lng, z.center.lat] } });
    } else if (z.kind === "polygon" && z.points.length >= 3) {
      const ring: Position[] = z.points.map((p) => [p.lng, p.lat]);
      const first = ring[0] as Position;
      const last = ring[ring.length - 1] as Position;
      if (first[0] !== last[0] || first[1] !== last[1]) ring.push([first[0], first[1]]);
      areas.push({ type: "Feature", id: z.id, properties: props, geometry: { type: "Polygon", coordinates: [ring] } });
      labels.push({ type: "Feature", properties: props, geometry: { type: "Point", coordinates: centroid(ring) } });
    } else if (z.kind === "sausage" && z.points.length >= 2 && z.radius) {
      const line: Position[] = z.points.map((p) => [p.lng, p.lat]);
      const midLat = z.points.reduce((s, p) => s + p.lat, 0) / z.points.length;
      // The corridor is `radius` metres on each side: the line is twice that wide.
      const widthZ0 = metresToPixelsZ0(2 * z.radius, midLat);
      corridors.push({ type: "Feature", id: z.id, properties: { ...props, widthZ0 }, geometry: { type: "LineString", coordinates: line } });
      labels.push({ type: "Feature", properties: props, geometry: { type: "Point", coordinates: line[Math.floor(line.length / 2)] as Position } });
    }
  }
  return { areas: fc(areas), corridors: fc(corridors), labels: fc(labels) };
}

/** The vertex average of a ring (without its closing point): good enough to anchor a label. */
function centroid(ring: Position[]): Position {
  const n = ring.length - 1;
  let x = 0;
  let y = 0;
  for (let i = 0; i < n; i++) {
    x += (ring[i] as Position)[0];
    y += (ring[i] as Position)[1];
  }
  return [x / n, y / n];
}

export function placeFeatures(places: PlaceRow[]): Collection<Geometry> {
  return fc(
    places.map((p) => ({
      type: "Feature" as const,
      id: p.id,
      properties: { id: p.id, label: p.label, address: p.address, description: p.description ?? "", radius: p.radius ?? 0 },
      geometry: { type: "Point" as const, coordinates: [p.lng, p.lat] as Position },
    })),
  );
}

/** Event categories, each with its own icon. */
export type EventCategory = "speed" | "zone" | "ignition" | "trip" | "parking" | "alarm" | "power" | "signal" | "other";

const CATEGORY: Record<string, EventCategory> = {
  speedup: "speed",
  speeding: "speed",
  inzone: "zone",
  outzone: "zone",
  ignition: "ignition",
  ignition_on: "ignition",
  ignition_off: "ignition",
  engine_on: "ignition",
  engine_off: "ignition",
  idle_start: "ignition",
  idle_end: "ignition",
  track_start: "trip",
  track_end: "trip",
  parking: "parking",
  sos: "alarm",
  alarm: "alarm",
  alarmcontrol: "alarm",
  crash_alarm: "alarm",
  harsh_driving: "alarm",
  lowpower: "power",
  poweroff: "power",
  poweron: "power",
  battery_off: "power",
  offline: "signal",
  online: "signal",
  gps_lost: "signal",
  gps_recover: "signal",
  gsm_lost: "signal",
  gsm_recover: "signal",
};

export function eventCategory(event: string): EventCategory {
  return CATEGORY[event] ?? "other";
}

/** Events that have a position, as points carrying their index in `events`. */
export function eventFeatures(events: EventRow[]): Collection<Geometry> {
  const out: Feature<Geometry>[] = [];
  events.forEach((e, i) => {
    if (e.lat === null || e.lng === null) return;
    out.push({
      type: "Feature",
      id: i,
      properties: { index: i, category: eventCategory(e.event), message: e.message, time: e.time },
      geometry: { type: "Point", coordinates: [e.lng, e.lat] },
    });
  });
  return fc(out);
}

export function stopFeatures(stops: StopRow[]): Collection<Geometry> {
  return fc(
    stops.map((s, i) => ({
      type: "Feature" as const,
      id: i,
      properties: { index: i, kind: s.kind, durationS: s.durationS },
      geometry: { type: "Point" as const, coordinates: [s.lng, s.lat] as Position },
    })),
  );
}

function fc<G>(features: Feature<G>[]): Collection<G> {
  return { type: "FeatureCollection", features };
}
