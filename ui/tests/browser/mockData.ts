// Realistic mock data for the browser tests: groups, objects with IMEIs and phones, states around
// Berlin, trips of a day (regular, single report, cluster) and the points of those trips.
import type { Group, ObjectRow, ObjectState, TripRow, UserSummary } from "../../src/api/types";
import type { PackInput } from "../../src/api/packed";

export interface Failure {
  kind: string;
  message: string;
  code?: number;
  once?: boolean;
}

export interface MockConfig {
  objects: number;
  restore?: "none" | "user";
  secondFactor?: boolean;
  latency?: number;
  loadDelay?: number;
  trackPoints?: number;
  language?: "en" | "ru";
  measurementSystem?: string;
  fail?: Record<string, Failure>;
}

export const DEMO_USER: UserSummary = {
  server: "http://127.0.0.1:40123/v2",
  login: "demo",
  title: "Demo fleet",
  timeZone: "Europe/Berlin",
  measurementSystem: "metric",
  locale: "en",
  demo: true,
  remembered: false,
  keyringNote: null,
  insecure: false,
};

const GROUPS: Group[] = [
  { id: 0, title: "Main group", color: null },
  { id: 11, title: "Delivery vans", color: "2f6fdb" },
  { id: 12, title: "Trucks", color: "e2760f" },
  { id: 13, title: "Service cars", color: "23a455" },
];
const MODELS = ["Teltonika FMB920", "Queclink GV300", "Concox GT06N", "Ruptela FM-Eco4"];
const NAMES = ["Van", "Truck", "Car", "Trailer", "Bus"];
const STATUSES: ObjectState["status"][] = ["moving", "moving", "stopped", "parked", "parked", "offline"];

function rnd(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function buildFleet(count: number): { objects: ObjectRow[]; groups: Group[]; states: ObjectState[] } {
  const r = rnd(7);
  const objects: ObjectRow[] = [];
  const states: ObjectState[] = [];
  const now = Date.now();
  for (let i = 1; i <= count; i++) {
    const group = GROUPS[i % GROUPS.length] as Group;
    const name = NAMES[i % NAMES.length] as string;
    objects.push({
      id: 1000 + i,
      label: `${name} ${String(i).padStart(3, "0")}`,
      groupId: group.id,
      deviceId: `35${String(1_000_000_000_000 + i * 7919).slice(0, 13)}`,
      phone: `+49 151 ${String(2_000_000 + i * 37).padStart(7, "0")}`,
      model: MODELS[i % MODELS.length] as string,
      blocked: i % 97 === 0,
    });
    const status = STATUSES[i % STATUSES.length] as ObjectState["status"];
    states.push({
      id: 1000 + i,
      status,
      lat: 52.52 + (r() - 0.5) * 0.25,
      lng: 13.4 + (r() - 0.5) * 0.45,
      heading: Math.round(r() * 359),
      speed: status === "moving" ? Math.round(20 + r() * 60) : 0,
      lastUpdate: new Date(now - (status === "offline" ? 3 * 86400_000 : Math.round(r() * 50) * 60_000)).toISOString(),
    });
  }
  return { objects, groups: GROUPS, states };
}

/** RFC 3339 in Europe/Berlin-like fixed +01:00 for the mock (the app parses any offset). */
function iso(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+00:00");
}

const ADDR = ["Alexanderplatz 1, Berlin", "Potsdamer Platz 5, Berlin", "Tempelhofer Damm 120, Berlin", "Kurfürstendamm 21, Berlin", "Frankfurter Allee 71, Berlin"];

export function buildTrips(objectId: number, fromIso: string): TripRow[] {
  const day = Date.parse(fromIso);
  const at = (h: number, m: number) => day + (h * 60 + m) * 60_000;
  const trip = (i: number, sh: number, sm: number, eh: number, em: number, km: number): TripRow => ({
    key: `t${objectId}-${i}`,
    id: objectId * 100 + i,
    kind: "regular",
    start: iso(at(sh, sm)),
    end: iso(at(eh, em)),
    startAddress: ADDR[i % ADDR.length] as string,
    endAddress: ADDR[(i + 1) % ADDR.length] as string,
    lengthKm: km,
    maxSpeed: 60 + i * 9,
    avgSpeed: 28 + i * 3,
    points: 120 + i * 40,
    lat: null,
    lng: null,
  });
  return [
    trip(1, 7, 5, 7, 48, 18.4),
    trip(2, 9, 12, 9, 39, 7.9),
    { key: `s${objectId}-1`, id: null, kind: "singleReport", start: iso(at(11, 0)), end: null, startAddress: ADDR[2] as string, endAddress: ADDR[2] as string, lengthKm: null, maxSpeed: null, avgSpeed: null, points: 1, lat: 52.48, lng: 13.38 },
    trip(3, 12, 30, 13, 52, 41.2),
    { key: `c${objectId}-1`, id: null, kind: "cluster", start: iso(at(14, 10)), end: iso(at(14, 40)), startAddress: ADDR[4] as string, endAddress: ADDR[4] as string, lengthKm: 0.2, maxSpeed: 4, avgSpeed: 1, points: 9, lat: 52.51, lng: 13.45 },
    trip(4, 16, 0, 17, 5, 22.6),
  ];
}

/** Points for the chosen trips (or all regular ones): a wandering drive with varying speed. */
export function buildTrack(trips: TripRow[], tripIds: number[] | null, _from: number, perTrip = 400): PackInput {
  const chosen = trips.filter((t) => t.kind === "regular" && (tripIds === null || (t.id !== null && tripIds.includes(t.id))));
  const time: number[] = [], lat: number[] = [], lng: number[] = [], speed: number[] = [], heading: number[] = [], flags: number[] = [];
  const segmentStart: number[] = [], segmentId: number[] = [];
  const r = rnd(42);
  let la = 52.50, lo = 13.35, dir = 0.6;
  for (const t of chosen) {
    segmentStart.push(time.length);
    segmentId.push(t.id ?? NaN);
    const s = Date.parse(t.start), e = Date.parse(t.end ?? t.start);
    for (let i = 0; i < perTrip; i++) {
      const phase = i / perTrip;
      // City driving with traffic lights, one faster stretch in the middle of each trip.
      const base = phase > 0.4 && phase < 0.6 ? 95 : 38;
      const v = i < 5 || i > perTrip - 6 ? 3 : Math.max(0, base + 28 * Math.sin(phase * Math.PI * 14) + (r() - 0.5) * 12);
      dir += (r() - 0.5) * 0.35;
      const step = (((t.lengthKm ?? 10) / perTrip) * (v + 5)) / 50 / 111;
      la += Math.cos(dir) * step * 0.6;
      lo += Math.sin(dir) * step;
      time.push(s + ((e - s) * i) / perTrip);
      lat.push(la);
      lng.push(lo);
      speed.push(i % 97 === 50 ? NaN : v);
      heading.push(((dir * 180) / Math.PI + 360) % 360);
      flags.push(i > perTrip - 4 ? 1 : 0);
    }
  }
  return { time, lat, lng, speed, heading, flags, segmentStart, segmentId };
}
