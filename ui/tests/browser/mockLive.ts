// The live part of the IPC mock: `live_watch` drives its Channel as the Rust side does (status
// `connecting` then `live`, the full states with fix times, then what the test sends), `live_stop`
// ends it, `live_trail` answers the object's day as packed points; the events feed hands out each
// event id as `fresh` once (as Rust remembers them), `mark_events_read` drops ids; and the
// notification plugin is answered behind the same `window.Notification` shim its init script
// installs in the real app. Tests steer it through window.__mockLive and window.__mockFeed.
import { encodePacked } from "../../src/api/packed";
import type { EventRow, LiveMessage, LiveStatus, ObjectState } from "../../src/api/types";

type Handler = (args: Record<string, unknown>) => unknown;

export interface MockLive {
  /** Sends any message on the running watch's channel. */
  send: (m: LiveMessage) => void;
  /** Moves object `id` by (dLng, dLat) with a fix `dtMs` after its last one; sends the change. */
  move: (id: number, dLng: number, dLat: number, dtMs: number) => void;
  /** Moves every object with a position at once: one change batch of all of them. */
  moveAll: (dLng: number, dLat: number, dtMs: number, speed: number) => void;
  status: (s: Partial<LiveStatus> & { mode: LiveStatus["mode"] }) => void;
  /** Whether a watch is running, and how many were started. */
  watching: () => boolean;
  started: () => number;
  state: (id: number) => ObjectState | undefined;
}

export interface MockFeed {
  add: (e: Omit<EventRow, "address"> & { address?: string }) => void;
  unread: () => number;
}

interface LiveWindow {
  __mockLive: MockLive;
  __mockFeed: MockFeed;
}

