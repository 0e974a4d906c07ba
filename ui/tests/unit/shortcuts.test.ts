// The shortcut table: one action per key press (no two window shortcuts share a key), every label
// translated, replay rows the same as replay/keys.ts says, typing fields and modified keys left
// alone, and the key's position used on non-Latin layouts.
import { describe, expect, it } from "vitest";
import { chordCaps, chordMatches, GROUPS, SHORTCUTS, shortcutFor, type KeyEventLike } from "../../src/lib/shortcuts";
import { replayKeyAction } from "../../src/replay/keys";
import { en } from "../../src/i18n/en";

const key = (k: string, mods: Partial<KeyEventLike> = {}): KeyEventLike => ({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });
const id = (e: KeyEventLike, focus: "text" | "button" | "range" | "other" = "other") => shortcutFor(e, focus)?.id ?? null;

describe("shortcut table", () => {
  it("has unique ids, known groups and labels that exist in en", () => {
    const ids = SHORTCUTS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of SHORTCUTS) {
      expect(GROUPS.map((g) => g.id)).toContain(s.group);
      expect(en[s.label], s.label).toBeTypeOf("string");
      expect(s.chords.length).toBeGreaterThan(0);
    }
  });

  it("gives no two window shortcuts the same chord", () => {
    const seen = new Map<string, string>();
    for (const s of SHORTCUTS.filter((x) => !x.list)) {
      for (const c of s.chords) {
        for (const shift of c.shift === undefined ? [false, true] : [c.shift]) {
          const sig = `${c.key}|${shift}|${c.mod ?? false}`;
          expect(seen.get(sig), `${s.id} vs ${seen.get(sig)}`).toBeUndefined();
          seen.set(sig, s.id);
        }
      }
    }
  });

  it("keeps the replay rows what replay/keys.ts maps the same keys to", () => {
    for (const s of SHORTCUTS.filter((x) => x.replay)) {
      for (const c of s.chords) {
        expect(replayKeyAction(key(c.key, { shiftKey: c.shift ?? false }), "other"), s.id).toEqual(s.replay);
      }
    }
  });

  it("maps keys to shortcuts", () => {
    expect(id(key("/"))).toBe("search");
    expect(id(key("f", { ctrlKey: true }))).toBe("search");
    expect(id(key("f", { metaKey: true }))).toBe("search");
    expect(id(key("?", { shiftKey: true }))).toBe("help");
    expect(id(key("["))).toBe("prevTrip");
    expect(id(key("]"))).toBe("nextTrip");
    expect(id(key("z"))).toBe("zoomIn");
    expect(id(key("Z", { shiftKey: true }))).toBe("zoomOut");
    expect(id(key("0"))).toBe("fit");
    expect(id(key("F", { shiftKey: true }))).toBe("follow");
    expect(id(key("l"))).toBe("layers");
    expect(id(key("e"))).toBe("export");
    expect(id(key(" "))).toBe("playPause");
    expect(id(key("ArrowLeft"))).toBe("stepBack");
    expect(id(key("ArrowRight", { shiftKey: true }))).toBe("pointForward");
    expect(id(key("="))).toBe("faster");
    expect(id(key("−"))).toBe("slower");
    expect(id(key("Escape"))).toBe("escape");
    expect(id(key("Enter"))).toBeNull();
    expect(id(key("ArrowDown"))).toBeNull();
    expect(id(key("q"))).toBeNull();
  });

  it("leaves typing, Alt, handled events and a button's Space alone", () => {
    for (const k of ["/", "?", "z", "0", "f", "l", "e", "[", " ", "ArrowLeft", "+", "Escape"]) expect(id(key(k), "text"), k).toBeNull();
    expect(id(key("f", { ctrlKey: true }), "text")).toBe("search");
    expect(id(key("z", { altKey: true }))).toBeNull();
    expect(id(key("l", { ctrlKey: true }))).toBeNull();
    expect(id(key("z", { defaultPrevented: true }))).toBeNull();
    expect(id(key("z", { isComposing: true }))).toBeNull();
    expect(id(key(" "), "button")).toBeNull();
    expect(id(key("l"), "button")).toBe("layers");
  });

  it("runs held keys again only for zoom and steps", () => {
    expect(id(key("z", { repeat: true }))).toBe("zoomIn");
    expect(id(key("ArrowRight", { repeat: true }))).toBe("stepForward");
    expect(id(key("l", { repeat: true }))).toBeNull();
    expect(id(key("?", { repeat: true }))).toBeNull();
  });

  it("leaves arrows to radio groups and tab lists", () => {
    const radio = { type: "radio", closest: () => null } as unknown as EventTarget;
    const inTabs = { closest: (s: string) => (s.includes("tablist") ? {} : null) } as unknown as EventTarget;
    expect(shortcutFor({ ...key("ArrowRight"), target: radio }, "button")).toBeNull();
    expect(shortcutFor({ ...key("ArrowLeft"), target: inTabs }, "button")).toBeNull();
    expect(shortcutFor({ ...key("l"), target: radio }, "button")?.id).toBe("layers");
  });

  it("finds letters by their key on other layouts, never a Latin character by position", () => {
    // Russian layout: F types "а", L types "д", [ types "х".
    expect(id(key("а", { code: "KeyF" }))).toBe("follow");
    expect(id(key("д", { code: "KeyL" }))).toBe("layers");
    expect(id(key("х", { code: "BracketLeft" }))).toBe("prevTrip");
    // A Latin layout where that key is another letter (AZERTY: KeyZ types "w"): the character counts.
    expect(id(key("w", { code: "KeyZ" }))).toBeNull();
    expect(chordMatches({ key: "z", code: "KeyZ" }, key("я", { code: "KeyZ" }))).toBe(true);
  });

  it("shows chords as key caps", () => {
    expect(chordCaps({ key: "z", shift: true })).toEqual(["Shift", "Z"]);
    expect(chordCaps({ key: "f", mod: true })).toEqual(["Ctrl", "F"]);
    expect(chordCaps({ key: " " })).toEqual(["Space"]);
    expect(chordCaps({ key: "ArrowLeft", shift: true })).toEqual(["Shift", "←"]);
  });
});
