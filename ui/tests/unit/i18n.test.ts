// The eight catalogues against the English reference: every key in en's order, the same {params}
// (well-formed, none added or dropped), no empty text, each plural message with exactly the
// categories Intl.PluralRules has for the language, real translations (few texts equal English),
// no bidi controls or Arabic-Indic digits typed in; and translate() picking plural forms,
// filling parameters and formatting numbers per language.
import { describe, expect, it } from "vitest";
import { en, type MessageKey } from "../../src/i18n/en";
import { catalogues, chooseLanguage, intlTag, isRtl, LANGUAGES, translate } from "../../src/i18n/translate";
import type { Language, Message } from "../../src/i18n/types";

const KEYS = Object.keys(en) as MessageKey[];
const OTHERS = LANGUAGES.filter((l) => l !== "en");

const texts = (m: Message): string[] => (typeof m === "string" ? [m] : Object.values(m).filter((x): x is string => typeof x === "string"));
const params = (m: Message): string[] => [...new Set(texts(m).flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1] as string)))].sort();
/** Anything in braces, well-formed or not: a translated or broken placeholder shows here. */
const braces = (s: string): string[] => [...s.matchAll(/\{[^}]*\}?/g)].map((x) => x[0]);

// Texts the same in every language by construction: unit symbols and number templates
// ("{points} · {length}", "{h} h {m} min"). Names and codes count toward the limit below.
const LANGUAGE_NEUTRAL = (key: string): boolean =>
  key.startsWith("unit.") || key.startsWith("duration.") || key === "track.summary" || key === "stop.from" || key === "chart.altitudeValue";
const MAX_IDENTICAL = 8;

describe.each(OTHERS)("catalogue %s", (lang) => {
  const cat = catalogues[lang] as Record<MessageKey, Message>;

  it("has exactly the keys of en, in the same order", () => {
    expect(Object.keys(cat)).toEqual(KEYS);
  });

  it("takes the same well-formed {params} as en in every message and form", () => {
    for (const key of KEYS) {
      expect(params(cat[key]), key).toEqual(params(en[key]));
      const allowed = params(en[key]).map((p) => `{${p}}`);
      for (const s of texts(cat[key])) for (const b of braces(s)) expect(allowed, `${key}: ${b}`).toContain(b);
    }
  });

  it("has no empty text", () => {
    for (const key of KEYS) for (const s of texts(cat[key])) expect(s.trim().length, key).toBeGreaterThan(0);
  });

  it("gives each plural message exactly the language's plural categories", () => {
    const categories = [...new Intl.PluralRules(lang).resolvedOptions().pluralCategories].sort();
    for (const key of KEYS) {
      const m = cat[key];
      expect(typeof m, key).toBe(typeof en[key]);
      if (typeof m !== "string") expect(Object.keys(m).sort(), key).toEqual(categories);
    }
  });

  it("leaves at most a handful of texts identical to English", () => {
    const same = KEYS.filter((key) => !LANGUAGE_NEUTRAL(key) && typeof en[key] === "string" && cat[key] === en[key]);
    expect(same.length, `identical to en: ${same.join(", ")}`).toBeLessThanOrEqual(MAX_IDENTICAL);
    for (const key of KEYS) if (typeof en[key] !== "string") expect(cat[key], key).not.toEqual(en[key]);
  });

  it("names the eight compass points", () => {
    const names = (cat["point.compass"] as string).split(",");
    expect(names).toHaveLength(8);
    for (const n of names) expect(n.trim().length).toBeGreaterThan(0);
  });

  it("has no bidi control characters and no Arabic-Indic digits (numbers come through Intl)", () => {
    for (const key of KEYS) {
      for (const s of texts(cat[key])) {
        expect(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(s), key).toBe(false);
        expect(/[\u0660-\u0669\u06f0-\u06f9]/.test(s), key).toBe(false);
      }
    }
  });
});

describe("translate", () => {
  const n = (lang: Language, count: number, key: MessageKey = "objects.count") => translate(lang, key, { count });

  it("picks English plural forms and fills parameters", () => {
    expect(n("en", 1)).toBe("1 object");
    expect(n("en", 2)).toBe("2 objects");
    expect(translate("en", "error.api", { message: "Boom", code: 7 })).toBe("The server refused: Boom (code 7).");
  });

  it("Russian and Ukrainian: 1 and 21 one, 2–4 and 22 few, 5–20 and 25 many", () => {
    expect([1, 3, 5, 21].map((c) => n("ru", c))).toEqual(["1 объект", "3 объекта", "5 объектов", "21 объект"]);
    expect(n("ru", 10000)).toMatch(/^10\s000 объектов$/);
    expect([1, 21, 22, 25, 11].map((c) => n("uk", c))).toEqual(["1 об'єкт", "21 об'єкт", "22 об'єкти", "25 об'єктів", "11 об'єктів"]);
    expect(n("uk", 21, "trips.showSelected")).toBe("Показати 21 поїздку");
  });

  it("Romanian: 1 one, 0 and 2–19 few, 20 and more with “de”, 101–119 few again", () => {
    expect([1, 0, 19, 20, 101, 120].map((c) => n("ro", c))).toEqual(["1 obiect", "0 obiecte", "19 obiecte", "20 de obiecte", "101 obiecte", "120 de obiecte"]);
  });

  it("Arabic: zero, one, dual, 3–10, 11–99 and 100 forms differ, numbers in Western digits", () => {
    const forms = [0, 1, 2, 3, 11, 100].map((c) => n("ar", c));
    expect(new Set(forms).size).toBe(6);
    expect(n("ar", 3)).toMatch(/^3 /);
    expect(n("ar", 1234)).toMatch(/1[,٬]?234/);
    expect(isRtl("ar")).toBe(true);
    expect(intlTag("ar")).toBe("ar-u-nu-latn");
  });

  it("Spanish, German and Portuguese singular and plural", () => {
    expect([n("es", 1), n("es", 2)]).toEqual(["1 objeto", "2 objetos"]);
    expect([n("de", 1), n("de", 2)]).toEqual(["1 Objekt", "2 Objekte"]);
    expect([n("pt", 1), n("pt", 2)]).toEqual(["1 objeto", "2 objetos"]);
  });

  it("chooses one of the eight from a preference list (the seed's en_US and ru forms both)", () => {
    expect(chooseLanguage(null, "ru-RU")).toBe("ru");
    expect(chooseLanguage("de", "en-US")).toBe("de");
    expect(chooseLanguage("pt_BR")).toBe("pt");
    expect(chooseLanguage("nl_NL", "uk_UA")).toBe("uk");
    expect(chooseLanguage(undefined)).toBe("en");
    expect(LANGUAGES).toHaveLength(8);
  });
});
