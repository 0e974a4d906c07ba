// The display habits in force: each of language, units, date format and clock is the user's
// choice for this server profile when they made one, else what the server keeps for the user,
// else (language) the last one chosen on this computer or the system's.
import type { Habits, Language, ServerHabits, Settings, UnitsChoice } from "../api";

export interface InForce {
  language: Language;
  units: UnitsChoice;
  /** The units without this profile's choice (the server's, else this computer's older global
   * choice, else metric): what "follow" in the display menu gives. */
  followUnits: UnitsChoice;
  dateFormat: Habits["dateFormat"];
  hourCycle: Habits["hourCycle"];
}

/** The habits in force for a profile. `fallbackLanguage`: when neither choice nor server says. */
export function habitsInForce(server: ServerHabits, choice: Habits | undefined, fallbackLanguage: Language, legacyUnits: UnitsChoice | null = null): InForce {
  const followUnits = server.units ?? legacyUnits ?? "metric";
  return {
    language: choice?.language ?? server.language ?? fallbackLanguage,
    units: choice?.units ?? followUnits,
    followUnits,
    dateFormat: choice?.dateFormat ?? server.dateFormat,
    hourCycle: choice?.hourCycle ?? server.hourCycle,
  };
}

export const NO_CHOICE: Habits = { language: null, units: null, dateFormat: null, hourCycle: null };

/** The settings with `profile`'s choice of `key` changed (`null`: follow the server again);
 * a profile without any choice left is dropped. */
export function withChoice<K extends keyof Habits>(settings: Settings, profile: string, key: K, value: Habits[K]): Settings {
  const mine: Habits = { ...NO_CHOICE, ...settings.habits?.[profile], [key]: value };
  const others = Object.entries(settings.habits ?? {}).filter(([p]) => p !== profile);
  const keep = Object.values(mine).some((v) => v !== null);
  return { ...settings, habits: Object.fromEntries(keep ? [...others, [profile, mine]] : others) };
}
