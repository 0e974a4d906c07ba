// The live overlay's pure parts: which objects become markers (with a position; blocked ones in
// their colour), the arrow's heading (the state's, else the glide's way; none when not moving),
// label placement (earlier boxes win, overlapping ones left out) and clusters' abbreviations.
import { describe, expect, it } from "vitest";
import type { ObjectRow, ObjectState } from "../../src/api";
import { arrowHeading, liveMarkers, placeLabels, type Box } from "../../src/map/live/scene";
import { abbreviate } from "../../src/map/live/overlay";

const row = (id: number, label: string, blocked = false) => ({ id, label, blocked }) as unknown as ObjectRow;
const state = (id: number, lng: number | null, lat: number | null, status: ObjectState["status"] = "moving", heading: number | null = null): ObjectState =>
  ({ id, status, lat, lng, heading, speed: 30, lastUpdate: null, fixTime: null });

describe("live markers", () => {
  it("are the listed objects with a position, in the list's order, a blocked one as blocked", () => {
    const states = new Map([[1, state(1, 10, 50)], [2, state(2, null, null)], [3, state(3, 11, 51, "parked")]]);
    const m = liveMarkers([row(3, "C", true), row(1, "A"), row(2, "B"), row(4, "D")], states, 1);
    expect(m.map((x) => [x.id, x.label, x.status, x.lng, x.lat, x.selected])).toEqual([
      [3, "C", "blocked", 11, 51, false],
      [1, "A", "moving", 10, 50, true],
    ]);
  });

  it("point their arrow the state's heading, else the way they glide; none when not moving", () => {
    const [moving] = liveMarkers([row(1, "A")], new Map([[1, state(1, 1, 0)]]), null);
    expect(arrowHeading(moving!, [0, 0])).toBeCloseTo(90, 5);
    expect(arrowHeading(moving!, [1, 0])).toBeNull();
    const [headed] = liveMarkers([row(1, "A")], new Map([[1, state(1, 1, 0, "moving", 200)]]), null);
    expect(arrowHeading(headed!, [0, 0])).toBe(200);
    const [parked] = liveMarkers([row(1, "A")], new Map([[1, state(1, 1, 0, "parked", 200)]]), null);
    expect(arrowHeading(parked!, [0, 0])).toBeNull();
  });
});

describe("label placement", () => {
  it("keeps the first of overlapping boxes and every box that overlaps none", () => {
    const boxes: Box[] = [
      { x: 0, y: 0, w: 50, h: 15 },
      { x: 40, y: 10, w: 50, h: 15 }, // overlaps the first
      { x: 50, y: 0, w: 30, h: 10 }, // touches the first's edge only
      { x: -30, y: -20, w: 20, h: 10 }, // off the screen's edge, alone
      { x: 300, y: 300, w: 60, h: 15 },
      { x: 310, y: 305, w: 5, h: 5 }, // inside the one before
    ];
    expect(placeLabels(boxes, [])).toEqual([true, false, true, true, true, false]);
  });

  it("places thousands in a grid without missing an overlap", () => {
    const boxes: Box[] = [];
    for (let i = 0; i < 3000; i++) boxes.push({ x: (i * 37) % 1200, y: Math.floor(i / 40) * 9, w: 60, h: 15 });
    const shown = placeLabels(boxes, []);
    const kept = boxes.filter((_, i) => shown[i]);
    let overlaps = 0;
    for (let a = 0; a < kept.length; a++)
      for (let b = a + 1; b < kept.length; b++) {
        const p = kept[a]!, q = kept[b]!;
        if (p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h) overlaps++;
      }
    expect(overlaps).toBe(0);
    // Each left out overlaps one kept before it (none left out for nothing).
    for (let i = 0; i < boxes.length; i++) {
      if (shown[i]) continue;
      const p = boxes[i]!;
      expect(boxes.slice(0, i).some((q, j) => shown[j] && p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h)).toBe(true);
    }
    expect(kept.length).toBeGreaterThan(100);
  });
});

describe("cluster counts", () => {
  it("are abbreviated as MapLibre did", () => {
    expect([12, 999, 1000, 1234, 9950, 15_400].map(abbreviate)).toEqual(["12", "999", "1k", "1.2k", "10k", "15k"]);
  });
});
