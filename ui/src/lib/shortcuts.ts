// The main window's keyboard shortcuts in one table: which keys run which action, where the shortcut
// sheet lists it and what it says. The window dispatches key presses through `runShortcut` and the
// sheet (ShortcutSheet.svelte) is drawn from SHORTCUTS, so the two cannot disagree. Pure apart from
// reading the event's target (DOM-light, so unit tests pass plain objects).
import type { MessageKey } from "../i18n/en";
import { focusKind, type FocusKind, type KeyLike, type ReplayAction } from "../replay/keys";

export type ShortcutId =
  | "search"
  | "help"
  | "escape"
  | "prevTrip"
  | "nextTrip"
  | "follow"
  | "zoomIn"
  | "zoomOut"
  | "fit"
  | "layers"
  | "export"
  | "playPause"
  | "stepBack"
  | "stepForward"
  | "pointBack"
  | "pointForward"
  | "faster"
  | "slower";

/** Keys the object and trip lists handle themselves: listed in the sheet, never dispatched. */
export type ListKeyId = "listMove" | "listEnds" | "listSelect" | "listGroup";

export type ShortcutGroup = "general" | "lists" | "map" | "replay";

export interface Chord {
  /** `KeyboardEvent.key`, lower case for letters. */
  key: string;
  /** Required Shift state; absent: either (a character such as "?" already implies it). */
  shift?: boolean;
  /** Ctrl (or ⌘ on macOS) held. */
  mod?: boolean;
  /** The physical key, for layouts that type another letter there (Cyrillic, Arabic, …). */
  code?: string;
  /** Another key for the same action, not shown in the sheet (e.g. "=" beside "+"). */
  alias?: boolean;
  /** Runs while typing in a text field too (Ctrl+F; "/" there is just a character). */
  inField?: boolean;
}

export interface Shortcut {
  id: ShortcutId | ListKeyId;
  group: ShortcutGroup;
  chords: Chord[];
  label: MessageKey;
  /** Auto-repeat runs it again (zoom, step); toggles ignore a held key. */
  repeat?: boolean;
  /** Handled by the focused list, not by the window. */
  list?: boolean;
  /** The replay action this is, so it stays the same as replay/keys.ts says. */
  replay?: ReplayAction;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { id: "search", group: "general", chords: [{ key: "/", code: "Slash" }, { key: "f", mod: true, code: "KeyF", inField: true }], label: "keys.search" },
  { id: "help", group: "general", chords: [{ key: "?" }], label: "keys.help" },
  { id: "escape", group: "general", chords: [{ key: "Escape" }], label: "keys.escape" },

  { id: "listMove", group: "lists", chords: [{ key: "ArrowUp" }, { key: "ArrowDown" }], label: "keys.listMove", list: true },
  { id: "listEnds", group: "lists", chords: [{ key: "Home" }, { key: "End" }], label: "keys.listEnds", list: true },
  { id: "listSelect", group: "lists", chords: [{ key: "Enter" }, { key: " " }], label: "keys.listSelect", list: true },
  { id: "listGroup", group: "lists", chords: [{ key: "ArrowRight" }, { key: "ArrowLeft" }], label: "keys.listGroup", list: true },
  { id: "prevTrip", group: "lists", chords: [{ key: "[", code: "BracketLeft" }], label: "keys.prevTrip" },
  { id: "nextTrip", group: "lists", chords: [{ key: "]", code: "BracketRight" }], label: "keys.nextTrip" },

  { id: "zoomIn", group: "map", chords: [{ key: "z", shift: false, code: "KeyZ" }], label: "keys.zoomIn", repeat: true },
  { id: "zoomOut", group: "map", chords: [{ key: "z", shift: true, code: "KeyZ" }], label: "keys.zoomOut", repeat: true },
  { id: "fit", group: "map", chords: [{ key: "0", code: "Digit0" }], label: "keys.fit" },
  { id: "follow", group: "map", chords: [{ key: "f", code: "KeyF" }], label: "keys.follow" },
  { id: "layers", group: "map", chords: [{ key: "l", code: "KeyL" }], label: "keys.layers" },
  { id: "export", group: "map", chords: [{ key: "e", code: "KeyE" }], label: "keys.export" },

