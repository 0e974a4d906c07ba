// What the live overlay draws, as plain data built once per change (a batch, the selection, the
// list): the markers with their state's position, the trails up to the fix before the last, and
// which labels fit without overlapping. Where a gliding marker is shown is asked each frame.
import type { ObjectRow, ObjectState } from "../../api";
import { bearing, trailShown } from "../../lib/live";

export interface Marker {
  id: number;
  label: string;
  /** The status colour's key ("blocked" for a blocked object). */
  status: string;
  /** The state's position (a gliding marker is shown on its way there). */
  lng: number;
  lat: number;
  /** The state's heading in degrees (null: none given). */
  heading: number | null;
  selected: boolean;
}

/** The objects with a position, in the list's order. */
export function liveMarkers(objects: readonly ObjectRow[], states: ReadonlyMap<number, ObjectState>, selectedId: number | null): Marker[] {
  const out: Marker[] = [];
  for (const o of objects) {
    const s = states.get(o.id);
    if (!s || s.lat === null || s.lng === null) continue;
    out.push({ id: o.id, label: o.label, status: o.blocked ? "blocked" : s.status, lng: s.lng, lat: s.lat, heading: s.heading, selected: o.id === selectedId });
  }
  return out;
}

/** The heading a marker's arrow shows at `at` (where it is drawn): its state's, else the way it
 * glides; null draws no arrow (not moving, or no way known). */
export function arrowHeading(m: Marker, at: readonly [number, number]): number | null {
  if (m.status !== "moving") return null;
  return m.heading ?? bearing([at[0], at[1]], [m.lng, m.lat]);
}

export interface TrailLine {
  id: number;
  selected: boolean;
  /** The fixes up to the one before the last; the head runs from the last of these to the marker. */
  points: readonly [number, number][];
  /** The last fix (the head ends there once the marker's glide is over). */
  last: [number, number];
}

/** The trails to draw: a moving object's and the selected one's, the selected one last (on top). */
export function trailLines(trails: ReadonlyMap<number, [number, number][]>, states: ReadonlyMap<number, ObjectState>, selectedId: number | null): TrailLine[] {
  const out: TrailLine[] = [];
  let chosen: TrailLine | null = null;
  for (const [id, points] of trails) {
    if (!trailShown(id, points, states, selectedId)) continue;
    const line = { id, selected: id === selectedId, points: points.slice(0, -1), last: points[points.length - 1] as [number, number] };
    if (line.selected) chosen = line;
    else out.push(line);
  }
  if (chosen) out.push(chosen);
  return out;
}

/** A label's box on screen (CSS pixels). */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Cell size of the placement grid (about a label's height, a few cells a label's width). */
const CELL = 32;

/**
 * Which boxes are shown, in the given order (earlier ones win): a box overlapping one already
 * placed is left out, as MapLibre's optional labels are. `shown[i]` is set for each box; the grid
 * keeps this about linear for thousands of labels.
 */
export function placeLabels(boxes: readonly Box[], shown: boolean[]): boolean[] {
  shown.length = boxes.length;
  const grid = new Map<number, number[]>();
  // Cells from a screen's edge may be a little negative: shifted so keys never collide.
  const key = (cx: number, cy: number) => (cx + 4096) * 65_536 + (cy + 4096);
  for (let i = 0; i < boxes.length; i++) {
    const b = boxes[i] as Box;
    const x0 = Math.floor(b.x / CELL), x1 = Math.floor((b.x + b.w) / CELL), y0 = Math.floor(b.y / CELL), y1 = Math.floor((b.y + b.h) / CELL);
    let free = true;
    for (let cx = x0; cx <= x1 && free; cx++)
      for (let cy = y0; cy <= y1 && free; cy++)
        for (const j of grid.get(key(cx, cy)) ?? []) {
          const o = boxes[j] as Box;
          if (b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) {
            free = false;
            break;
          }
        }
    shown[i] = free;
    if (!free) continue;
    for (let cx = x0; cx <= x1; cx++)
      for (let cy = y0; cy <= y1; cy++) {
        const k = key(cx, cy);
        const cell = grid.get(k);
        if (cell) cell.push(i);
        else grid.set(k, [i]);
      }
  }
  return shown;
}
