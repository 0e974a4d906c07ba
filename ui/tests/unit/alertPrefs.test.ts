import { describe, expect, it } from "vitest";
import { loadPrefs, QUIET_BY_DEFAULT } from "../../src/state/alerts.svelte";

describe("alert preferences", () => {
  it("notify alerts but not the routine events a fleet raises all day, until switched on", () => {
    // No storage here (node): the defaults.
    const p = loadPrefs("trackmate.alerts.test");
    expect(p.off).toEqual(QUIET_BY_DEFAULT);
    for (const routine of ["track_start", "track_end", "parking"]) expect(p.off).toContain(routine);
    for (const alert of ["speedup", "inzone", "outzone", "offline", "sos"]) expect(p.off).not.toContain(alert);
    expect(p.sound).toBe(false);
  });

  it("each load gets its own list (a change never alters the defaults)", () => {
    const a = loadPrefs("k");
    a.off.push("speedup");
    expect(loadPrefs("k").off).not.toContain("speedup");
  });
});
