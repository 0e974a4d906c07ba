// Completeness of the Spanish, German and Portuguese catalogues against en.ts: the same keys in the
// same order, the same {params}, no empty text, the plural forms Intl.PluralRules asks for, and
// real translations (few texts left identical to English).
import { describe, expect, it } from "vitest";
import { de } from "../../src/i18n/de";
import { en, type MessageKey } from "../../src/i18n/en";
import { es } from "../../src/i18n/es";
import { pt } from "../../src/i18n/pt";
import type { Message } from "../../src/i18n/types";

const CATALOGUES: [string, Record<MessageKey, Message>][] = [
  ["es", es],
  ["de", de],
  ["pt", pt],
];
const KEYS = Object.keys(en) as MessageKey[];

const texts = (m: Message): string[] => (typeof m === "string" ? [m] : Object.values(m).filter((x): x is string => typeof x === "string"));
const params = (m: Message): string[] =>
  [...new Set(texts(m).flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1] as string)))].sort();

// Texts that are the same in every language by construction: unit symbols and number templates
// ("{points} · {length}", "{h} h {m} min"). Product names and codes are not here: they count
// toward the limit below like any other text left in English.
const LANGUAGE_NEUTRAL = (key: string): boolean =>
  key.startsWith("unit.") || key.startsWith("duration.") || key === "track.summary" || key === "stop.from" || key === "chart.altitudeValue";
const MAX_IDENTICAL = 8;

describe.each(CATALOGUES)("catalogue %s", (lang, cat) => {
  it("has exactly the keys of en, in the same order", () => {
    expect(Object.keys(cat)).toEqual(KEYS);
  });

  it("takes the same {params} as en in every message", () => {
    for (const key of KEYS) expect(params(cat[key]), key).toEqual(params(en[key]));
  });

  // Every form, "one" included, says {count}: pt's "one" also covers 0 and 1.5, so a literal "1"
  // there would be wrong, and no form may drop a parameter that en's "other" shows.
  it("says en's other-form {params} in every plural form", () => {
    for (const key of KEYS) {
      const m = cat[key];
      const ref = en[key];
      if (typeof m === "string" || typeof ref === "string") continue;
      for (const [category, form] of Object.entries(m)) expect(params(form), `${key}.${category}`).toEqual(params(ref.other));
    }
  });

  it("has no empty text", () => {
    for (const key of KEYS) {
      for (const s of texts(cat[key])) expect(s.trim().length, key).toBeGreaterThan(0);
    }
  });

  it("gives each plural message exactly the plural categories of the language", () => {
    const categories = [...new Intl.PluralRules(lang).resolvedOptions().pluralCategories].sort();
    for (const key of KEYS) {
      const m = cat[key];
      // A plural in en is a plural here, and a plain string stays a plain string.
      expect(typeof m, key).toBe(typeof en[key]);
      if (typeof m === "string") continue;
      expect(Object.keys(m).sort(), key).toEqual(categories);
    }
  });

  it("leaves at most a handful of texts identical to English", () => {
    const same = KEYS.filter((key) => !LANGUAGE_NEUTRAL(key) && typeof en[key] === "string" && cat[key] === en[key]);
    expect(same.length, `identical to en: ${same.join(", ")}`).toBeLessThanOrEqual(MAX_IDENTICAL);
  });

  it("names the eight compass points, as en does", () => {
    const names = (cat["point.compass"] as string).split(",");
    expect(names).toHaveLength(8);
    for (const n of names) expect(n.trim().length).toBeGreaterThan(0);
  });
});
