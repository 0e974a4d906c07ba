// A locale Intl refuses ("C" from LANG=C) is detected, so it can be replaced before uPlot loads.
import { describe, expect, it } from "vitest";
import { usableLocale } from "../../src/lib/localeGuard";

describe("usableLocale", () => {
  it("accepts BCP 47 tags and refuses the POSIX C locale", () => {
    expect(usableLocale("en-US")).toBe(true);
    expect(usableLocale("ru")).toBe(true);
    expect(() => new Intl.NumberFormat("C")).toThrow(RangeError);
    expect(usableLocale("C")).toBe(false);
    expect(usableLocale(undefined)).toBe(false);
  });
});
