// Pure parts of the live fleet: applying a `states` batch to the known states (a full batch
// replaces, a change batch merges) and the glide of a marker from its shown position to a new fix
// over the interval between fixes (capped), so markers move smoothly instead of jumping.
import type { LiveStates, ObjectState } from "../api";

/** The states after `batch`, and the ids whose position changed (their markers glide). */
export function mergeStates(prev: ReadonlyMap<number, ObjectState>, batch: LiveStates): { states: Map<number, ObjectState>; moved: number[] } {
  const next = batch.full ? new Map<number, ObjectState>() : new Map(prev);
  const moved: number[] = [];
  for (const s of batch.states) {
    const old = prev.get(s.id);
    if (old && s.lat !== null && s.lng !== null && (old.lat !== s.lat || old.lng !== s.lng)) moved.push(s.id);
    next.set(s.id, s);
  }
  return { states: next, moved };
}

/** A glide lasts at most this long (a fix after a long gap does not crawl across the map). */
export const MAX_GLIDE_MS = 30_000;
/** The glide when the interval between fixes is unknown (no or equal fix times). */
export const DEFAULT_GLIDE_MS = 2_000;

/** How long the glide from the fix at `prevFix` to the one at `nextFix` takes (RFC 3339 times). */
export function glideDuration(prevFix: string | null, nextFix: string | null, cap = MAX_GLIDE_MS): number {
  const a = prevFix ? Date.parse(prevFix) : NaN;
  const b = nextFix ? Date.parse(nextFix) : NaN;
  const gap = b - a;
  if (!Number.isFinite(gap) || gap <= 0) return Math.min(DEFAULT_GLIDE_MS, cap);
  return Math.min(gap, cap);
}

export interface Glide {
  from: [number, number];
  to: [number, number];
  /** Clock (ms) when it started, and how long it takes. */
  start: number;
  duration: number;
}

/** Where a glide is at `now`: linear between its ends, at its end once over. */
export function glideAt(g: Glide, now: number): [number, number] {
  const f = g.duration <= 0 ? 1 : Math.min(1, Math.max(0, (now - g.start) / g.duration));
  return [g.from[0] + (g.to[0] - g.from[0]) * f, g.from[1] + (g.to[1] - g.from[1]) * f];
}

/** Heading in degrees (0 = north, clockwise) from `a` to `b` ([lng, lat]); null when they coincide. */
export function bearing(a: [number, number], b: [number, number]): number | null {
  if (a[0] === b[0] && a[1] === b[1]) return null;
  const rad = Math.PI / 180;
  const y = Math.sin((b[0] - a[0]) * rad) * Math.cos(b[1] * rad);
  const x = Math.cos(a[1] * rad) * Math.sin(b[1] * rad) - Math.sin(a[1] * rad) * Math.cos(b[1] * rad) * Math.cos((b[0] - a[0]) * rad);
  return ((Math.atan2(y, x) / rad) + 360) % 360;
}

/** The markers' glides: each new fix starts one from where the marker is shown now. */
export class Gliders {
  private glides = new Map<number, Glide>();

  /** Starts the glides of `moved` (ids of `states` whose position changed) at clock `now`. */
  retarget(moved: readonly number[], prev: ReadonlyMap<number, ObjectState>, states: ReadonlyMap<number, ObjectState>, now: number, cap = MAX_GLIDE_MS): void {
    for (const id of moved) {
      const s = states.get(id);
      const old = prev.get(id);
      if (!s || s.lat === null || s.lng === null || !old || old.lat === null || old.lng === null) continue;
      const running = this.glides.get(id);
      const from = running ? glideAt(running, now) : ([old.lng, old.lat] as [number, number]);
      this.glides.set(id, { from, to: [s.lng, s.lat], start: now, duration: glideDuration(old.fixTime, s.fixTime, cap) });
    }
  }

  /** The shown position of `id` at `now` (null when it is not gliding: draw its state's). */
  at(id: number, now: number): [number, number] | null {
    const g = this.glides.get(id);
    return g ? glideAt(g, now) : null;
  }

  /** Drops the glides that are over; true while any still runs (the frame loop goes on). */
  prune(now: number): boolean {
    for (const [id, g] of this.glides) if (now >= g.start + g.duration) this.glides.delete(id);
    return this.glides.size > 0;
  }

  get size(): number {
    return this.glides.size;
  }

  /** The fastest running glide's speed on screen, in pixels per ms (`project` gives a position's
   * pixel); 0 when none runs. A frame is needed only when a marker has moved part of a pixel. */
  fastest(project: (p: [number, number]) => [number, number]): number {
    let best = 0;
    for (const g of this.glides.values()) {
      if (g.duration <= 0) continue;
      const [ax, ay] = project(g.from);
      const [bx, by] = project(g.to);
      best = Math.max(best, Math.hypot(bx - ax, by - ay) / g.duration);
    }
    return best;
  }

  /** How many glides end where `inside([lng, lat])` says (the ones a viewport would show). */
  countEndingIn(inside: (p: [number, number]) => boolean): number {
    let n = 0;
    for (const g of this.glides.values()) if (inside(g.to)) n++;
    return n;
  }

  clear(): void {
    this.glides.clear();
  }
}

/** Appends `point` to `trail` (unless it repeats the last one), keeping at most `cap` points. */
export function appendTrail(trail: [number, number][], point: [number, number], cap: number): [number, number][] {
  const last = trail[trail.length - 1];
  if (last && last[0] === point[0] && last[1] === point[1]) return trail;
  trail.push(point);
  if (trail.length > cap) trail.splice(0, trail.length - cap);
  return trail;
}

/** Whether `id`'s trail is drawn: a moving object's, or the selected one's (two points at least). */
export function trailShown(id: number, points: readonly [number, number][], states: ReadonlyMap<number, ObjectState>, selectedId: number | null): boolean {
  return points.length >= 2 && (id === selectedId || states.get(id)?.status === "moving");
}
