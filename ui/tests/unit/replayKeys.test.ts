// Replay keys and frame statistics: Space/←/→/Shift/+/− map to actions, typing fields and modified
// keys are left alone (Ctrl+F, /), a focused button keeps its own Space; frame intervals summarized.
import { describe, expect, it } from "vitest";
import { focusKind, replayKeyAction, type KeyLike } from "../../src/replay/keys";
import { FrameStats } from "../../src/replay/frameStats";

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe("replay keys", () => {
  it("maps keys to actions", () => {
    expect(replayKeyAction(key(" "), "other")).toEqual({ kind: "toggle" });
    expect(replayKeyAction(key("ArrowRight"), "other")).toEqual({ kind: "step", dir: 1, byPoint: false });
    expect(replayKeyAction(key("ArrowLeft", { shiftKey: true }), "other")).toEqual({ kind: "step", dir: -1, byPoint: true });
    expect(replayKeyAction(key("+"), "other")).toEqual({ kind: "speed", dir: 1 });
    expect(replayKeyAction(key("="), "other")).toEqual({ kind: "speed", dir: 1 });
    expect(replayKeyAction(key("-"), "other")).toEqual({ kind: "speed", dir: -1 });
    expect(replayKeyAction(key("a"), "other")).toBeNull();
    expect(replayKeyAction(key("Escape"), "other")).toBeNull();
    expect(replayKeyAction(key("/"), "other")).toBeNull();
  });

  it("leaves typing, modified keys and handled events alone", () => {
    expect(replayKeyAction(key(" "), "text")).toBeNull();
    expect(replayKeyAction(key("ArrowLeft"), "text")).toBeNull();
    expect(replayKeyAction(key("f", { ctrlKey: true }), "other")).toBeNull();
    expect(replayKeyAction(key("ArrowRight", { altKey: true }), "other")).toBeNull();
    expect(replayKeyAction(key(" ", { defaultPrevented: true }), "other")).toBeNull();
    // A focused button presses itself on Space; arrows still step. The scrubber takes all keys.
    expect(replayKeyAction(key(" "), "button")).toBeNull();
    expect(replayKeyAction(key("ArrowRight"), "button")).not.toBeNull();
    expect(replayKeyAction(key(" "), "range")).toEqual({ kind: "toggle" });
  });

  it("classifies focused elements", () => {
    expect(focusKind(null)).toBe("other");
    expect(focusKind({ tagName: "INPUT", type: "text" } as unknown as EventTarget)).toBe("text");
    expect(focusKind({ tagName: "INPUT", type: "search" } as unknown as EventTarget)).toBe("text");
    expect(focusKind({ tagName: "INPUT", type: "range", dataset: { replayScrubber: "" } } as unknown as EventTarget)).toBe("range");
    expect(focusKind({ tagName: "INPUT", type: "range", dataset: {} } as unknown as EventTarget)).toBe("text");
    expect(focusKind({ tagName: "INPUT", type: "checkbox" } as unknown as EventTarget)).toBe("button");
    expect(focusKind({ tagName: "SELECT" } as unknown as EventTarget)).toBe("text");
    expect(focusKind({ tagName: "TEXTAREA" } as unknown as EventTarget)).toBe("text");
    expect(focusKind({ tagName: "BUTTON" } as unknown as EventTarget)).toBe("button");
    expect(focusKind({ tagName: "DIV", isContentEditable: true } as unknown as EventTarget)).toBe("text");
    expect(focusKind({ tagName: "DIV" } as unknown as EventTarget)).toBe("other");
  });
});

describe("frame stats", () => {
  it("summarizes intervals between frames, not across pauses", () => {
    const f = new FrameStats(100);
    expect(f.summary().frames).toBe(0);
    for (let k = 0; k <= 20; k++) f.frame(k * 16);
    f.break();
    f.frame(10_000);
    f.frame(10_050);
    const s = f.summary();
    expect(s.frames).toBe(21);
    expect(s.maxMs).toBe(50);
    expect(s.p95Ms).toBe(16);
    expect(s.avgMs).toBeCloseTo((20 * 16 + 50) / 21, 1);
    expect(s.fps).toBeGreaterThan(50);
  });

  it("keeps only the latest frames", () => {
    const f = new FrameStats(10);
    for (let k = 0; k < 100; k++) f.frame(k * 10);
    expect(f.summary()).toMatchObject({ frames: 10, avgMs: 10, p95Ms: 10, fps: 100 });
  });
});
