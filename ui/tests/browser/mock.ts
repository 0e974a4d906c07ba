// IPC mock for the browser tests, bundled to one script and injected with page.addInitScript
// before the app loads: answers every command of docs/ipc.md with realistic data (including a
// packed track built with the same layout), records calls in window.__ipcCalls, and is steered
// per test through window.__MOCK__ (set by an earlier init script).
import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import { encodePacked } from "../../src/api/packed";
import { buildFleet, buildTrack, buildTrips, DEMO_USER, type MockConfig } from "./mockData";

interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

interface MockWindow {
  __MOCK__?: MockConfig;
  __ipcCalls: Call[];
  __TRACKMATE_TEST__: boolean;
  __mockSet: (patch: Partial<MockConfig>) => void;
}

const w = window as unknown as MockWindow;
w.__TRACKMATE_TEST__ = true;
w.__ipcCalls = [];
const config: MockConfig = { objects: 60, ...(w.__MOCK__ ?? {}) };
w.__mockSet = (patch) => Object.assign(config, patch);

const fleet = buildFleet(config.objects);
let signedIn = false;
let loadCancelled: (() => void) | null = null;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A per-command failure configured by the test (`once` clears it after one use). */
function takeFailure(cmd: string): unknown {
  const f = config.fail?.[cmd];
  if (!f) return null;
  if (f.once && config.fail) config.fail = Object.fromEntries(Object.entries(config.fail).filter(([k]) => k !== cmd));
  return { kind: f.kind, message: f.message, ...(f.code !== undefined ? { code: f.code } : {}) };
}

mockWindows("main");
mockIPC(async (cmd: string, raw: unknown) => {
  const args = (raw ?? {}) as Record<string, unknown>;
  const recorded: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) recorded[k] = k === "onProgress" ? "<channel>" : v;
  w.__ipcCalls.push({ cmd, args: recorded });
  await sleep(config.latency ?? 20);
  const failure = takeFailure(cmd);
  if (failure) throw failure;

  switch (cmd) {
    case "get_settings":
      return { language: config.language ?? null, tileUrl: null, units: null };
    case "set_settings":
      return null;
    case "restore_session":
      return config.restore === "user" ? { ...DEMO_USER, remembered: true } : null;
    case "start_demo":
      signedIn = true;
      return { ...DEMO_USER, measurementSystem: config.measurementSystem ?? DEMO_USER.measurementSystem };
    case "sign_in": {
      if (config.secondFactor) return { type: "secondFactor", factorType: "sms" };
      if (args.password !== "secret") throw { kind: "api", code: 102, message: "Wrong user name or password" };
      signedIn = true;
      return { type: "signedIn", user: { ...DEMO_USER, demo: false, server: String(args.server), login: String(args.login) } };
    }
    case "verify_code":
      if (args.code !== "123456") throw { kind: "api", code: 7, message: "Invalid parameters" };
      signedIn = true;
      return { ...DEMO_USER, demo: false };
    case "sign_in_with_key":
      signedIn = true;
      return { ...DEMO_USER, demo: false, server: String(args.server) };
    case "sign_out":
      signedIn = false;
      return null;
    case "list_objects":
      return { objects: fleet.objects, groups: fleet.groups };
    case "object_states": {
      const ids = new Set(args.ids as number[]);
      return { userTime: new Date().toISOString(), states: fleet.states.filter((s) => ids.has(s.id)) };
    }
    case "list_trips":
      return { limitExceeded: false, trips: buildTrips(Number(args.objectId), String(args.from)) };
    case "load_track": {
      const channel = args.onProgress as { onmessage: (p: unknown) => void } | undefined;
      const from = Date.parse(String(args.from));
      const tripIds = (args.tripIds as number[] | null) ?? null;
      const trips = buildTrips(Number(args.objectId), String(args.from));
      const track = buildTrack(trips, tripIds, from, config.trackPoints);
      const windows = 4;
      let cancelled = false;
      loadCancelled = () => (cancelled = true);
      for (let i = 1; i <= windows; i++) {
        await sleep(config.loadDelay ?? 40);
        if (cancelled) throw { kind: "cancelled", message: "Loading was cancelled" };
        channel?.onmessage({ done: i, total: windows, points: Math.round((track.time.length * i) / windows) });
      }
      loadCancelled = null;
      return encodePacked(track);
    }
    case "cancel_load":
      loadCancelled?.();
      return null;
    default:
      throw `command ${cmd} not found`;
  }
});

void signedIn;
