// What a GeoJSON source was last given, so the next frame sends MapLibre only what changed
// (`updateData`) instead of every feature (`setData`): a 10,000-object fleet of which a few
// hundred glide re-sent 10,000 features to the worker each frame, 6 frames a second in software
// rendering. Features are compared by id, geometry and flat properties.

/** A feature with a numeric id and flat (primitive) properties, as the live layers draw. */
export interface IdFeature {
  type: "Feature";
  id: number;
  properties: Record<string, string | number | boolean | null>;
  geometry: { type: string; coordinates: unknown };
}

/** A change to hand a source: everything anew, or the features added/changed and the ids gone. */
export type SourceChange<F extends IdFeature> =
  | { kind: "set"; data: { type: "FeatureCollection"; features: F[] } }
  | { kind: "diff"; add: F[]; remove: number[] }
  | { kind: "none" };

/** Above this share of changed features a whole `setData` is cheaper than a diff. */
const DIFF_SHARE = 0.5;

function sameCoords(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameCoords(a[i], b[i])) return false;
  return true;
}

function sameFeature(a: IdFeature, b: IdFeature): boolean {
  if (a.geometry.type !== b.geometry.type || !sameCoords(a.geometry.coordinates, b.geometry.coordinates)) return false;
  const pa = a.properties, pb = b.properties;
  for (const k in pa) if (pa[k] !== pb[k]) return false;
  for (const k in pb) if (!(k in pa)) return false;
  return true;
}

export class SourceMirror<F extends IdFeature> {
  private shown: Map<number, F> | null = null;

  /** Forgets what the source holds (it was re-created): the next change is a whole `setData`. */
  reset(): void {
    this.shown = null;
  }

  /** The change from what the source holds to `features` (which it then holds). */
  change(features: F[]): SourceChange<F> {
    const next = new Map<number, F>();
    for (const f of features) next.set(f.id, f);
    const prev = this.shown;
    this.shown = next;
    if (prev === null || next.size !== features.length) return { kind: "set", data: { type: "FeatureCollection", features } };
    const add: F[] = [];
    for (const f of features) {
      const old = prev.get(f.id);
      if (!old || !sameFeature(old, f)) add.push(f);
    }
    const remove: number[] = [];
    for (const id of prev.keys()) if (!next.has(id)) remove.push(id);
    if (add.length + remove.length === 0) return { kind: "none" };
    if (add.length + remove.length > features.length * DIFF_SHARE) return { kind: "set", data: { type: "FeatureCollection", features } };
    return { kind: "diff", add, remove };
  }
}

/** The part of MapLibre's GeoJSONSource the mirror drives. */
export interface DiffableSource {
  setData(data: unknown): unknown;
  updateData(diff: { add?: unknown[]; remove?: number[] }): unknown;
}

/** Hands `source` the change from what it holds to `features` (nothing when nothing changed). */
export function applyFeatures<F extends IdFeature>(source: DiffableSource | undefined, mirror: SourceMirror<F>, features: F[]): void {
  if (!source) {
    mirror.reset();
    return;
  }
  const c = mirror.change(features);
  if (c.kind === "set") source.setData(c.data);
  else if (c.kind === "diff") source.updateData({ add: c.add, remove: c.remove });
}
