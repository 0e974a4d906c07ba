// Periods and RFC 3339 in the user's time zone, including DST changes and custom inputs.
import { describe, expect, it } from "vitest";
import { customPeriod, periodToIpc, presetPeriod } from "../../src/lib/period";
import { displayZone, zoneLabel, fromLocalInput, toLocalInput, toRfc3339, wallToEpoch, zoneOffsetMinutes, safeZone } from "../../src/lib/zone";

// 2024-06-14 10:30 UTC = 15:30 in Asia/Yekaterinburg (+05:00), 12:30 in Europe/Berlin (+02:00).
const NOW = Date.parse("2024-06-14T10:30:00Z");

describe("zone arithmetic", () => {
  it("knows offsets", () => {
    expect(zoneOffsetMinutes("Asia/Yekaterinburg", NOW)).toBe(300);
    expect(zoneOffsetMinutes("Europe/Berlin", NOW)).toBe(120);
    expect(zoneOffsetMinutes("Europe/Berlin", Date.parse("2024-01-10T00:00:00Z"))).toBe(60);
    expect(zoneOffsetMinutes("America/St_Johns", NOW)).toBe(-150);
  });

  it("formats RFC 3339 with the zone's offset", () => {
    expect(toRfc3339("Asia/Yekaterinburg", NOW)).toBe("2024-06-14T15:30:00+05:00");
    expect(toRfc3339("America/New_York", NOW)).toBe("2024-06-14T06:30:00-04:00");
    expect(toRfc3339("UTC", NOW)).toBe("2024-06-14T10:30:00+00:00");
  });

  it("turns wall time into an instant across DST", () => {
    // Berlin springs forward on 2024-03-31 at 02:00 → 03:00.
    expect(toRfc3339("Europe/Berlin", wallToEpoch("Europe/Berlin", { year: 2024, month: 3, day: 31, hour: 0, minute: 0, second: 0 }))).toBe("2024-03-31T00:00:00+01:00");
    expect(toRfc3339("Europe/Berlin", wallToEpoch("Europe/Berlin", { year: 2024, month: 3, day: 31, hour: 23, minute: 59, second: 59 }))).toBe("2024-03-31T23:59:59+02:00");
  });

  it("round-trips datetime-local inputs", () => {
    const ms = fromLocalInput("Asia/Yekaterinburg", "2024-06-14T08:00");
    expect(ms).toBe(Date.parse("2024-06-14T03:00:00Z"));
    expect(toLocalInput("Asia/Yekaterinburg", ms as number)).toBe("2024-06-14T08:00");
    expect(fromLocalInput("UTC", "14.06.2024")).toBeNull();
  });

  it("falls back to UTC for unknown zones", () => {
    expect(safeZone("Mars/Olympus")).toBe("UTC");
    expect(safeZone(null)).toBe("UTC");
    expect(safeZone("Europe/Moscow")).toBe("Europe/Moscow");
  });
});

describe("presets", () => {
  it("today, yesterday and the last 7 days in the user's zone", () => {
    const z = "Asia/Yekaterinburg";
    expect(periodToIpc(presetPeriod("today", z, NOW), z)).toEqual({ from: "2024-06-14T00:00:00+05:00", to: "2024-06-14T23:59:59+05:00" });
    expect(periodToIpc(presetPeriod("yesterday", z, NOW), z)).toEqual({ from: "2024-06-13T00:00:00+05:00", to: "2024-06-13T23:59:59+05:00" });
    expect(periodToIpc(presetPeriod("week", z, NOW), z)).toEqual({ from: "2024-06-08T00:00:00+05:00", to: "2024-06-14T23:59:59+05:00" });
  });

  it("the user's day, not the machine's", () => {
    // 23:30 UTC on the 14th is already the 15th in Yekaterinburg and still the 14th in New York.
    const late = Date.parse("2024-06-14T23:30:00Z");
    expect(periodToIpc(presetPeriod("today", "Asia/Yekaterinburg", late), "Asia/Yekaterinburg").from).toBe("2024-06-15T00:00:00+05:00");
    expect(periodToIpc(presetPeriod("today", "America/New_York", late), "America/New_York").from).toBe("2024-06-14T00:00:00-04:00");
  });

  it("yesterday across a month boundary and a DST change", () => {
    const z = "Europe/Berlin";
    const p = presetPeriod("yesterday", z, Date.parse("2024-04-01T08:00:00Z"));
    expect(periodToIpc(p, z)).toEqual({ from: "2024-03-31T00:00:00+01:00", to: "2024-03-31T23:59:59+02:00" });
  });

  it("custom periods must end after they start", () => {
    expect(customPeriod(10, 5)).toBeNull();
    expect(customPeriod(5, 10)).toEqual({ kind: "custom", from: 5, to: 10 });
  });
});

describe("displayZone", () => {
  const AT = Date.UTC(2026, 11, 5, 6, 0);
  it("keeps the user's zone when this runtime agrees with the app on its offset", () => {
    expect(displayZone("Europe/Berlin", 60, AT)).toBe("Europe/Berlin");
    expect(displayZone("Asia/Kolkata", 330, AT)).toBe("Asia/Kolkata");
  });

  it("shows the app's offset when this runtime's zone data is stale or lacks the zone", () => {
    // As WebKitGTK's ICU had Almaty (+6) while the app knows +5: times then read at +5.
    const z = displayZone("Europe/Berlin", 300, AT);
    expect(z).toBe("Etc/GMT-5");
    expect(zoneOffsetMinutes(z, AT)).toBe(300);
    expect(toRfc3339(z, AT)).toBe("2026-12-05T11:00:00+05:00");
    expect(displayZone("Mars/Olympus", -180, AT)).toBe("Etc/GMT+3");
    expect(displayZone("Mars/Olympus", 0, AT)).toBe("UTC");
    const quarter = displayZone("Europe/Berlin", 345, AT);
    expect(zoneOffsetMinutes(quarter, AT) === 345 || quarter === "Europe/Berlin").toBe(true);
  });

  it("names the user's zone, with the offset when times use a fixed one", () => {
    expect(zoneLabel("Europe/Berlin", displayZone("Europe/Berlin", 60, AT), 60)).toBe("Europe/Berlin");
    expect(zoneLabel("Asia/Almaty", displayZone("Europe/Berlin", 300, AT), 300)).toBe("Asia/Almaty (UTC+05:00)");
  });
});
