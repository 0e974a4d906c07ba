// The live fleet's pure parts: a batch merge (full replaces, changes merge, moved ids), the glide
// of a marker between fixes (duration from the fix times, capped; position along it; retargeting
// from where a running glide is), bearings, trail appending and which trails are drawn.
import { describe, expect, it } from "vitest";
import type { ObjectState } from "../../src/api";
import { appendTrail, bearing, DEFAULT_GLIDE_MS, glideAt, glideDuration, Gliders, MAX_GLIDE_MS, mergeStates } from "../../src/lib/live";
import { trailLines } from "../../src/map/live/scene";

function st(id: number, lng: number | null, lat: number | null, fixTime: string | null = null, status: ObjectState["status"] = "moving"): ObjectState {
  return { id, status, lat, lng, heading: null, speed: 40, lastUpdate: fixTime, fixTime };
}

describe("mergeStates", () => {
  it("a full batch replaces every state", () => {
    const prev = new Map([[1, st(1, 10, 50)], [2, st(2, 11, 51)]]);
    const { states, moved } = mergeStates(prev, { full: true, states: [st(2, 11, 51), st(3, 12, 52)], userTime: null });
    expect([...states.keys()].sort()).toEqual([2, 3]);
    expect(moved).toEqual([]);
  });

  it("a change batch merges into a copy and names the ids that moved", () => {
    const prev = new Map([[1, st(1, 10, 50)], [2, st(2, 11, 51)], [3, st(3, 12, 52)]]);
    const { states, moved } = mergeStates(prev, { full: false, states: [st(1, 10.01, 50), st(2, 11, 51, "2026-01-01T00:00:00Z"), st(4, 1, 1)], userTime: null });
    expect(states.size).toBe(4);
    expect(states.get(1)?.lng).toBe(10.01);
    expect(states.get(3)).toBe(prev.get(3));
    expect(moved).toEqual([1]);
    // The previous map is untouched (the list and map compare against it).
    expect(prev.get(1)?.lng).toBe(10);
    expect(prev.size).toBe(3);
  });

  it("a state without a position never counts as moved", () => {
    const prev = new Map([[1, st(1, 10, 50)]]);
    expect(mergeStates(prev, { full: false, states: [st(1, null, null)], userTime: null }).moved).toEqual([]);
  });

  it("applies a 10,000-object change batch in one pass", () => {
    const prev = new Map<number, ObjectState>();
    for (let i = 0; i < 10_000; i++) prev.set(i, st(i, i / 1000, 50));
    const batch = Array.from({ length: 10_000 }, (_, i) => st(i, i / 1000 + (i % 2 ? 0.001 : 0), 50));
    const { states, moved } = mergeStates(prev, { full: false, states: batch, userTime: null });
    expect(states.size).toBe(10_000);
    expect(moved.length).toBe(5_000);
  });
});

describe("glides", () => {
  it("last the interval between fixes, capped, with a default when unknown", () => {
    expect(glideDuration("2026-01-01T10:00:00Z", "2026-01-01T10:00:05Z")).toBe(5_000);
    expect(glideDuration("2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z")).toBe(MAX_GLIDE_MS);
    expect(glideDuration("2026-01-01T10:00:00Z", "2026-01-01T10:00:05Z", 3_000)).toBe(3_000);
    expect(glideDuration(null, "2026-01-01T10:00:05Z")).toBe(DEFAULT_GLIDE_MS);
    expect(glideDuration("2026-01-01T10:00:05Z", "2026-01-01T10:00:05Z")).toBe(DEFAULT_GLIDE_MS);
    expect(glideDuration("2026-01-01T10:00:09Z", "2026-01-01T10:00:05Z")).toBe(DEFAULT_GLIDE_MS);
  });

  it("move linearly from the shown position to the fix and stop there", () => {
    const g = { from: [10, 50] as [number, number], to: [12, 54] as [number, number], start: 1000, duration: 2000 };
    expect(glideAt(g, 500)).toEqual([10, 50]);
    expect(glideAt(g, 2000)).toEqual([11, 52]);
    expect(glideAt(g, 2500)).toEqual([11.5, 53]);
    expect(glideAt(g, 9000)).toEqual([12, 54]);
  });

  it("a new fix mid-glide starts from where the marker is shown, and the loop idles once all are over", () => {
    const gl = new Gliders();
    const s0 = new Map([[1, st(1, 10, 50, "2026-01-01T10:00:00Z")]]);
    const s1 = new Map([[1, st(1, 12, 50, "2026-01-01T10:00:04Z")]]);
    gl.retarget([1], s0, s1, 0);
    expect(gl.at(1, 2000)).toEqual([11, 50]);
    const s2 = new Map([[1, st(1, 13, 50, "2026-01-01T10:00:06Z")]]);
    gl.retarget([1], s1, s2, 2000);
    expect(gl.at(1, 2000)).toEqual([11, 50]);
    expect(gl.at(1, 3000)).toEqual([12, 50]);
    expect(gl.prune(3000)).toBe(true);
    expect(gl.prune(4000)).toBe(false);
    expect(gl.at(1, 4000)).toBeNull();
  });

  it("counts the glides that end inside an area (the map's view)", () => {
    const gl = new Gliders();
    const s0 = new Map([[1, st(1, 10, 50)], [2, st(2, 20, 50)], [3, st(3, 30, 50)]]);
    const s1 = new Map([[1, st(1, 11, 50)], [2, st(2, 21, 50)], [3, st(3, 31, 50)]]);
    gl.retarget([1, 2, 3], s0, s1, 0);
    expect(gl.countEndingIn(([lng]) => lng > 15)).toBe(2);
    expect(gl.countEndingIn(() => false)).toBe(0);
  });

  it("bearing points the way of travel", () => {
    expect(bearing([10, 50], [10, 51])).toBeCloseTo(0, 5);
    expect(bearing([10, 50], [11, 50])).toBeCloseTo(90, 0);
    expect(bearing([10, 50], [10, 49])).toBeCloseTo(180, 5);
    expect(bearing([10, 50], [10, 50])).toBeNull();
  });
});

describe("trails", () => {
  it("append new fixes, skip repeats and keep the newest `cap` points", () => {
    const t: [number, number][] = [];
    appendTrail(t, [1, 1], 3);
    appendTrail(t, [1, 1], 3);
    appendTrail(t, [2, 2], 3);
    appendTrail(t, [3, 3], 3);
    appendTrail(t, [4, 4], 3);
    expect(t).toEqual([[2, 2], [3, 3], [4, 4]]);
  });

  it("are drawn for moving objects and the selected one (last, on top), up to the fix before the last", () => {
    const trails = new Map<number, [number, number][]>([
      [3, [[0, 0], [1, 1]]],
      [1, [[0, 0], [1, 1], [2, 2]]],
      [2, [[0, 0], [1, 1], [2, 2]]],
      [4, [[0, 0]]],
    ]);
    const states = new Map([[1, st(1, 2, 2)], [2, st(2, 2, 2, null, "parked")], [3, st(3, 1, 1, null, "parked")], [4, st(4, 0, 0)]]);
    expect(trailLines(trails, states, 3)).toEqual([
      { id: 1, selected: false, points: [[0, 0], [1, 1]], last: [2, 2] },
      { id: 3, selected: true, points: [[0, 0]], last: [1, 1] },
    ]);
  });
});
