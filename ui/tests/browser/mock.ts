// IPC mock for the browser tests, bundled to one script and injected with page.addInitScript
// before the app loads: answers the commands of docs/ipc.md (one handler per command in `handlers`)
// with realistic data (including a packed track built with the same layout), records calls in
// window.__ipcCalls, and is steered per test through window.__MOCK__ (set by an earlier init script).
// File dialogs are Rust's: tests answer them through window.__mockDialog ({open: paths | null,
// save: path | null}, each used once), and the mock keeps the chosen paths behind handles as Rust
// does; window.__mockDrop(paths) registers dropped files and returns their handles.
import { mockConvertFileSrc, mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import { decodePacked, encodePacked } from "../../src/api/packed";
import { buildEvents, buildFleet, buildSummary, buildTrack, buildTrips, DEMO_USER, GEO, MockTiles, pointDetails, type MockConfig } from "./mockData";
import type { PackInput } from "../../src/api/packed";
import type { TileSourceRequest, UserSummary } from "../../src/api/types";
import { installNotificationShim, liveHandlers } from "./mockLive";

interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

interface PickedFile {
  handle: string;
  name: string;
}

interface MockWindow {
  __MOCK__?: MockConfig;
  __mapAtPrepare?: boolean;
  __mockDialog: { open?: string[] | null; save?: string | null };
  __mockDrop: (paths: string[]) => PickedFile[];
  /** Points and segments of the track the app side holds for `slot` (null: none). */
  __mockShown: (slot: string) => { n: number; s: number } | null;
  __ipcCalls: Call[];
  __TRACKMATE_TEST__: boolean;
  __mockSet: (patch: Partial<MockConfig>) => void;
  /** Windows the last load_track sent; the held last window's release (`holdLastWindow`). */
  __mockWindowsSent: number;
  __mockWindows: PackInput[];
  __mockReleaseLastWindow?: () => void;
}

/** Points `[a, b)` of `t` as a track of one segment with no trip id (a window of it). */
function sliceTrack(t: PackInput, a: number, b: number): PackInput {
  const cut = (c: ArrayLike<number> | undefined) => (c ? Array.prototype.slice.call(c, a, b) as number[] : undefined);
  return {
    time: cut(t.time) ?? [], lat: cut(t.lat) ?? [], lng: cut(t.lng) ?? [],
    speed: cut(t.speed), altitude: cut(t.altitude), heading: cut(t.heading), satellites: cut(t.satellites), flags: cut(t.flags),
    segmentStart: [0], segmentId: [NaN],
  };
}

const w = window as unknown as MockWindow;
w.__TRACKMATE_TEST__ = true;
w.__ipcCalls = [];
const config: MockConfig = { objects: 60, ...(w.__MOCK__ ?? {}) };

/** The signed-in user as the config has the server describe them (units, language, clock…). */
function serverUser(u: UserSummary): UserSummary {
  const system = config.measurementSystem ?? u.measurementSystem;
  const units = system === "imperial" || system === "us" ? "imperial" : system === "nautical" ? "nautical" : config.measurementSystem ? "metric" : null;
  return { ...u, ...(config.zone ?? {}), measurementSystem: system, habits: { ...u.habits, units, ...(config.serverHabits ?? {}) } };
}
w.__mockSet = (patch) => Object.assign(config, patch);

const fleet = buildFleet(config.objects);
const tiles = new MockTiles(config);
let signedIn = false;
let loadCancelled: (() => void) | null = null;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The chosen files by handle, with what each may be used for ("open" or "export:<format>"). */
const picked = new Map<string, { path: string; purpose: string }>();
let handleSeq = 0;
function pick(path: string, purpose: string): PickedFile {
  const handle = `file-mock${++handleSeq}`;
  picked.set(handle, { path, purpose });
  return { handle, name: path.split("/").pop() ?? path };
}
/** The path behind `handle` if it was chosen for `purpose`; otherwise Rust's typed refusal. */
function chosen(handle: unknown, purpose: string): string {
  const p = picked.get(String(handle));
  if (!p || p.purpose !== purpose) throw { kind: "not_picked", message: "Only a file chosen in Trackmate's file dialog (or dropped on the window) can be used. Choose it again." };
  return p.path;
}
w.__mockDialog = {};
w.__mockDrop = (paths) => paths.map((p) => pick(p, "open"));
/** The dialog's answer for `key` (once); a missing answer is a cancel. */
function answer<K extends "open" | "save">(key: K): MockWindow["__mockDialog"][K] | null {
  const { [key]: a, ...rest } = w.__mockDialog;
  w.__mockDialog = rest;
  return a ?? null;
}

/** A per-command failure configured by the test (`once` clears it after one use). */
function takeFailure(cmd: string): unknown {
  const f = config.fail?.[cmd];
  if (!f) return null;
  if (f.once && config.fail) config.fail = Object.fromEntries(Object.entries(config.fail).filter(([k]) => k !== cmd));
  return { kind: f.kind, message: f.message, ...(f.code !== undefined ? { code: f.code } : {}), ...(f.retryAfter !== undefined ? { retryAfter: f.retryAfter } : {}) };
}

/** Points of the track last loaded into each slot (point_details answers for those). */
const shown: Record<string, number> = {};
/** The track in each slot, its name and where it came from (track_summary answers for those). */
const slots: Record<string, { track: PackInput; name: string; source: "server" | "file" } | undefined> = {};
w.__mockShown = (slot) => {
  const t = slots[slot]?.track;
  return t ? { n: t.time.length, s: t.segmentId.length } : null;
};
/** The period start of each object's last trip list. */
const listedFrom = new Map<number, string>();

/** One handler per command of docs/ipc.md; add a command by adding an entry. */
type Handler = (args: Record<string, unknown>) => unknown;

/** Company CA certificates "kept" per server (pick_ca_certificate answers as if a file was chosen). */
const caKept = new Map<string, { fileName: string; certificates: number }>();

const handlers: Record<string, Handler> = {
  ca_certificate: (args) => caKept.get(String(args.server)) ?? null,
  pick_ca_certificate: (args) => {
    const info = { fileName: "company-ca.pem", certificates: 2 };
    caKept.set(String(args.server), info);
    return info;
  },
  forget_ca_certificate: (args) => {
    caKept.delete(String(args.server));
    return null;
  },
  get_settings: () => ({ language: config.language ?? null, tileUrl: null, units: null, habits: config.habitChoices ?? {}, theme: config.theme ?? null }),
  set_settings: () => null,
  set_menu_language: () => null,
  prepare_map: () => {
    // Whether the map already existed when compositing was turned on (it must not).
    w.__mapAtPrepare = document.querySelector(".maplibregl-map") !== null;
    return null;
  },
  restore_session: () => (config.restore === "user" ? serverUser({ ...DEMO_USER, remembered: true }) : null),
  start_demo: () => {
    signedIn = true;
    // `demoIsServer`: answer as a user of a real server (demo: false), for tests of online maps.
    return serverUser({ ...DEMO_USER, demo: !config.demoIsServer });
  },
  sign_in: (args) => {
    if (config.secondFactor) return { type: "secondFactor", factorType: "sms" };
    if (args.password !== "secret") throw { kind: "api", code: 102, message: "Wrong user name or password" };
    signedIn = true;
    return { type: "signedIn", user: serverUser({ ...DEMO_USER, demo: false, server: String(args.server), login: String(args.login) }) };
  },
  verify_code: (args) => {
    if (args.code !== "123456") throw { kind: "api", code: 7, message: "Invalid parameters" };
    signedIn = true;
    return serverUser({ ...DEMO_USER, demo: false });
  },
  sign_in_with_key: (args) => {
    signedIn = true;
    return serverUser({ ...DEMO_USER, demo: false, server: String(args.server) });
  },
  sign_out: () => {
    signedIn = false;
    return null;
  },
  list_objects: () => ({ objects: fleet.objects, groups: fleet.groups }),
  object_states: (args) => {
    const ids = new Set(args.ids as number[]);
    return { userTime: new Date().toISOString(), states: fleet.states.filter((s) => ids.has(s.id)) };
  },
  list_trips: (args) => {
    listedFrom.set(Number(args.objectId), String(args.from));
    return { limitExceeded: false, trips: buildTrips(Number(args.objectId), String(args.from)) };
  },
  load_track: async (call) => {
    const channel = call.onProgress as { onmessage: (p: unknown) => void } | undefined;
    const onWindow = call.onWindow as { onmessage: (w: ArrayBuffer) => void } | undefined;
    const args = call.request as Record<string, unknown>;
    const from = Date.parse(String(args.from));
    const tripIds = (args.tripIds as number[] | null) ?? null;
    // The trips listed for the period (their points are at the times the list shows).
    const trips = buildTrips(Number(args.objectId), listedFrom.get(Number(args.objectId)) ?? String(args.from));
    const track = buildTrack(trips, tripIds, from, config.trackPoints, config.tripGap);
    const n = track.time.length;
    const windows = 4;
    let cancelled = false;
    loadCancelled = () => (cancelled = true);
    let sent = 0;
    w.__mockWindowsSent = 0;
    w.__mockWindows = [];
    for (let i = 1; i <= windows; i++) {
      // A test can hold the last window back (to see the first ones drawn before it comes).
      if (i === windows && config.holdLastWindow) await new Promise<void>((r) => (w.__mockReleaseLastWindow = r));
      await sleep(config.loadDelay ?? 40);
      if (cancelled) throw { kind: "cancelled", message: "Loading was cancelled" };
      // Like Rust: each window with points, packed as a track of one segment with no trip id.
      const [a, b] = [Math.round((n * (i - 1)) / windows), Math.round((n * i) / windows)];
      if (b > a) {
        const part = sliceTrack(track, a, b);
        w.__mockWindows.push(part);
        onWindow?.onmessage(encodePacked(part));
        w.__mockWindowsSent = ++sent;
      }
      channel?.onmessage({ done: i, total: windows, points: b });
    }
    loadCancelled = null;
    shown[String(args.slot ?? "main")] = n;
    slots[String(args.slot ?? "main")] = { track, name: String(args.name ?? ""), source: "server" };
    const ids = Array.from(track.segmentId, (v) => (Number.isFinite(v) ? v : null));
    return { points: n, windows: sent, segmentStarts: Array.from(track.segmentStart), segmentIds: ids };
  },
  cancel_load: () => {
    loadCancelled?.();
    return null;
  },
  track_summary: (args) => {
    const s = slots[String(args.slot)];
    if (!s) throw { kind: "invalid_input", message: "No track is shown. Load a trip or open a file first." };
    return { ...(buildSummary(s.track, String(args.slot), s.name, s.source) as object), leftOut: s.source === "server" ? (config.leftOut ?? []) : [] };
  },
  list_events: () =>
    config.notOffered?.includes("events")
      ? { events: [], truncated: false, notOffered: true }
      : buildEvents(slots.main?.track ?? { time: [], lat: [], lng: [], segmentStart: [], segmentId: [] }),
  list_geo: () => {
    const missing = (config.notOffered ?? []).filter((l): l is "zones" | "places" => l === "zones" || l === "places");
    return {
      zones: missing.includes("zones") ? [] : GEO.zones,
      places: missing.includes("places") ? [] : GEO.places,
      notOffered: missing,
    };
  },
  pick_track_files: () => (answer("open") ?? []).map((p) => pick(p, "open")),
  pick_export_target: (args) => {
    const path = answer("save");
    if (!path) return null;
    const format = String(args.format);
    // As Rust does: the format's extension is added when the name has none.
    return pick(/\.[^/.]+$/.test(path) ? path : `${path}.${format}`, `export:${format}`);
  },
  export_track: (args) => {
    const path = chosen(args.handle, `export:${String(args.format)}`);
    const s = slots[String(args.slot)];
    if (!s) throw { kind: "invalid_input", message: "No track is shown." };
    // The page sends the track's points, packed, as the body: they must be the slot's.
    const sent = args.body instanceof Uint8Array ? decodePacked(args.body) : null;
    if (!sent || sent.n !== s.track.time.length || sent.time[0] !== s.track.time[0] || sent.time[sent.n - 1] !== s.track.time[sent.n - 1]) {
      throw { kind: "invalid_input", message: "The track on the map is not the one the app read. Nothing was written." };
    }
    return { path, bytes: 1000 + s.track.time.length * 120, points: s.track.time.length };
  },
  open_track_file: (args) => {
    const path = chosen(args.handle, "open");
    if (!/\.(gpx|kml|geojson|json|csv)$/i.test(path)) throw { kind: "import", message: `${path}: not a track file this app reads` };
    // A file: the trips of object 1 on the first listed day, three of them.
    const trips = buildTrips(1, listedFrom.values().next().value ?? new Date().toISOString()).filter((t) => t.kind === "regular").slice(0, 3);
    const track = buildTrack(trips, null, 0, 200);
    const slot = String(args.slot);
    shown[slot] = track.time.length;
    slots[slot] = { track: { ...track, segmentId: Array.from(track.segmentId, () => NaN) }, name: path.split("/").pop() ?? path, source: "file" };
    return encodePacked(slots[slot]?.track ?? track);
  },
  close_track: (args) => {
    const slot = String(args.slot);
    slots[slot] = undefined;
    shown[slot] = 0;
    return null;
  },
  get_tile_source: () => tiles.current,
  set_tile_source: (args) => tiles.set(args.source as TileSourceRequest),
  tile_status: () => tiles.status(),
  ...liveHandlers(fleet.states, { liveAuto: config.liveAuto, feed: config.feed, notifyPermission: config.notifyPermission }),
  point_details: (args) => {
    const index = Number(args.index);
    const n = shown[String(args.slot)] ?? 0;
    if (!(index >= 0 && index < n)) throw { kind: "invalid_input", message: `The shown track has no point ${index}.` };
    return pointDetails(index);
  },
};

mockWindows("main");
// Tiles then come from http://tiles.localhost/… (Tauri's form on Windows), which tests can route.
mockConvertFileSrc("windows");
mockIPC(async (cmd: string, raw: unknown) => {
  const args = (raw ?? {}) as Record<string, unknown>;
  const recorded: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) recorded[k] = k === "onProgress" || k === "onUpdate" ? "<channel>" : v instanceof Uint8Array ? `<${v.byteLength} bytes>` : v;
  w.__ipcCalls.push({ cmd, args: recorded });
  await sleep(config.commandLatency?.[cmd] ?? config.latency ?? 20);
  const failure = takeFailure(cmd);
  if (failure) throw failure;
  const handler = handlers[cmd];
  if (!handler) throw `command ${cmd} not found`;
  return handler(args);
  // Events (menu clicks, dropped files) go through the mock's own listen/emit; tests emit them
  // with window.__TAURI_INTERNALS__.invoke("plugin:event|emit", {event, payload}).
}, { shouldMockEvents: true });
// A command whose arguments go as headers and whose body is raw bytes (`export_track`): the mock
// hands its handler the headers as arguments and the bytes as `body` (the mock's own invoke
// drops the options).
{
  const internals = (window as unknown as { __TAURI_INTERNALS__: { invoke: (cmd: string, args?: unknown, options?: { headers?: Record<string, string> }) => Promise<unknown> } }).__TAURI_INTERNALS__;
  const inner = internals.invoke;
  internals.invoke = (cmd, args, options) =>
    args instanceof Uint8Array || args instanceof ArrayBuffer ? inner(cmd, { ...options?.headers, body: args }, options) : inner(cmd, args, options);
}

installNotificationShim();

void signedIn;
