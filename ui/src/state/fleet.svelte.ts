// Objects of the account: the list, groups, live states (auto-refreshed), search, collapsed groups
// and the selected object. Big arrays are $state.raw (replaced, never mutated in place).
import { listObjects, objectStates, toAppError, type AppError, type ObjectList, type ObjectState } from "../api";
import { buildRows, indexObjects, type IndexedObjects, type ListRow } from "../lib/objects";

export const STATE_REFRESH_MS = 15_000;

export class Fleet {
  index = $state.raw<IndexedObjects | null>(null);
  states = $state.raw<Map<number, ObjectState>>(new Map());
  loading = $state(false);
  error = $state<AppError | null>(null);
  query = $state("");
  collapsed = $state.raw<ReadonlySet<number>>(new Set());
  selectedId = $state<number | null>(null);
  /** Bumped when the user asks to centre on the selection (list click, map click). */
  focusSeq = $state(0);
  now = $state(Date.now());
  private timer: ReturnType<typeof setInterval> | null = null;

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
      await this.refreshStates();
    } catch (raw) {
      this.error = toAppError(raw);
    } finally {
      this.loading = false;
    }
  }

  async refreshStates(): Promise<void> {
    const index = this.index;
    if (!index || index.objects.length === 0) return;
    try {
      const reply = await objectStates(index.objects.map((o) => o.id));
      const next = new Map(this.states);
      for (const s of reply.states) next.set(s.id, s);
      this.states = next;
      this.now = Date.now();
    } catch {
      // Network loss shows the banner (session.svelte.ts); keep the last known states.
      this.now = Date.now();
    }
  }

  startAutoRefresh(): void {
    this.stopAutoRefresh();
    this.timer = setInterval(() => void this.refreshStates(), STATE_REFRESH_MS);
  }

  stopAutoRefresh(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  toggleGroup(id: number): void {
    const next = new Set(this.collapsed);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.collapsed = next;
  }

  select(id: number | null, focus = true): void {
    this.selectedId = id;
    if (focus && id !== null) this.focusSeq++;
  }

  objectById(id: number | null): ObjectList["objects"][number] | null {
    if (id === null || !this.index) return null;
    return this.index.objects.find((o) => o.id === id) ?? null;
  }
}
