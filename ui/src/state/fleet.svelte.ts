// Objects of the account: the list, groups, live states (streamed by `live_watch`: the page never
// polls), the connection's status, the live trails, search, collapsed groups, the selected and
// the followed object. Big arrays are $state.raw (replaced, never mutated in place); the trails
// are plain data with a sequence number the map layer watches.
import { listObjects, liveStop, liveTrail, liveWatch, toAppError, type AppError, type LiveMessage, type LiveStates, type LiveStatus, type ObjectList, type ObjectState } from "../api";
import { appendTrail, Gliders, mergeStates } from "../lib/live";
import { testLog } from "../lib/testHooks";
import { buildRows, indexObjects, type IndexedObjects, type ListRow } from "../lib/objects";

/** Points kept of a trail from the stream, and of the selected object's backfilled day. */
export const TRAIL_CAP = 300;
export const SELECTED_TRAIL_CAP = 20_000;
/** "updated N s ago" and the reconnect countdown tick this often. */
export const TICK_MS = 1_000;

export class Fleet {
  index = $state.raw<IndexedObjects | null>(null);
  states = $state.raw<Map<number, ObjectState>>(new Map());
  /** The markers' glides, started as each batch arrives (several batches can arrive before the
   * page draws: each starts its own glides). `batchSeq` is bumped per batch (the layer redraws). */
  readonly gliders = new Gliders();
  batchSeq = $state(0);
  live = $state.raw<LiveStatus>({ mode: "connecting", detail: null, retryInMs: null, pollMs: null });
  /** Clock (Date.now()) when `live` arrived: the reconnect countdown runs from it. */
  liveSince = $state(Date.now());
  loading = $state(false);
  error = $state<AppError | null>(null);
  query = $state("");
  collapsed = $state.raw<ReadonlySet<number>>(new Set());
  selectedId = $state<number | null>(null);
  /** The map keeps this object centred as it moves (null: no one is followed). */
  followId = $state<number | null>(null);
  /** Bumped when the user asks to centre on the selection (list click, map click). */
  focusSeq = $state(0);
  now = $state(Date.now());
  /** Trails ([lng, lat] per fix) by object; `trailSeq` is bumped on every change. */
  readonly trails = new Map<number, [number, number][]>();
  trailSeq = $state(0);
  private ticker: ReturnType<typeof setInterval> | null = null;
  private watching = false;
  private trailFor: number | null = null;

  readonly view: { rows: ListRow[]; shown: number } = $derived(
    this.index ? buildRows(this.index, this.query, this.collapsed) : { rows: [], shown: 0 },
  );

  constructor(private readonly defaultGroupTitle: () => string) {}

  async load(): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      const list: ObjectList = await listObjects();
      this.index = indexObjects(list.objects, list.groups, this.defaultGroupTitle());
    } catch (raw) {
      this.error = toAppError(raw);
    } finally {
      this.loading = false;
    }
  }

  /** Starts the live watch (a running one is replaced by the Rust side) and the clock tick.
   * `onSessionEnded` gets the session error when the stream says the session is over. */
  startLive(onSessionEnded: (e: AppError) => void): void {
    this.ticker ??= setInterval(() => (this.now = Date.now()), TICK_MS);
    this.watching = true;
    this.setStatus({ mode: "connecting", detail: null, retryInMs: null, pollMs: null });
    liveWatch((m) => this.onMessage(m, onSessionEnded)).then(
      () => {
        if (this.watching) this.setStatus({ mode: "offline", detail: null, retryInMs: null, pollMs: null });
      },
      (raw: unknown) => {
        // A session error already went to sign-in (session.svelte.ts observes every command).
        if (this.watching) this.setStatus({ mode: "offline", detail: toAppError(raw).message, retryInMs: null, pollMs: null });
      },
    );
  }

  /** Stops the watch and the tick (leaving the main window). */
  stopLive(): void {
    this.watching = false;
    if (this.ticker !== null) clearInterval(this.ticker);
    this.ticker = null;
    void liveStop().catch(() => {});
  }

  onMessage(m: LiveMessage, onSessionEnded: (e: AppError) => void): void {
    if (!this.watching) return;
    if (m.type === "status") this.setStatus(m);
    else if (m.type === "states") {
      const at = performance.now();
      this.applyStates(m);
      // When a batch arrived and how long merging it took (the live benchmark reads this).
      testLog("liveBatches", { at, mergeMs: performance.now() - at, full: m.full, n: m.states.length });
    }
    else {
      this.watching = false;
      onSessionEnded({ kind: m.kind, message: m.message, ...(m.code !== undefined ? { code: m.code } : {}) });
    }
  }

  private setStatus(s: LiveStatus): void {
    this.live = { mode: s.mode, detail: s.detail, retryInMs: s.retryInMs, pollMs: s.pollMs };
    this.liveSince = Date.now();
    this.now = this.liveSince;
  }

  /** One batch: one new states map (list and map re-read it once), trails appended. */
  applyStates(batch: LiveStates): void {
    const prev = this.states;
    const { states, moved } = mergeStates(prev, batch);
    for (const id of moved) {
      const s = states.get(id);
      if (!s || s.lat === null || s.lng === null) continue;
      let trail = this.trails.get(id);
      if (!trail) {
        const o = prev.get(id);
        trail = o && o.lat !== null && o.lng !== null ? [[o.lng, o.lat]] : [];
        this.trails.set(id, trail);
      }
      appendTrail(trail, [s.lng, s.lat], id === this.trailFor ? SELECTED_TRAIL_CAP : TRAIL_CAP);
    }
    this.gliders.retarget(moved, prev, states, performance.now());
    this.states = states;
    this.batchSeq++;
    if (moved.length > 0) this.trailSeq++;
    this.now = Date.now();
  }

  /** Backfills `id`'s trail with its day so far (`live_trail`), keeping what streamed since. */
  async backfillTrail(id: number): Promise<void> {
    this.trailFor = id;
    try {
      const day = await liveTrail(id);
      if (this.trailFor !== id) return;
      const points: [number, number][] = [];
      for (let i = 0; i < day.n; i++) points.push([day.lng[i] as number, day.lat[i] as number]);
      const lastTime = day.n > 0 ? (day.time[day.n - 1] as number) : -Infinity;
      // Fixes streamed after the day's last point are kept behind it.
      const st = this.states.get(id);
      const streamed = this.trails.get(id) ?? [];
      const fix = st?.fixTime ? Date.parse(st.fixTime) : NaN;
      const tail = Number.isFinite(fix) && fix > lastTime ? streamed.slice(-1) : [];
      let trail: [number, number][] = [];
      for (const p of [...points, ...tail]) trail = appendTrail(trail, p, SELECTED_TRAIL_CAP);
      this.trails.set(id, trail);
      this.trailSeq++;
    } catch {
      // The trail from the stream stays; a failure shows the banner if it is the network's.
    }
  }

  toggleGroup(id: number): void {
    const next = new Set(this.collapsed);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.collapsed = next;
  }

  select(id: number | null, focus = true): void {
    if (id !== this.selectedId) this.followId = null;
    this.selectedId = id;
    if (focus && id !== null) this.focusSeq++;
  }

  /** Follows the selected object, or stops following. */
  toggleFollow(): void {
    this.followId = this.followId === null && this.selectedId !== null ? this.selectedId : null;
    if (this.followId !== null) this.focusSeq++;
  }

  objectById(id: number | null): ObjectList["objects"][number] | null {
    if (id === null || !this.index) return null;
    return this.index.objects.find((o) => o.id === id) ?? null;
  }
}
