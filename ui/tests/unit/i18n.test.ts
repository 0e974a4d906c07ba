// Catalogue completeness: en and ru have the same keys, the same {params}, and Russian plurals
// have the forms Intl.PluralRules asks for.
import { describe, expect, it } from "vitest";
import { en } from "../../src/i18n/en";
import { ru } from "../../src/i18n/ru";
import { chooseLanguage, translate } from "../../src/i18n/translate";
import type { Message } from "../../src/i18n/types";

const params = (m: Message): string[] => {
  const texts = typeof m === "string" ? [m] : Object.values(m).filter((x): x is string => typeof x === "string");
  return [...new Set(texts.flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1] as string)))].sort();
};

describe("catalogues", () => {
  it("every key in en exists in ru and vice versa", () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
  });

  it("messages take the same parameters in both languages", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(params(ru[key]), key).toEqual(params(en[key]));
    }
  });

  it("no message is empty", () => {
    for (const [key, m] of [...Object.entries(en), ...Object.entries(ru)]) {
      const texts = typeof m === "string" ? [m] : Object.values(m);
      for (const s of texts) expect(String(s).trim().length, key).toBeGreaterThan(0);
    }
  });

  it("Russian plural messages have one, few, many and other", () => {
    for (const [key, m] of Object.entries(ru)) {
      if (typeof m === "string") continue;
      expect(Object.keys(m).sort(), key).toEqual(["few", "many", "one", "other"]);
    }
  });
});

describe("translate", () => {
  it("picks Russian plural forms", () => {
    expect(translate("ru", "objects.count", { count: 1 })).toBe("1 объект");
    expect(translate("ru", "objects.count", { count: 3 })).toBe("3 объекта");
    expect(translate("ru", "objects.count", { count: 5 })).toBe("5 объектов");
    expect(translate("ru", "objects.count", { count: 21 })).toBe("21 объект");
    expect(translate("ru", "objects.count", { count: 10000 })).toMatch(/^10\s000 объектов$/);
  });

  it("picks English plural forms and fills parameters", () => {
    expect(translate("en", "objects.count", { count: 1 })).toBe("1 object");
    expect(translate("en", "objects.count", { count: 2 })).toBe("2 objects");
    expect(translate("en", "error.api", { message: "Boom", code: 7 })).toBe("The server refused: Boom (code 7).");
  });

  it("chooses a supported language", () => {
    expect(chooseLanguage(null, "ru-RU")).toBe("ru");
    expect(chooseLanguage("de", "en-US")).toBe("en");
    expect(chooseLanguage(undefined)).toBe("en");
  });
});
