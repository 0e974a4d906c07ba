// Realistic mock data for the browser tests: groups, objects with IMEIs and phones, states around
// Berlin, trips of a day (regular, single report, cluster), the points of those trips (speed,
// altitude, heading, satellites, flags) and each point's details (address, precision, odometer).
import type { EventRow, Group, Language, ServerHabits, Settings, ObjectRow, ObjectState, TileProblem, TileSourceInfo, TileSourceRequest, TileStatus, TripRow, UserSummary } from "../../src/api/types";
import type { PackInput } from "../../src/api/packed";

export interface Failure {
  kind: string;
  message: string;
  code?: number;
  retryAfter?: number;
  once?: boolean;
}

export interface MockConfig {
  /** start_demo answers as a signed-in user of a real server (online maps through tiles://). */
  demoIsServer?: boolean;
  objects: number;
  restore?: "none" | "user";
  secondFactor?: boolean;
  latency?: number;
  /** Per-command reply delay (ms), e.g. { point_details: 800 }. */
  commandLatency?: Record<string, number>;
  loadDelay?: number;
  /** load_track waits with its last window until the page calls `__mockReleaseLastWindow()`. */
  holdLastWindow?: boolean;
  trackPoints?: number;
  /** Degrees of latitude each trip after the first starts north of where the last one ended
   * (a segment break seen as a gap on the map); 0 by default. */
  tripGap?: number;
  language?: Language;
  /** The theme get_settings answers (the stored choice; null = follow the system). */
  theme?: "light" | "dark" | null;
  measurementSystem?: string;
  fail?: Record<string, Failure>;
  /** What tile_status reports as the latest tile problem. */
  tileProblem?: TileProblem | null;
  /** Layers the mock server does not offer (as a server without the module answers 111/112). */
  notOffered?: ("zones" | "places" | "events")[];
  /** Records the mock server's track replies "left out" (shown as a note on a server track). */
  leftOut?: { item: string; reason: string; count: number }[];
  /** live_watch moves every moving object this often (ms); tests move objects themselves. */
  liveAuto?: number;
  /** The unread events of events_feed at start (tests add more with window.__mockFeed). */
  feed?: EventRow[];
  /** What the notification plugin says of the permission (null: not asked yet). */
  notifyPermission?: boolean | null;
  /** What the server keeps for the demo user (user/settings/read); all unsaid by default. */
  serverHabits?: Partial<ServerHabits>;
  /** The signed-in user's zone and its offset by the app's zone data (Rust's). */
  zone?: { timeZone: string; utcOffsetMinutes: number };
  /** The settings file's habits choices at start. */
  habitChoices?: Settings["habits"];
}

export const DEMO_USER: UserSummary = {
  server: "http://127.0.0.1:40123/v2",
  login: "demo",
  title: "Demo fleet",
  timeZone: "Europe/Berlin",
  measurementSystem: "metric",
  locale: "en",
  utcOffsetMinutes: 60,
  habits: { language: null, units: null, dateFormat: null, hourCycle: null },
  profileKey: "http://127.0.0.1:40123/v2|demo",
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
      fixTime: null,
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
export function buildTrack(trips: TripRow[], tripIds: number[] | null, _from: number, perTrip = 400, tripGap = 0): PackInput {
  const chosen = trips.filter((t) => t.kind === "regular" && (tripIds === null || (t.id !== null && tripIds.includes(t.id))));
  const time: number[] = [], lat: number[] = [], lng: number[] = [], speed: number[] = [], heading: number[] = [], flags: number[] = [];
  const altitude: number[] = [], satellites: number[] = [];
  const segmentStart: number[] = [], segmentId: number[] = [];
  const r = rnd(42);
  let la = 52.50, lo = 13.35, dir = 0.6;
  for (const t of chosen) {
    if (time.length > 0) la += tripGap;
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
      // Gentle hills over the Berlin plain; no altitude on the same points as no speed.
      altitude.push(i % 97 === 50 ? NaN : 38 + 14 * Math.sin(phase * Math.PI * 3 + la * 40) + 4 * Math.sin(i / 9));
      satellites.push(i % 53 === 7 ? 255 : 7 + (i % 6));
      flags.push((i > perTrip - 4 ? 1 : 0) | (i % 61 === 30 ? 2 : 0) | (i % 89 === 44 ? 4 : 0));
    }
  }
  return { time, lat, lng, speed, altitude, heading, satellites, flags, segmentStart, segmentId };
}

