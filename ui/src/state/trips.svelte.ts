// The period, the selected object's trips, the trip selection (checkboxes, shift-click ranges,
// whole period) and the loaded track with its progress and cancellation.
import { cancelLoad, listTrips, loadTrack, toAppError, type AppError, type PackedTrack, type Progress, type TripRow } from "../api";
import { periodToIpc, type Period } from "../lib/period";
import { holdBriefly, WINDOW_GRACE_MS } from "../lib/frames";
import { testMark, testSetting } from "../lib/testHooks";
import { toRfc3339 } from "../lib/zone";

export interface LoadedTrack {
  track: PackedTrack;
  /** The object whose track it is; null for a local file. */
  objectId: number | null;
  /** What it is called (the object, or the file's name). */
  label: string;
  /** Bumped per load so layers refit the view. */
  seq: number;
}

export class Trips {
  period = $state.raw<Period | null>(null);
  objectId = $state<number | null>(null);
  trips = $state.raw<TripRow[]>([]);
  limitExceeded = $state(false);
  loading = $state(false);
  error = $state<AppError | null>(null);
  selected = $state.raw<ReadonlySet<string>>(new Set());
  private anchor: number | null = null;

  track = $state.raw<LoadedTrack | null>(null);
  /** The windows of the track being read so far (drawn as they come, after the load's first
   * moment — WINDOW_GRACE_MS; empty when none is). */
  windows = $state.raw<readonly PackedTrack[]>([]);
  trackLoading = $state(false);
  progress = $state.raw<Progress | null>(null);
  trackError = $state<AppError | null>(null);
  private seq = 0;
  private listSeq = 0;
  private loadSeq = 0;

  constructor(
    private readonly zone: () => string,
    /** The object's name, for the shown track's label and exported files. */
    private readonly labelOf: (objectId: number) => string = () => "",
  ) {}

  async list(objectId: number, period: Period, keepSelection: string[] = []): Promise<void> {
    const mySeq = ++this.listSeq;
    this.objectId = objectId;
    this.period = period;
    this.loading = true;
    this.error = null;
    this.selected = new Set();
    this.anchor = null;
    try {
      const { from, to } = periodToIpc(period, this.zone());
      const reply = await listTrips(objectId, from, to);
      if (mySeq !== this.listSeq) return;
      this.trips = reply.trips;
      this.limitExceeded = reply.limitExceeded;
      const keys = new Set(reply.trips.map((t) => t.key));
      this.selected = new Set(keepSelection.filter((k) => keys.has(k)));
    } catch (raw) {
      if (mySeq !== this.listSeq) return;
      this.error = toAppError(raw);
      // Keep the previous list on screen on network loss; clear it otherwise.
      if (!["connect", "dns", "timeout", "unavailable", "network"].includes(this.error.kind)) this.trips = [];
    } finally {
      if (mySeq === this.listSeq) this.loading = false;
    }
  }

  clear(): void {
    this.listSeq++;
    this.trips = [];
    this.selected = new Set();
    this.objectId = null;
    this.error = null;
    this.loading = false;
    this.limitExceeded = false;
  }

  /** Click on a trip's checkbox/row; shift extends from the last clicked row. */
  toggle(index: number, shift: boolean): void {
    const trip = this.trips[index];
    if (!trip) return;
    const next = new Set(this.selected);
    if (shift && this.anchor !== null) {
      const [a, b] = this.anchor < index ? [this.anchor, index] : [index, this.anchor];
      const on = !this.selected.has(trip.key) || this.selected.has(this.trips[this.anchor]?.key ?? "");
      for (let i = a; i <= b; i++) {
        const k = this.trips[i]?.key;
        if (k === undefined) continue;
        if (on) next.add(k);
        else next.delete(k);
      }
    } else if (next.has(trip.key)) next.delete(trip.key);
    else next.add(trip.key);
    this.anchor = index;
    this.selected = next;
  }

  selectAll(): void {
    this.selected = new Set(this.trips.map((t) => t.key));
  }

  clearSelection(): void {
    this.selected = new Set();
    this.anchor = null;
  }

  selectedTrips(): TripRow[] {
    return this.trips.filter((t) => this.selected.has(t.key));
  }

  /** The last loaded server track's request (so it can be loaded again, e.g. to compare). */
  lastRequest: { objectId: number; from: string; to: string; tripIds: number[] | null } | null = null;

  /** Shows a track opened from a file (already in the main slot on the Rust side). */
  showFile(track: PackedTrack, label: string): void {
    this.track = { track, objectId: null, label, seq: ++this.seq };
    this.trackError = null;
  }

  /** The selected trips (or the whole period) as a load request; null when nothing is chosen. */
  request(whole: boolean): { objectId: number; from: string; to: string; tripIds: number[] | null } | null {
    const objectId = this.objectId;
    const period = this.period;
    if (objectId === null || !period) return null;
    const zone = this.zone();
    if (whole) return { objectId, ...periodToIpc(period, zone), tripIds: null };
    const picked = this.selectedTrips();
    if (picked.length === 0) return null;
    const starts = picked.map((t) => Date.parse(t.start));
    // A trip still in progress (no end) runs to now, within the period.
    const ends = picked.map((t) => (t.end ? Date.parse(t.end) : Math.min(Date.now(), period.to)));
    const ids = picked.map((t) => t.id).filter((id): id is number => id !== null);
    const tripIds = ids.length === picked.length ? ids : ids.length > 0 ? ids : null;
    return { objectId, from: toRfc3339(zone, Math.min(...starts)), to: toRfc3339(zone, Math.max(...ends)), tripIds };
  }

  /** Loads the selected trips (or, with `whole`, the whole period) as a track. */
  async show(whole: boolean): Promise<void> {
    const req = this.request(whole);
    if (!req) return;
    const { objectId, from, to, tripIds } = req;
    const label = this.labelOf(objectId);
    this.trackLoading = true;
    this.trackError = null;
    this.progress = null;
    this.windows = [];
    // A load started while this one ran cancels it; its late windows are not the new track's.
    const mine = ++this.loadSeq;
    // A load done within a moment shows its whole track at once; a longer one, its windows as
    // they come.
    const held = holdBriefly<PackedTrack>(
      (ws) => {
        if (mine === this.loadSeq) this.windows = [...this.windows, ...ws];
      },
      testSetting("windowGraceMs", WINDOW_GRACE_MS),
    );
    const onWindow = (w: PackedTrack): void => {
      testMark("window", w.n);
      held.add(w);
    };
    try {
      testMark("asked");
      const track = await loadTrack(objectId, from, to, tripIds, (p) => (this.progress = p), { name: label, slot: "main", onWindow });
      testMark("joined", track.n);
      this.track = { track, objectId, label, seq: ++this.seq };
      this.lastRequest = req;
    } catch (raw) {
      const e = toAppError(raw);
      if (e.kind !== "cancelled") this.trackError = e;
    } finally {
      held.cancel();
      if (mine === this.loadSeq) {
        this.trackLoading = false;
        this.progress = null;
        this.windows = [];
      }
    }
  }

  async cancel(): Promise<void> {
    try {
      await cancelLoad();
    } catch {
      // Nothing to cancel any more.
    }
  }

  clearTrack(): void {
    this.track = null;
    this.trackError = null;
  }
}
