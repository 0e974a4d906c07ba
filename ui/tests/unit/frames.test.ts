// afterNextFrame: the work runs after the next frame (not in it, not before it), once; cancelled,
// never — whether cancelled before the frame or between the frame and the task after it.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { afterNextFrame } from "../../src/lib/frames";

describe("afterNextFrame", () => {
  // Animation frames by hand: the callbacks asked for run when the test draws a frame.
  let frames = new Map<number, () => void>();
  let next = 0;
  const drawFrame = () => {
    const due = frames;
    frames = new Map();
    for (const f of due.values()) f();
  };
  beforeEach(() => {
    frames = new Map();
    const g = globalThis as unknown as Record<string, unknown>;
    g.requestAnimationFrame = (cb: () => void) => (frames.set(++next, cb), next);
    g.cancelAnimationFrame = (id: number) => frames.delete(id);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  });
  afterEach(() => vi.useRealTimers());

  it("runs the work in a task after the frame", () => {
    const fn = vi.fn();
    afterNextFrame(fn);
    vi.runAllTimers();
    expect(fn).not.toHaveBeenCalled(); // no frame yet
    drawFrame();
    expect(fn).not.toHaveBeenCalled(); // not inside the frame
    vi.runAllTimers();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("cancelled before the frame or after it, the work never runs", () => {
    const early = vi.fn(), late = vi.fn();
    afterNextFrame(early)();
    const cancelLate = afterNextFrame(late);
    drawFrame();
    cancelLate();
    vi.runAllTimers();
    drawFrame();
    vi.runAllTimers();
    expect(early).not.toHaveBeenCalled();
    expect(late).not.toHaveBeenCalled();
  });
});
