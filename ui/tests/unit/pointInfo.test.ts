// The point inspector's lines: time with seconds in the user's zone, speed in their units, altitude,
// satellites, heading with a compass point, flags; the fetched address/precision/odometer lines.
import { describe, expect, it } from "vitest";
import { compassPoint, describeExtra, describePoint, type InfoTrack } from "../../src/replay/pointInfo";
import { formatClock } from "../../src/lib/format";
import { translate } from "../../src/i18n/translate";
import type { MessageKey, Params } from "../../src/i18n/translate";
import { unitsFor } from "../../src/lib/units";

const en = (k: MessageKey, p?: Params) => translate("en", k, p);
const ru = (k: MessageKey, p?: Params) => translate("ru", k, p);
const T = Date.UTC(2024, 5, 14, 6, 23, 45);

const pt = (over: Partial<Record<keyof InfoTrack, number>> = {}): InfoTrack => ({
  time: Float64Array.of(over.time ?? T),
  speed: Float32Array.of(over.speed ?? 72),
  altitude: Float32Array.of(over.altitude ?? 123.4),
  heading: Float32Array.of(over.heading ?? 135),
  satellites: Uint8Array.of(over.satellites ?? 9),
  flags: Uint8Array.of(over.flags ?? 0),
});

describe("point inspector", () => {
  it("names compass points", () => {
    expect([0, 44, 46, 90, 135, 180, 225, 270, 315, 359, -45, 720].map((d) => compassPoint(en, d))).toEqual(["N", "NE", "NE", "E", "SE", "S", "SW", "W", "NW", "N", "NW", "N"]);
    expect(compassPoint(ru, 135)).toBe("ЮВ");
  });

  it("lists time, speed, altitude, satellites, heading", () => {
    const lines = describePoint(pt(), 0, { t: en, lang: "en", zone: "Europe/Berlin", units: unitsFor("metric") });
    expect(lines).toEqual(["Jun 14, 08:23:45", "Speed: 72 km/h", "Altitude: 123 m", "Satellites: 9", "Heading: 135° SE"]);
  });

  it("uses the user's units, leaves out unknowns and lists flags", () => {
    const lines = describePoint(pt({ speed: NaN, altitude: NaN, heading: NaN, satellites: 255, flags: 7 }), 0, { t: en, lang: "en", zone: "UTC", units: unitsFor("imperial") });
    expect(lines).toEqual(["Jun 14, 06:23:45", "Speed: —", "Parking", "Position from cell towers", "Sent later from the tracker's memory"]);
    expect(describePoint(pt({ speed: 160.9344 }), 0, { t: en, lang: "en", zone: "UTC", units: unitsFor("imperial") })[1]).toBe("Speed: 100 mph");
  });

  it("describes the fetched details", () => {
    const c = { t: en, lang: "en" as const, zone: "UTC", units: unitsFor("metric") };
    expect(describeExtra({ address: "Alexanderplatz 1, Berlin", precision: 4.6, mileage: 12345.6 }, c)).toEqual(["Address: Alexanderplatz 1, Berlin", "Precision: 5 m", "Odometer: 12,346 km"]);
    expect(describeExtra({ address: null, precision: null, mileage: null }, c)).toEqual(["Address: —"]);
    expect(describeExtra({ address: "  ", precision: null, mileage: null }, c)).toEqual(["Address: —"]);
  });

  it("formats the replay clock with seconds", () => {
    expect(formatClock("en", "Europe/Berlin", T, false)).toBe("08:23:45");
    expect(formatClock("en", "Europe/Berlin", NaN)).toBe("—");
  });
});
