// Replay keyboard shortcuts, pure: which action a key press asks for (Space play/pause, ←/→ a step
// of 10 s × the speed factor, Shift+←/→ the previous/next point, +/− faster/slower), and whether the
// focused element owns the key (typing in a field, a button's own Space) so replay must leave it.

export type ReplayAction =
  | { kind: "toggle" }
  | { kind: "step"; dir: 1 | -1; byPoint: boolean }
  | { kind: "speed"; dir: 1 | -1 };

export interface KeyLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  defaultPrevented?: boolean;
}

/** What the focused element is, as far as replay keys care ("range": the replay scrubber). */
export type FocusKind = "text" | "button" | "range" | "other";

const TEXT_TYPES = new Set(["text", "search", "password", "email", "url", "tel", "number", "date", "datetime-local", "time", "month", "week"]);

/** Classifies a key event's target (DOM-light so it also runs on plain objects in tests). */
export function focusKind(target: EventTarget | null): FocusKind {
  const el = target as { tagName?: string; type?: string; isContentEditable?: boolean; dataset?: Record<string, string | undefined> } | null;
  const tag = el?.tagName?.toUpperCase();
  if (!tag) return "other";
  if (tag === "TEXTAREA" || tag === "SELECT" || el?.isContentEditable) return "text";
  if (tag === "INPUT") {
    const type = (el?.type ?? "text").toLowerCase();
    // The replay's own scrubber takes replay keys; any other slider keeps its arrows.
    if (type === "range") return el?.dataset?.replayScrubber !== undefined ? "range" : "text";
    if (type === "checkbox" || type === "radio" || type === "button" || type === "submit") return "button";
    return TEXT_TYPES.has(type) ? "text" : "other";
  }
  if (tag === "BUTTON" || tag === "A" || tag === "SUMMARY") return "button";
  return "other";
}

/** The replay action of a key press, or null when the key is not replay's (or not here). */
export function replayKeyAction(e: KeyLike, focus: FocusKind): ReplayAction | null {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || focus === "text") return null;
  switch (e.key) {
    case " ":
    case "Spacebar":
      // Space on a focused button presses that button, as everywhere else.
      return focus === "button" ? null : { kind: "toggle" };
    case "ArrowLeft":
    case "ArrowRight":
      return { kind: "step", dir: e.key === "ArrowRight" ? 1 : -1, byPoint: e.shiftKey };
    case "+":
    case "=":
      return { kind: "speed", dir: 1 };
    case "-":
    case "_":
    case "−":
      return { kind: "speed", dir: -1 };
    default:
      return null;
  }
}
