// What a live layer hands MapLibre each frame: the whole data the first time, then only the
// features that changed and the ids gone, the whole data again when most changed, nothing when
// nothing did.
import { describe, expect, it } from "vitest";
import { applyFeatures, SourceMirror, type IdFeature } from "../../src/map/sourceDiff";

const pt = (id: number, lng: number, props: Record<string, string | number | boolean> = {}): IdFeature => ({
  type: "Feature",
  id,
  properties: { id, ...props },
  geometry: { type: "Point", coordinates: [lng, 50] },
});

class FakeSource {
  calls: [string, unknown][] = [];
  setData(d: unknown) { this.calls.push(["set", d]); }
  updateData(d: unknown) { this.calls.push(["update", d]); }
}

describe("SourceMirror", () => {
  it("sets everything first, then diffs moved, restyled, added and removed features", () => {
    const m = new SourceMirror<IdFeature>();
    const base = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => pt(i, i));
    expect(m.change(base).kind).toBe("set");
    expect(m.change(base.map((f) => ({ ...f }))).kind).toBe("none");
    const next = base.slice(0, 7).map((f) => ({ ...f, properties: { ...f.properties } }));
    next[0] = pt(1, 1.5); // moved
    next[1] = pt(2, 2, { selected: true }); // a new property
    next.push(pt(9, 9)); // added; 8 removed
    const c = m.change(next);
    expect(c.kind).toBe("diff");
    if (c.kind !== "diff") return;
    expect(c.add.map((f) => f.id).sort()).toEqual([1, 2, 9]);
    expect(c.remove).toEqual([8]);
  });

  it("sends the whole data when more than half changed, or ids repeat", () => {
    const m = new SourceMirror<IdFeature>();
    m.change([pt(1, 1), pt(2, 2), pt(3, 3)]);
    expect(m.change([pt(1, 0), pt(2, 0), pt(3, 3)]).kind).toBe("set");
    expect(m.change([pt(1, 0), pt(1, 0)]).kind).toBe("set");
  });

  it("compares line coordinates point by point", () => {
    const m = new SourceMirror<IdFeature>();
    const line = (id: number, end: number): IdFeature => ({ type: "Feature", id, properties: { id }, geometry: { type: "LineString", coordinates: [[0, 0], [end, 1]] } });
    m.change([line(1, 1), line(2, 1), line(3, 1)]);
    expect(m.change([line(1, 1), line(2, 1), line(3, 1)]).kind).toBe("none");
    const c = m.change([line(1, 1), line(2, 2), line(3, 1)]);
    expect(c.kind === "diff" && c.add.map((f) => f.id)).toEqual([2]);
  });
});

describe("applyFeatures", () => {
  it("calls setData, then updateData, and starts over once the source is gone", () => {
    const m = new SourceMirror<IdFeature>();
    const src = new FakeSource();
    const fs = [pt(1, 1), pt(2, 2), pt(3, 3)];
    applyFeatures(src, m, fs);
    applyFeatures(src, m, fs);
    applyFeatures(src, m, [pt(1, 1), pt(2, 2.5), pt(3, 3)]);
    expect(src.calls.map((c) => c[0])).toEqual(["set", "update"]);
    expect(src.calls[1]?.[1]).toEqual({ add: [pt(2, 2.5)], remove: [] });
    applyFeatures(undefined, m, fs);
    applyFeatures(src, m, fs);
    expect(src.calls.map((c) => c[0])).toEqual(["set", "update", "set"]);
  });
});
