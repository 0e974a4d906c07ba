// Pure translation core: look a key up in a language's catalogue, pick the plural form with
// Intl.PluralRules, substitute {params}. No UI state here (see locale.svelte.ts).
import { en, type MessageKey } from "./en";
import { ru } from "./ru";
import type { Catalogue, Language, Message, Params, PluralForms } from "./types";

export const catalogues: Record<Language, Catalogue> = { en, ru };
export const LANGUAGES: readonly Language[] = ["en", "ru"];

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
    return typeof v === "number" ? v.toLocaleString(lang) : v;
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
    const base = c.toLowerCase().split(/[-_]/)[0];
    if (base === "ru" || base === "en") return base;
  }
  return "en";
}

export type { MessageKey, Language, Params };
