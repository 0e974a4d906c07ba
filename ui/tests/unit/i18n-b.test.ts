// The Arabic, Ukrainian and Romanian catalogues: complete (the keys of en, in its order), the same
// {params} as English, no empty text, exactly the plural forms Intl.PluralRules has for the language,
// translated (only a few names and codes equal English), and the right form chosen for a count.
import { describe, expect, it } from "vitest";
import { ar } from "../../src/i18n/ar";
import { en, type MessageKey } from "../../src/i18n/en";
import { ro } from "../../src/i18n/ro";
import type { Message, PluralForms } from "../../src/i18n/types";
import { uk } from "../../src/i18n/uk";

// maxSame: how many string messages may equal English. Romanian writes the same SI symbols as
// English ("km", "km/h", "{m} min", "{h} h {m} min", "{s} s", "{altitude} m"), so it has a few more.
const CATALOGUES: { lang: string; cat: Record<MessageKey, Message>; maxSame: number }[] = [
  { lang: "ar", cat: ar, maxSame: 8 },
  { lang: "uk", cat: uk, maxSame: 8 },
  { lang: "ro", cat: ro, maxSame: 11 },
];

const texts = (m: Message): string[] => (typeof m === "string" ? [m] : Object.values(m).filter((x): x is string => typeof x === "string"));
const params = (m: Message): string[] => [...new Set(texts(m).flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1] as string)))].sort();
// Anything in braces, well-formed or not: a translated or broken placeholder shows up here.
const braces = (s: string): string[] => [...s.matchAll(/\{[^}]*\}?/g)].map((x) => x[0]).sort();

/** A template without a word: only placeholders, symbols and abbreviations of up to 3 letters. */
const bare = (s: string): boolean => !/\p{L}{4,}/u.test(s.replace(/\{\w+\}/g, ""));

/** The form of a plural message that Intl.PluralRules picks for `n`, with {count} filled. */
function pick(lang: string, m: Message, n: number): string {
  if (typeof m === "string") throw new Error("not a plural message");
  const form = (m as PluralForms)[new Intl.PluralRules(lang).select(n) as keyof PluralForms] ?? m.other;
  return form.replace("{count}", String(n));
}

describe.each(CATALOGUES)("catalogue $lang", ({ lang, cat, maxSame }) => {
  it("has every key of en, in the same order, and no other", () => {
    expect(Object.keys(cat)).toEqual(Object.keys(en));
  });

  it("keeps the {params} of every English message, none added or dropped", () => {
    for (const key of Object.keys(en) as MessageKey[]) {
      expect(params(cat[key]), key).toEqual(params(en[key]));
      // Every form's braces are well-formed placeholders that English has.
      for (const s of texts(cat[key])) {
        for (const b of braces(s)) expect(params(en[key]).map((p) => `{${p}}`), `${key}: ${b}`).toContain(b);
      }
    }
  });

  it("has no empty text", () => {
    for (const [key, m] of Object.entries(cat)) {
      for (const s of texts(m)) expect(s.trim().length, key).toBeGreaterThan(0);
    }
  });

  it("gives plural messages exactly the language's plural categories, and strings where English has strings", () => {
    const categories = [...new Intl.PluralRules(lang).resolvedOptions().pluralCategories].sort();
    for (const key of Object.keys(en) as MessageKey[]) {
      const m = cat[key];
      expect(typeof m, key).toBe(typeof en[key]);
      if (typeof m !== "string") expect(Object.keys(m).sort(), key).toEqual(categories);
    }
  });

  it("translates: few string messages equal English, and of those with words only names and codes", () => {
    const same = (Object.keys(en) as MessageKey[]).filter((k) => typeof en[k] === "string" && cat[k] === en[k]);
    expect(same.length, same.join(", ")).toBeLessThanOrEqual(maxSame);
    // Texts with words that stay English: the product, the example URL and the map's name only.
    const worded = same.filter((k) => !bare(en[k] as string));
    expect(worded, worded.join(", ")).toEqual(["app.name", "signin.customUrlPlaceholder", "tiles.osm"]);
    for (const key of Object.keys(en) as MessageKey[]) {
      const e = en[key];
      if (typeof e !== "string") expect(cat[key], key).not.toEqual(e);
    }
  });

  it("keeps the compass as eight comma-separated names", () => {
    const names = (cat["point.compass"] as string).split(",");
    expect(names).toHaveLength(8);
    for (const n of names) expect(n.trim().length).toBeGreaterThan(0);
  });

  it("has no bidi control characters and no Eastern Arabic digits", () => {
    for (const [key, m] of Object.entries(cat)) {
      for (const s of texts(m)) {
        expect(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(s), key).toBe(false);
        // Arabic-Indic digits never appear: numbers come formatted through placeholders.
        expect(/[\u0660-\u0669\u06f0-\u06f9]/.test(s), key).toBe(false);
      }
    }
  });
});

describe("plural forms chosen for a count", () => {
  it("Arabic: zero, one, dual, 3–10 plural, 11–99 singular, 100+ singular", () => {
    const m = ar["objects.count"];
    const forms = [0, 1, 2, 3, 10, 11, 99, 100, 102, 103].map((n) => pick("ar", m, n));
    expect(new Set(forms.slice(0, 4)).size).toBe(4); // zero, one, two and few all differ
    expect(forms[1]).not.toContain("1"); // "one" says the noun with "واحد/واحدة", no digit
    expect(forms[2]).not.toContain("2"); // the dual carries the number itself
    expect(forms[2]).toBe((m as PluralForms).two);
    expect(forms[3]).toBe("3 " + (m as PluralForms).few?.replace("{count} ", ""));
    expect(forms[4]).toBe(forms[3]?.replace("3", "10"));
    expect(forms[5]).toBe((m as PluralForms).many?.replace("{count}", "11"));
    expect(forms[8]).toBe((m as PluralForms).other.replace("{count}", "102"));
    expect(forms[9]).toBe(forms[3]?.replace("3", "103"));
    expect(pick("ar", ar["trips.showSelected"], 2)).toBe((ar["trips.showSelected"] as PluralForms).two);
  });

  it("Ukrainian: 1 and 21 one, 2–4 and 22 few, 5–20 and 25 many", () => {
    const m = uk["objects.count"];
    expect(pick("uk", m, 1)).toBe("1 об'єкт");
    expect(pick("uk", m, 21)).toBe("21 об'єкт");
    expect(pick("uk", m, 22)).toBe("22 об'єкти");
    expect(pick("uk", m, 25)).toBe("25 об'єктів");
    expect(pick("uk", m, 11)).toBe("11 об'єктів");
    expect(pick("uk", uk["trips.showSelected"], 21)).toBe("Показати 21 поїздку");
    expect(pick("uk", uk["trips.points"], 3)).toBe("3 точки");
    expect(pick("uk", uk["time.daysAgo"], 5)).toBe("5 днів тому");
  });

  it("Romanian: 1 one, 0 and 2–19 few, 20+ with “de”, 101–119 few again", () => {
    const m = ro["objects.count"];
    expect(pick("ro", m, 1)).toBe("1 obiect");
    expect(pick("ro", m, 0)).toBe("0 obiecte");
    expect(pick("ro", m, 19)).toBe("19 obiecte");
    expect(pick("ro", m, 20)).toBe("20 de obiecte");
    expect(pick("ro", m, 101)).toBe("101 obiecte");
    expect(pick("ro", m, 120)).toBe("120 de obiecte");
    expect(pick("ro", ro["trips.showSelected"], 25)).toBe("Afișează 25 de curse");
  });
});
