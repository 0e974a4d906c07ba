// Pure translation core: look a key up in a language's catalogue, pick the plural form with
// Intl.PluralRules, substitute {params}. No UI state here (see locale.svelte.ts).
import { ar } from "./ar";
import { de } from "./de";
import { en, type MessageKey } from "./en";
import { es } from "./es";
import { pt } from "./pt";
import { ro } from "./ro";
import { ru } from "./ru";
import { uk } from "./uk";
import type { Catalogue, Language, Message, Params, PluralForms } from "./types";

export const catalogues: Record<Language, Catalogue> = { en, ru, es, ar, de, pt, ro, uk };
/** In the order the language menu lists them. */
export const LANGUAGES: readonly Language[] = ["en", "ru", "es", "ar", "de", "pt", "ro", "uk"];
/** Each language's name in itself (the menu). */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: "English",
  ru: "Русский",
  es: "Español",
  ar: "العربية",
  de: "Deutsch",
  pt: "Português",
  ro: "Română",
  uk: "Українська",
};

/** Written right to left. */
export const isRtl = (lang: Language): boolean => lang === "ar";

/** The BCP 47 tag Intl formats `lang` with: Arabic with Western digits, as the map's scale,
 * the chart and the coordinates write them (ICU's default for "ar" is Arabic-Indic digits). */
export const intlTag = (lang: Language): string => (lang === "ar" ? "ar-u-nu-latn" : lang);

const pluralRules = new Map<Language, Intl.PluralRules>();
function rulesFor(lang: Language): Intl.PluralRules {
  let r = pluralRules.get(lang);
  if (!r) {
    r = new Intl.PluralRules(lang);
    pluralRules.set(lang, r);
  }
  return r;
}

function pick(lang: Language, forms: PluralForms, count: number): string {
  const category = rulesFor(lang).select(count) as keyof PluralForms;
  return forms[category] ?? forms.other;
}

function fill(template: string, params: Params | undefined, lang: Language): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === "number" ? v.toLocaleString(intlTag(lang)) : v;
  });
}

export function translate(lang: Language, key: MessageKey, params?: Params): string {
  const msg: Message | undefined = catalogues[lang][key] ?? en[key];
  if (msg === undefined) return key;
  if (typeof msg === "string") return fill(msg, params, lang);
  const count = typeof params?.count === "number" ? params.count : 0;
  return fill(pick(lang, msg, count), params, lang);
}

/** Picks the UI language from a preference list (settings, server locale, navigator). */
export function chooseLanguage(...candidates: (string | null | undefined)[]): Language {
  for (const c of candidates) {
    if (!c) continue;
    const base = c.toLowerCase().split(/[-_]/)[0] as Language;
    if (LANGUAGES.includes(base)) return base;
  }
  return "en";
}

export type { MessageKey, Language, Params };
