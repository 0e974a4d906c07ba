// The reactive current language and the `t(key, params)` used by every component.
import { translate, type Language, type MessageKey, type Params } from "./translate";

const state = $state<{ lang: Language }>({ lang: "en" });

export function t(key: MessageKey, params?: Params): string {
  return translate(state.lang, key, params);
}

export function currentLanguage(): Language {
  return state.lang;
}

export function setLanguage(lang: Language): void {
  state.lang = lang;
  if (typeof document !== "undefined") document.documentElement.lang = lang;
}