export function liveHandlers(states: ObjectState[], opts: { liveAuto?: number; feed?: EventRow[]; notifyPermission?: boolean | null }): Record<string, Handler> {
  const w = window as unknown as LiveWindow;
  const byId = new Map(states.map((s) => [s.id, { ...s }]));
  const base = Date.now() - 60_000;
  for (const s of byId.values()) s.fixTime = s.lastUpdate ?? new Date(base).toISOString();
  let channel: { onmessage: (m: LiveMessage) => void } | null = null;
  let finish: (() => void) | null = null;
  let started = 0;
  let auto: ReturnType<typeof setInterval> | null = null;

  const send = (m: LiveMessage) => channel?.onmessage(m);
  const move = (id: number, dLng: number, dLat: number, dtMs: number) => {
    const s = byId.get(id);
    if (!s || s.lat === null || s.lng === null) return;
    const fix = Date.parse(s.fixTime ?? new Date().toISOString()) + dtMs;
    const next: ObjectState = { ...s, status: "moving", lat: s.lat + dLat, lng: s.lng + dLng, fixTime: new Date(fix).toISOString(), lastUpdate: new Date().toISOString(), heading: null };
    byId.set(id, next);
    send({ type: "states", full: false, states: [next], userTime: new Date().toISOString() });
  };
  const moveAll = (dLng: number, dLat: number, dtMs: number, speed: number) => {
    const batch: ObjectState[] = [];
    for (const s of byId.values()) {
      if (s.lat === null || s.lng === null) continue;
      const fix = Date.parse(s.fixTime ?? new Date().toISOString()) + dtMs;
      const next: ObjectState = { ...s, status: "moving", lat: s.lat + dLat, lng: s.lng + dLng, speed, fixTime: new Date(fix).toISOString(), lastUpdate: new Date().toISOString() };
      byId.set(s.id, next);
      batch.push(next);
    }
    send({ type: "states", full: false, states: batch, userTime: new Date().toISOString() });
  };
  w.__mockLive = {
    send,
    move,
    moveAll,
    status: (s) => send({ type: "status", detail: null, retryInMs: null, pollMs: null, ...s }),
    watching: () => channel !== null,
    started: () => started,
    state: (id) => byId.get(id),
  };

  const feed: EventRow[] = [...(opts.feed ?? [])];
  const handedOut = new Set<number>();
  w.__mockFeed = {
    add: (e) => feed.unshift({ address: "", ...e }),
    unread: () => feed.length,
  };

  return {
    live_watch: (args) => {
      finish?.();
      started++;
      channel = args.onUpdate as { onmessage: (m: LiveMessage) => void };
      const mine = channel;
      return new Promise<null>((resolve) => {
        finish = () => {
          if (auto) clearInterval(auto);
          auto = null;
          if (channel === mine) channel = null;
          finish = null;
          resolve(null);
        };
        setTimeout(() => {
          if (channel !== mine) return;
          w.__mockLive.status({ mode: "live" });
          send({ type: "states", full: true, states: [...byId.values()], userTime: new Date().toISOString() });
          // `liveAuto`: every moving object drives on (for a look at the real thing).
          if (opts.liveAuto)
            auto = setInterval(() => {
              for (const s of byId.values()) if (s.status === "moving") move(s.id, 0.0006 * Math.sin(s.id), 0.0006 * Math.cos(s.id), opts.liveAuto ?? 1000);
            }, opts.liveAuto);
        }, 30);
      });
    },
    live_stop: () => {
      finish?.();
      return null;
    },
    live_trail: (args) => {
      const s = byId.get(Number(args.objectId));
      if (!s || s.lat === null || s.lng === null) return encodePacked({ time: [], lat: [], lng: [], segmentStart: [], segmentId: [] });
      // The day so far: 20 fixes leading to the object's last position from the south-west.
      const end = Date.parse(s.fixTime ?? new Date().toISOString());
      const n = 20;
      const at = (i: number) => (n - 1 - i) * 0.0008;
      return encodePacked({
        time: Array.from({ length: n }, (_, i) => end - (n - 1 - i) * 60_000),
        lat: Array.from({ length: n }, (_, i) => (s.lat as number) - at(i)),
        lng: Array.from({ length: n }, (_, i) => (s.lng as number) - at(i)),
        segmentStart: [0],
        segmentId: [1],
      });
    },
    events_feed: () => {
      const fresh = feed.filter((e) => !handedOut.has(e.id)).map((e) => e.id);
      for (const id of fresh) handedOut.add(id);
      return { events: [...feed], unread: feed.length, fresh };
    },
    mark_events_read: (args) => {
      const ids = args.ids as number[] | null;
      if (ids === null) feed.length = 0;
      else
        for (const id of ids) {
          const i = feed.findIndex((e) => e.id === id);
          if (i >= 0) feed.splice(i, 1);
        }
      return null;
    },
    "plugin:notification|is_permission_granted": () => opts.notifyPermission ?? null,
    "plugin:notification|request_permission": () => "granted",
    "plugin:notification|notify": () => null,
  };
}

/** What tauri-plugin-notification's init script puts in the real web view: `window.Notification`
 * that asks and notifies through the IPC (so the mock sees every request). */
export function installNotificationShim(): void {
  const internals = (window as unknown as { __TAURI_INTERNALS__: { invoke: (cmd: string, args?: unknown) => Promise<unknown> } }).__TAURI_INTERNALS__;
  let permission: NotificationPermission = "default";
  function Shim(title: string, options?: Record<string, unknown>) {
    void internals.invoke("plugin:notification|notify", { options: { ...(options ?? {}), title } });
  }
  Shim.requestPermission = async () => {
    permission = (await internals.invoke("plugin:notification|request_permission")) as NotificationPermission;
    return permission;
  };
  Object.defineProperty(Shim, "permission", { enumerable: true, get: () => permission });
  (window as unknown as { Notification: unknown }).Notification = Shim;
  void internals.invoke("plugin:notification|is_permission_granted").then((r) => {
    if (r !== null) permission = r ? "granted" : "denied";
  });
}
