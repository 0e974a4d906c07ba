// Popup lines of stops and events: kind, local times in the user's zone, duration, address.
import { describe, expect, it } from "vitest";
import { describeEvent, describeStop } from "../../src/lib/overlayText";
import { translate, type MessageKey, type Params } from "../../src/i18n/translate";

const en = (key: MessageKey, params?: Params) => translate("en", key, params);
const ru = (key: MessageKey, params?: Params) => translate("ru", key, params);

describe("overlay popups", () => {
  const stop = { kind: "parking" as const, start: "2024-06-14T08:00:00+05:00", end: "2024-06-14T09:30:00+05:00", durationS: 5400, lat: 51, lng: 71, address: "Abay Ave 10", pointIndex: 3 };
  it("describes a parking with its local times, duration and address", () => {
    const lines = describeStop(en, "en", "Asia/Almaty", stop);
    expect(lines[0]).toBe("Parking");
    expect(lines[1]).toMatch(/8:00.*9:30/);
    expect(lines[2]).toBe("Duration: 1 h 30 min");
    expect(lines[3]).toBe("Abay Ave 10");
    expect(describeStop(ru, "ru", "Asia/Almaty", { ...stop, kind: "stop", address: null })[0]).toBe("Остановка");
  });
  it("describes an event by its message, time and address", () => {
    const lines = describeEvent("en", "UTC", { id: 1, objectId: 7, time: "2024-06-14T08:00:00Z", event: "speedup", message: "", lat: 1, lng: 2, address: "Main st" });
    expect(lines[0]).toBe("speedup");
    expect(lines[1]).toMatch(/8:00/);
    expect(lines[2]).toBe("Main st");
  });
});
