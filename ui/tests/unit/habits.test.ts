// The display habits in force: the profile's choice over the server's, the server's over the
// language last chosen here; and a choice changed, or dropped when it follows the server again.
import { describe, expect, it } from "vitest";
import type { Settings, ServerHabits } from "../../src/api";
import { habitsInForce, NO_CHOICE, withChoice } from "../../src/lib/habits";

const SERVER: ServerHabits = { language: "ru", units: "nautical", dateFormat: "ddMMyyyy_dots", hourCycle: "h24" };
const SETTINGS: Settings = { language: "de", tileUrl: null, units: null, habits: {}, theme: null };

describe("habitsInForce", () => {
  it("follows the server where the profile chose nothing", () => {
    expect(habitsInForce(SERVER, undefined, "en")).toEqual({ language: "ru", units: "nautical", followUnits: "nautical", dateFormat: "ddMMyyyy_dots", hourCycle: "h24" });
  });

  it("the profile's choices win, each on its own", () => {
    expect(habitsInForce(SERVER, { ...NO_CHOICE, units: "imperial", hourCycle: "h12" }, "en")).toEqual({ language: "ru", units: "imperial", followUnits: "nautical", dateFormat: "ddMMyyyy_dots", hourCycle: "h12" });
  });

  it("where the server says nothing: the fallback language, older global units, metric, the language's own clock", () => {
    const none: ServerHabits = { language: null, units: null, dateFormat: null, hourCycle: null };
    expect(habitsInForce(none, undefined, "uk")).toEqual({ language: "uk", units: "metric", followUnits: "metric", dateFormat: null, hourCycle: null });
    expect(habitsInForce(none, undefined, "uk", "imperial").units).toBe("imperial");
    // The display menu's "follow" shows what following gives, a choice made or not.
    expect(habitsInForce(none, { ...NO_CHOICE, units: "nautical" }, "uk", "imperial").followUnits).toBe("imperial");
  });
});

describe("withChoice", () => {
  it("keeps a choice per profile and drops a profile that follows the server in everything", () => {
    const a = withChoice(SETTINGS, "srv|me", "hourCycle", "h12");
    expect(a.habits["srv|me"]).toEqual({ ...NO_CHOICE, hourCycle: "h12" });
    const b = withChoice(a, "srv|other", "language", "ar");
    expect(Object.keys(b.habits).sort()).toEqual(["srv|me", "srv|other"]);
    const c = withChoice(b, "srv|me", "hourCycle", null);
    expect(Object.keys(c.habits)).toEqual(["srv|other"]);
    expect(SETTINGS.habits).toEqual({});
    expect(c.language).toBe("de");
  });
});
