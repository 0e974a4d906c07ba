// The alerts feed: unread events (`events_feed`, refreshed every 30 s while signed in and when the
// panel opens), the unread count, marking read, and one desktop notification per fresh event of
// a type switched on (the Rust side hands each id out as fresh once, so a reconnect or restart
// never notifies twice). The per-type switches and the sound switch are remembered per server and
// login in localStorage.
import { eventsFeed, markEventsRead, notificationsAllowed, notify, toAppError, type AppError, type EventRow } from "../api";
import { testLog } from "../lib/testHooks";

export const FEED_REFRESH_MS = 30_000;

/** Event types offered as switches even before one was seen (others are added as they come). */
export const KNOWN_TYPES = ["speedup", "inzone", "outzone", "ignition_on", "ignition_off", "offline", "sos"] as const;

export interface AlertPrefs {
  /** Event types not notified (everything else is). */
  off: string[];
  sound: boolean;
}

/** Routine events a fleet raises all day (every trip's start and end, every parking): listed in
 * the feed, but not notified until the user switches them on. */
export const QUIET_BY_DEFAULT = ["track_start", "track_end", "parking", "idle_start", "idle_end", "online", "gps_recover"];

const defaultPrefs = (): AlertPrefs => ({ off: [...QUIET_BY_DEFAULT], sound: false });

export function prefsKey(server: string, login: string): string {
  return `trackmate.alerts.${server}|${login}`;
}

export function loadPrefs(key: string): AlertPrefs {
  try {
    const raw = JSON.parse(localStorage.getItem(key) ?? "null") as Partial<AlertPrefs> | null;
    if (!raw) return defaultPrefs();
    return { off: Array.isArray(raw.off) ? raw.off.filter((x): x is string => typeof x === "string") : [], sound: raw.sound === true };
  } catch {
    return defaultPrefs();
  }
}

export class Alerts {
  events = $state.raw<EventRow[]>([]);
  unread = $state(0);
  open = $state(false);
  error = $state<AppError | null>(null);
  prefs = $state.raw<AlertPrefs>(defaultPrefs());
  /** Types offered as switches: the known ones and any seen in the feed. */
  types = $derived([...new Set<string>([...KNOWN_TYPES, ...this.events.map((e) => e.event)])]);
  private timer: ReturnType<typeof setInterval> | null = null;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly key: string,
    /** The notification's title for an event (its object's label, else its type). */
    private readonly titleOf: (e: EventRow) => string,
  ) {
    this.prefs = loadPrefs(key);
  }

  start(): void {
    this.stop();
    // Asked once, when signed in (not in the middle of the first notification).
    void notificationsAllowed();
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), FEED_REFRESH_MS);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Reloads the feed and notifies its fresh events (one refresh at a time). */
  refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const feed = await eventsFeed();
        this.events = feed.events;
        this.unread = feed.unread;
        this.error = null;
        const fresh = new Set(feed.fresh);
        for (const e of feed.events) {
          if (fresh.has(e.id) && this.enabled(e.event)) {
            void notify(this.titleOf(e), e.message, this.prefs.sound);
            // Every notification raised, for the soak test (no event twice, none lost).
            testLog("notified", e.id, 100_000);
          }
        }
      } catch (raw) {
        this.error = toAppError(raw);
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  toggleOpen(): void {
    this.open = !this.open;
    if (this.open) void this.refresh();
  }

  enabled(type: string): boolean {
    return !this.prefs.off.includes(type);
  }

  setEnabled(type: string, on: boolean): void {
    const off = this.prefs.off.filter((x) => x !== type);
    if (!on) off.push(type);
    this.save({ ...this.prefs, off });
  }

  setSound(sound: boolean): void {
    this.save({ ...this.prefs, sound });
  }

  private save(p: AlertPrefs): void {
    this.prefs = p;
    try {
      localStorage.setItem(this.key, JSON.stringify(p));
    } catch {
      // Not remembered (storage full or off); the switches still hold for this run.
    }
  }

  /** Marks one event read (gone from the list at once; the count follows the server). */
  async markRead(id: number): Promise<void> {
    try {
      await markEventsRead([id]);
      this.events = this.events.filter((e) => e.id !== id);
      this.unread = Math.max(0, this.unread - 1);
    } catch (raw) {
      this.error = toAppError(raw);
    }
  }

  async markAllRead(): Promise<void> {
    try {
      await markEventsRead(null);
      this.events = [];
      this.unread = 0;
    } catch (raw) {
      this.error = toAppError(raw);
    }
  }
}
