// Fitting a track clear of the overlays: each pushes the side it takes least of the map from,
// in either direction of writing; none pushes more than 60% of the map.
import { describe, expect, it } from "vitest";
import { paddingFor } from "../../src/map/fit";

const MAP = { left: 0, right: 600, top: 0, bottom: 500 };

describe("paddingFor", () => {
  it("a panel at the top-left pushes the left; the legend at the bottom pushes the bottom", () => {
    const p = paddingFor(MAP, [
      { left: 10, right: 310, top: 10, bottom: 300 },
      { left: 10, right: 330, top: 420, bottom: 480 },
    ]);
    expect(p.left).toBe(322);
    expect(p.bottom).toBe(92);
    expect(p.right).toBe(24);
    expect(p.top).toBe(24);
  });

  it("mirrored (right to left) the panel pushes the right", () => {
    const p = paddingFor(MAP, [{ left: 290, right: 590, top: 10, bottom: 300 }]);
    expect(p.right).toBe(322);
    expect(p.left).toBe(24);
  });

  it("ignores what lies outside the map and caps each side", () => {
    const p = paddingFor(MAP, [
      { left: 700, right: 900, top: 0, bottom: 100 },
      { left: 0, right: 590, top: 0, bottom: 480 },
    ]);
    expect(p.left <= 360 && p.top <= 300 && p.right <= 360 && p.bottom <= 300).toBe(true);
  });
});
