// The colour theme: the user's choice (light, dark, or null = follow the system's
// `prefers-color-scheme`, live when it changes) and the theme in effect, written to <html> as
// `data-theme` (app.css's colour variables hang on it) and `color-scheme` (native controls,
// scroll bars). The choice is saved through whoever registered a saver (App.svelte: the
// settings), so the switch needs no props threaded through the windows.
import type { Theme } from "../api";

export type ThemeChoice = Theme | null;

const QUERY = "(prefers-color-scheme: dark)";

const state = $state<{ choice: ThemeChoice; systemDark: boolean }>({ choice: null, systemDark: false });
let saver: ((choice: ThemeChoice) => void) | null = null;
let started = false;

function apply(): void {
  if (typeof document === "undefined") return;
  const theme = currentTheme();
  const root = document.documentElement;
  root.dataset.theme = theme;
  root.style.colorScheme = theme;
}

/** Starts following the system (once): the theme applies at once, before settings are read. */
export function startTheme(): void {
  if (started || typeof window === "undefined" || typeof window.matchMedia !== "function") return;
  started = true;
  const mq = window.matchMedia(QUERY);
  state.systemDark = mq.matches;
  mq.addEventListener("change", (e) => {
    state.systemDark = e.matches;
    apply();
  });
  apply();
}

/** The theme in effect: the choice, or the system's. */
export function currentTheme(): Theme {
  return state.choice ?? (state.systemDark ? "dark" : "light");
}

export function themeChoice(): ThemeChoice {
  return state.choice;
}

/** Applies the stored choice (settings read at start-up); does not save it again. */
export function restoreTheme(choice: ThemeChoice | undefined): void {
  state.choice = choice ?? null;
  apply();
}

/** The user's choice from the switch: applied and saved. */
export function chooseTheme(choice: ThemeChoice): void {
  state.choice = choice;
  apply();
  saver?.(choice);
}

/** Who saves a choice (the settings' owner). */
export function onThemeChosen(save: (choice: ThemeChoice) => void): void {
  saver = save;
}
