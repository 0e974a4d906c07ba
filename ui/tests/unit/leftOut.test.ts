// The quiet note about records the server sent that could not be used.
import { describe, expect, it } from "vitest";
import { leftOutText } from "../../src/lib/leftOut";
import { translate, type MessageKey, type Params } from "../../src/i18n/translate";

const en = (key: MessageKey, params?: Params) => translate("en", key, params);
const ru = (key: MessageKey, params?: Params) => translate("ru", key, params);

describe("left-out note", () => {
  it("says nothing when nothing was left out", () => {
    expect(leftOutText(en, [])).toEqual([]);
  });
  it("sums the reasons of one kind into one sentence, one sentence a kind", () => {
    const rows = [
      { item: "point", reason: "no_position", count: 1 },
      { item: "point", reason: "no_time", count: 1200 },
      { item: "trip", reason: "unknown_kind", count: 1 },
    ];
    expect(leftOutText(en, rows)).toEqual([
      "1,201 points the server sent could not be placed and were left out: 1 without a position, 1,200 without a time.",
      "1 trip the server listed could not be read and was left out: 1 of an unknown kind.",
    ]);
    expect(leftOutText(ru, rows.slice(0, 1))[0]).toBe("1 точку от сервера не удалось разместить, она пропущена: 1 без координат.");
  });
  it("reads for one record as for many in Russian and Ukrainian (no number agreement to get wrong)", () => {
    const one = [{ item: "point", reason: "unreadable", count: 1 }];
    expect(leftOutText(ru, one)[0]).toContain(": 1 с нечитаемыми данными.");
    const uk = (key: MessageKey, params?: Params) => translate("uk", key, params);
    expect(leftOutText(uk, one)[0]).toContain(": 1 з нечитабельними даними.");
  });
  it("names an unexpected kind or reason generically rather than failing", () => {
    expect(leftOutText(en, [{ item: "zone", reason: "something_new", count: 2 }])).toEqual([
      "2 records the server sent could not be read and were left out: 2 unreadable.",
    ]);
  });
});