  { id: "playPause", group: "replay", chords: [{ key: " " }], label: "keys.playPause", replay: { kind: "toggle" } },
  { id: "stepBack", group: "replay", chords: [{ key: "ArrowLeft", shift: false }], label: "keys.stepBack", repeat: true, replay: { kind: "step", dir: -1, byPoint: false } },
  { id: "stepForward", group: "replay", chords: [{ key: "ArrowRight", shift: false }], label: "keys.stepForward", repeat: true, replay: { kind: "step", dir: 1, byPoint: false } },
  { id: "pointBack", group: "replay", chords: [{ key: "ArrowLeft", shift: true }], label: "keys.pointBack", repeat: true, replay: { kind: "step", dir: -1, byPoint: true } },
  { id: "pointForward", group: "replay", chords: [{ key: "ArrowRight", shift: true }], label: "keys.pointForward", repeat: true, replay: { kind: "step", dir: 1, byPoint: true } },
  { id: "faster", group: "replay", chords: [{ key: "+" }, { key: "=", alias: true }], label: "keys.faster", repeat: true, replay: { kind: "speed", dir: 1 } },
  { id: "slower", group: "replay", chords: [{ key: "-" }, { key: "_", alias: true }, { key: "−", alias: true }], label: "keys.slower", repeat: true, replay: { kind: "speed", dir: -1 } },
];

export const GROUPS: readonly { id: ShortcutGroup; label: MessageKey }[] = [
  { id: "general", label: "keys.group.general" },
  { id: "lists", label: "keys.group.lists" },
  { id: "map", label: "keys.group.map" },
  { id: "replay", label: "keys.group.replay" },
];

/** The keys of a chord as shown on key caps: modifiers first ("Ctrl", "Shift"), then the key. */
export function chordCaps(c: Chord): string[] {
  const caps: string[] = [];
  if (c.mod) caps.push("Ctrl");
  if (c.shift) caps.push("Shift");
  caps.push(CAP[c.key] ?? (c.key.length === 1 ? c.key.toUpperCase() : c.key));
  return caps;
}
const CAP: Record<string, string> = { " ": "Space", Escape: "Esc", ArrowUp: "↑", ArrowDown: "↓", ArrowLeft: "←", ArrowRight: "→", "-": "−" };

export interface KeyEventLike extends KeyLike {
  code?: string;
  repeat?: boolean;
  isComposing?: boolean;
  target?: EventTarget | null;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]$/;

function keyMatches(c: Chord, e: KeyEventLike): boolean {
  const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (k === c.key) return true;
  // Another layout types another character on the same key (Cyrillic "а" on F): its position counts.
  return c.code !== undefined && e.code === c.code && e.key.length === 1 && !PRINTABLE_ASCII.test(e.key);
}

export function chordMatches(c: Chord, e: KeyEventLike): boolean {
  if (!keyMatches(c, e) || e.altKey) return false;
  if ((c.mod ?? false) !== (e.ctrlKey || e.metaKey)) return false;
  return c.shift === undefined || c.shift === e.shiftKey;
}

/** Focus inside a widget that owns its arrow keys (radio buttons, a slider that is not replay's). */
function ownsArrows(target: EventTarget | null | undefined): boolean {
  const el = target as { closest?: (s: string) => unknown; type?: string } | null | undefined;
  if (el?.type === "radio") return true;
  return typeof el?.closest === "function" && el.closest('[role="radiogroup"],[role="tablist"]') !== null;
}

/** The window-level shortcut a key press asks for, or null (typing, a list's own key, a button's Space). */
export function shortcutFor(e: KeyEventLike, focus: FocusKind = focusKind(e.target ?? null)): Shortcut | null {
  if (e.defaultPrevented || e.isComposing) return null;
  for (const s of SHORTCUTS) {
    const chord = s.list ? undefined : s.chords.find((c) => chordMatches(c, e));
    if (!chord) continue;
    if (focus === "text" && !chord.inField) return null;
    if (e.repeat && !s.repeat) return null;
    // Space on a focused button or checkbox presses it, as everywhere else.
    if (s.id === "playPause" && focus === "button") return null;
    if (e.key.startsWith("Arrow") && ownsArrows(e.target)) return null;
    return s;
  }
  return null;
}

/** What each shortcut does; false when it does not apply now (no track, nothing selected…). */
export type ShortcutActions = Record<ShortcutId, () => boolean>;

/** Runs the shortcut of a key press; the key's default is prevented only when an action ran. */
export function runShortcut(e: KeyboardEvent, actions: ShortcutActions): ShortcutId | null {
  const s = shortcutFor(e);
  if (!s) return null;
  const id = s.id as ShortcutId;
  if (!actions[id]()) return null;
  e.preventDefault();
  return id;
}