/** point_details of point `index`: an address on most points, none on every 10th. */
export function pointDetails(index: number): { address: string | null; precision: number | null; mileage: number | null } {
  return {
    address: index % 10 === 9 ? null : `${ADDR[index % ADDR.length] as string} (point ${index})`,
    precision: index % 7 === 0 ? null : 3 + (index % 5),
    mileage: 48_210 + index * 0.05,
  };
}

/** track_summary of a mock track: the whole, each segment, and a stop in each trip's middle plus
 *  a parking between trips (deterministic, so tests can click them). */
export function buildSummary(p: PackInput, slot: string, name: string, source: "server" | "file"): unknown {
  const n = p.time.length;
  const km = (i: number, j: number) => {
    const R = 6371.0088, rad = Math.PI / 180;
    const a = Number(p.lat[i]) * rad, b = Number(p.lat[j]) * rad;
    const h = Math.sin((b - a) / 2) ** 2 + Math.cos(a) * Math.cos(b) * Math.sin(((Number(p.lng[j]) - Number(p.lng[i])) * rad) / 2) ** 2;
    return 2 * R * Math.asin(Math.sqrt(h));
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const starts = [...Array.from(p.segmentStart), n];
  const stats = (a: number, b: number, id: number | null) => {
    let d = 0, max = 0;
    for (let i = a + 1; i < b; i++) {
      d += km(i - 1, i);
      const v = Number(p.speed?.[i]);
      if (Number.isFinite(v)) max = Math.max(max, v);
    }
    const dur = b > a ? (Number(p.time[b - 1]) - Number(p.time[a])) / 1000 : 0;
    return { id, name: null, start: b > a ? iso(Number(p.time[a])) : null, end: b > a ? iso(Number(p.time[b - 1])) : null, points: b - a, distanceM: d * 1000, durationS: dur, movingS: dur * 0.8, stoppedS: dur * 0.2, maxSpeedKmh: max, avgSpeedKmh: dur > 0 ? (d / dur) * 3600 : 0, avgMovingSpeedKmh: dur > 0 ? (d / dur) * 4500 : 0, stops: 1 };
  };
  const trips = starts.slice(0, -1).map((a, k) => stats(a, starts[k + 1] as number, Number.isNaN(Number(p.segmentId[k])) ? null : Number(p.segmentId[k])));
  const stops: unknown[] = [];
  starts.slice(0, -1).forEach((a, k) => {
    const b = starts[k + 1] as number;
    if (b - a < 10) return;
    const mid = Math.floor((a + b) / 2);
    stops.push({ kind: "stop", start: iso(Number(p.time[mid])), end: iso(Number(p.time[mid]) + 300_000), durationS: 300, lat: p.lat[mid], lng: p.lng[mid], address: `Stop street ${k + 1}`, pointIndex: mid });
    if (k + 1 < starts.length - 1) stops.push({ kind: "parking", start: iso(Number(p.time[b - 1])), end: iso(Number(p.time[b])), durationS: (Number(p.time[b]) - Number(p.time[b - 1])) / 1000, lat: p.lat[b - 1], lng: p.lng[b - 1], address: `Parking lot ${k + 1}`, pointIndex: b - 1 });
  });
  const whole = stats(0, n, null);
  return { slot, name, source, timeless: false, leftOut: [], summary: { ...whole, stops: stops.length }, trips, stops };
}

/** Events along a mock track: four kinds with positions, one without. */
export function buildEvents(p: PackInput): unknown {
  const n = p.time.length;
  const kinds = ["speedup", "inzone", "ignition", "sos", "offline"];
  const events = kinds.map((event, k) => {
    const i = Math.min(n - 1, Math.floor(((k + 1) * n) / (kinds.length + 1)));
    const at = n > 0 ? Number(p.time[i]) : Date.now();
    return { id: 100 + k, objectId: 1000, time: new Date(at).toISOString(), event, message: `Event ${event}`, lat: event === "offline" || n === 0 ? null : p.lat[i], lng: event === "offline" || n === 0 ? null : p.lng[i], address: `Event street ${k}` };
  });
  return { events, truncated: false, notOffered: false };
}

/** Geofences of every shape and two places near the mock tracks (Berlin). */
export const GEO = {
  zones: [
    { id: 1, label: "Depot", kind: "circle", color: "#e11d48", radius: 400, center: { lat: 52.5, lng: 13.35 }, points: [] },
    { id: 2, label: "Yard", kind: "polygon", color: "#2563eb", radius: null, center: null, points: [{ lat: 52.51, lng: 13.36 }, { lat: 52.51, lng: 13.38 }, { lat: 52.52, lng: 13.38 }, { lat: 52.52, lng: 13.36 }] },
    { id: 3, label: "Route A", kind: "sausage", color: "#16a34a", radius: 60, center: null, points: [{ lat: 52.495, lng: 13.33 }, { lat: 52.5, lng: 13.34 }, { lat: 52.505, lng: 13.345 }] },
  ],
  places: [
    { id: 11, label: "Customer 1", lat: 52.503, lng: 13.37, radius: 50, address: "Kundenweg 1", description: "Gate 2" },
    { id: 12, label: "Customer 2", lat: 52.498, lng: 13.39, radius: null, address: "Kundenweg 7", description: null },
  ],
  notOffered: [] as ("zones" | "places")[],
};

/** The map sources of get_tile_source / set_tile_source (ids as Rust makes them: `<id>-<hash>`). */
export const OSM_SOURCE: TileSourceInfo = {
  kind: "osm",
  id: "osm-1b2c3d4e5f607182",
  name: "OpenStreetMap",
  attribution: "© OpenStreetMap contributors",
  minZoom: 0,
  maxZoom: 19,
  tileSize: 256,
  custom: null,
  hasKey: false,
  keyNote: null,
  keyMissing: false,
};

const TOPO_SOURCE: TileSourceInfo = {
  ...OSM_SOURCE,
  kind: "openTopoMap",
  id: "opentopomap-9a8b7c6d5e4f3021",
  name: "OpenTopoMap",
  attribution: "Map data: © OpenStreetMap contributors, SRTM | Map style: © OpenTopoMap (CC-BY-SA)",
  maxZoom: 17,
};

/** The tile-source commands: built-ins, and a custom XYZ template checked like Rust does (a few of its messages). */
export class MockTiles {
  current: TileSourceInfo = OSM_SOURCE;
  /** The custom key as the keyring would hold it (never returned). */
  storedKey: string | null = null;
  private seq = 0;

  constructor(private readonly config: MockConfig) {}

  set(req: TileSourceRequest): TileSourceInfo {
    const custom = this.current.custom;
    if (req.kind === "osm") return (this.current = { ...OSM_SOURCE, custom, hasKey: this.storedKey !== null });
    if (req.kind === "openTopoMap") return (this.current = { ...TOPO_SOURCE, custom, hasKey: this.storedKey !== null });
    const url = req.url?.trim() || null;
    if (!url) {
      if (!custom) throw { kind: "tiles", message: "Enter the URL of a tile server (XYZ or TileJSON)." };
      return (this.current = { ...OSM_SOURCE, kind: "custom", id: `custom-${this.seq}`, name: custom.name, attribution: `Map tiles: ${custom.name}`, custom, hasKey: custom.keyed });
    }
    if (!/^https?:\/\//.test(url)) throw { kind: "tiles", message: `The tile URL uses "${url.split(":")[0]}:"; only http and https are supported` };
    if (!url.includes("{z}")) throw { kind: "tiles", message: "The TileJSON document is not valid: not JSON (line 1, column 1). A tile URL needs {z}, {x} and {y}; a URL without them is read as a TileJSON document." };
    for (const p of ["{x}", "{y}"]) if (!url.includes(p)) throw { kind: "tiles", message: `The tile URL ${url} has no ${p} placeholder: an XYZ tile URL needs {z}, {x} and {y}` };
    const key = req.apiKey ?? (url.includes("{key}") ? this.storedKey : null);
    if (url.includes("{key}") && !key) throw { kind: "tiles", message: `The tile URL ${url} needs an API key ({key}), but none was given` };
    this.storedKey = url.includes("{key}") ? key : null;
    const host = new URL(url.replace(/\{[^}]*\}/g, "0")).host;
    const saved = { url, tileJson: false, name: host, tiles: [url], minZoom: 0, maxZoom: 19, tileSize: 256, tms: false, attribution: "", keyed: this.storedKey !== null };
    this.seq++;
    return (this.current = { ...OSM_SOURCE, kind: "custom", id: `custom-${this.seq}`, name: host, attribution: `Map tiles: ${host}`, custom: saved, hasKey: saved.keyed });
  }

  status(): TileStatus {
    return { sourceId: this.current.id, problem: this.config.tileProblem ?? null, cacheError: null, cachedTiles: 120, cachedBytes: 3 << 20, maxBytes: 512 << 20 };
  }
}
