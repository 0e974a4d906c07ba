// The fleet's live batches: each batch starts its own glides as it arrives (batches that arrive
// before the page draws are not folded into the last one), a full batch replaces the states,
// and trails grow by each fix.
import { describe, expect, it } from "vitest";
import type { ObjectState } from "../../src/api";
import { Fleet } from "../../src/state/fleet.svelte";

function st(id: number, lng: number, fix: string): ObjectState {
  return { id, status: "moving", lat: 50, lng, heading: null, speed: 40, lastUpdate: fix, fixTime: fix };
}

describe("Fleet.applyStates", () => {
  it("starts a glide for every batch, also two arriving back to back", () => {
    const fleet = new Fleet(() => "Main group");
    fleet.applyStates({ full: true, states: [st(1, 10, "2026-01-01T10:00:00Z"), st(2, 20, "2026-01-01T10:00:00Z")], userTime: null });
    expect(fleet.gliders.size).toBe(0);
    fleet.applyStates({ full: false, states: [st(1, 10.1, "2026-01-01T10:00:05Z")], userTime: null });
    fleet.applyStates({ full: false, states: [st(2, 20.1, "2026-01-01T10:00:05Z")], userTime: null });
    const now = performance.now();
    expect(fleet.gliders.at(1, now)).not.toBeNull();
    expect(fleet.gliders.at(2, now)).not.toBeNull();
    expect(fleet.states.get(2)?.lng).toBe(20.1);
    expect(fleet.trails.get(1)).toEqual([[10, 50], [10.1, 50]]);
    expect(fleet.batchSeq).toBe(3);
  });
});
