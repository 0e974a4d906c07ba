// Relative time, durations, speeds and distances in the user's units.
import { describe, expect, it } from "vitest";
import { formatClock, formatDate, formatDateTime, formatDistance, formatDuration, formatSpeed, formatTime, relativeTime, relativeTimeMessage, updatedAgo, type Loc } from "../../src/lib/format";
import { translate, type MessageKey, type Params } from "../../src/i18n/translate";
import { unitsFor } from "../../src/lib/units";

const en = (k: MessageKey, p?: Params) => translate("en", k, p);
const ru = (k: MessageKey, p?: Params) => translate("ru", k, p);
const NOW = Date.parse("2024-06-14T12:00:00Z");
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe("relative time", () => {
  it("picks the unit", () => {
    expect(relativeTimeMessage(NOW, NOW - 30_000).key).toBe("time.justNow");
    expect(relativeTimeMessage(NOW, NOW - 5 * 60_000)).toEqual({ key: "time.minutesAgo", params: { count: 5 } });
    expect(relativeTimeMessage(NOW, NOW - 3 * 3600_000)).toEqual({ key: "time.hoursAgo", params: { count: 3 } });
    expect(relativeTimeMessage(NOW, NOW - 49 * 3600_000)).toEqual({ key: "time.daysAgo", params: { count: 2 } });
    expect(relativeTimeMessage(NOW, NOW + 60_000).key).toBe("time.justNow");
  });

  it("is translated", () => {
    expect(relativeTime(en, NOW, ago(5 * 60_000))).toBe("5 min ago");
    expect(relativeTime(en, NOW, ago(26 * 3600_000))).toBe("1 day ago");
    expect(relativeTime(ru, NOW, ago(5 * 86400_000))).toBe("5 дней назад");
    expect(relativeTime(ru, NOW, ago(2 * 86400_000))).toBe("2 дня назад");
    expect(relativeTime(en, NOW, null)).toBe("never");
    expect(relativeTime(en, NOW, "garbage")).toBe("never");
  });
});

describe("durations and units", () => {
  it("formats durations", () => {
    expect(formatDuration(en, 42_000)).toBe("42 s");
    expect(formatDuration(en, 43 * 60_000)).toBe("43 min");
    expect(formatDuration(en, 82 * 60_000)).toBe("1 h 22 min");
    expect(formatDuration(ru, 82 * 60_000)).toBe("1 ч 22 мин");
    expect(formatDuration(en, 50 * 3600_000)).toBe("2 d 2 h");
  });

  it("maps measurement systems to units", () => {
    expect(unitsFor("metric")).toEqual({ speed: "kmh", distance: "km" });
    expect(unitsFor("imperial")).toEqual({ speed: "mph", distance: "mi" });
    expect(unitsFor("nautical")).toEqual({ speed: "kn", distance: "nmi" });
  });

  it("formats speed and distance in the user's units", () => {
    expect(formatSpeed(en, "en", 100, unitsFor("metric"))).toBe("100 km/h");
    expect(formatSpeed(en, "en", 100, unitsFor("imperial"))).toBe("62 mph");
    expect(formatSpeed(en, "en", null, unitsFor("metric"))).toBe("—");
    expect(formatDistance(en, "en", 18.4, unitsFor("metric"))).toBe("18 km");
    expect(formatDistance(en, "en", 7.94, unitsFor("metric"))).toBe("7.9 km");
    expect(formatDistance(en, "en", 16.09344, unitsFor("imperial"))).toBe("10 mi");
    expect(formatDistance(ru, "ru", 7.94, unitsFor("metric"))).toBe("7,9 км");
  });
});

describe("updatedAgo", () => {
  it("counts seconds in the first minute, then as relativeTime", () => {
    expect(updatedAgo(en, NOW, ago(12_000))).toBe("12 s ago");
    expect(updatedAgo(ru, NOW, ago(12_000))).toBe("12 с назад");
    expect(updatedAgo(en, NOW, ago(5 * 60_000))).toBe("5 min ago");
    expect(updatedAgo(en, NOW, null)).toBe("never");
  });
});

describe("the user's clock and date format", () => {
  // 1 December 2026, 17:45:09 UTC = 22:45:09 in Almaty (+05:00).
  const AT = Date.UTC(2026, 11, 1, 17, 45, 9);
  const loc = (lang: Loc["lang"], hourCycle: Loc["hourCycle"] = null, dateFormat: Loc["dateFormat"] = null): Loc => ({ lang, hourCycle, dateFormat });

  it("a chosen 24-hour clock holds in a 12-hour language and the other way round", () => {
    expect(formatTime("en", "UTC", AT)).toMatch(/^5:45\sPM$/);
    expect(formatTime(loc("en", "h24"), "UTC", AT)).toBe("17:45");
    expect(formatTime(loc("ru"), "UTC", AT)).toBe("17:45");
    expect(formatTime(loc("ru", "h12"), "UTC", AT)).toMatch(/^5:45\s/);
    expect(formatClock(loc("en", "h12"), "UTC", AT, false)).toMatch(/^0?5:45:09\sPM$/);
    expect(formatClock(loc("en"), "UTC", AT, false)).toBe("17:45:09");
  });

  it("writes days in the server's six date formats", () => {
    const day = (f: Loc["dateFormat"]) => formatDate(loc("en", "h24", f), "UTC", AT);
    expect(day("ddMMyyyy_dots")).toBe("01.12.2026");
    expect(day("ddMMyyyy_slashes")).toBe("01/12/2026");
    expect(day("MMddyyyy_hyphens")).toBe("12-01-2026");
    expect(day("yyyyMMdd_hyphens")).toBe("2026-12-01");
    expect(day("dMMMy")).toBe("1 Dec 2026");
    expect(day("dMMMMy")).toBe("1 December 2026");
    expect(formatDate(loc("de", null, "dMMMMy"), "UTC", AT)).toBe("1. Dezember 2026");
    expect(formatDateTime(loc("en", "h24", "ddMMyyyy_dots"), "Asia/Almaty", AT)).toMatch(/^0[12]\.12\.2026 2[23]:45$/);
  });

  it("formats Arabic with Western digits", () => {
    expect(formatTime(loc("ar", "h24"), "UTC", AT)).toBe("17:45");
    expect(formatSpeed(en, "ar", 1234, unitsFor("metric"))).toMatch(/^1[,.٬]?234 /);
  });
});
