// The reactive current language and habits (12/24-hour clock, date format), the `t(key, params)`
// used by every component, and the `Loc` every formatted time and number follows.
import type { DateFormat, HourCycle } from "../api";
import type { Loc } from "../lib/format";
import { isRtl, translate, type Language, type MessageKey, type Params } from "./translate";

const state = $state<Loc>({ lang: "en", hourCycle: null, dateFormat: null });

export function t(key: MessageKey, params?: Params): string {
  return translate(state.lang, key, params);
}

export function currentLanguage(): Language {
  return state.lang;
}

/** The language and habits formatting follows (reactive: reading it re-runs on a change). */
export function currentLocale(): Loc {
  return { lang: state.lang, hourCycle: state.hourCycle, dateFormat: state.dateFormat };
}

export function setLanguage(lang: Language): void {
  state.lang = lang;
  if (typeof document !== "undefined") {
    document.documentElement.lang = lang;
    // The whole page mirrors in Arabic (panels, lists, the replay bar; CSS uses logical sides).
    document.documentElement.dir = isRtl(lang) ? "rtl" : "ltr";
  }
}

/** The clock and date format shown (null: the language's own custom). */
export function setHabits(hourCycle: HourCycle | null, dateFormat: DateFormat | null): void {
  state.hourCycle = hourCycle;
  state.dateFormat = dateFormat;
}
