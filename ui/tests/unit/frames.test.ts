// afterNextFrame: the work runs after the next frame (not in it, not before it), once; cancelled,
// never — whether cancelled before the frame or between the frame and the task after it.
// holdBriefly: what comes in the first moment is handed on together when it ends, after it each
// item at once; cancelled, what is held is dropped.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { afterNextFrame, holdBriefly } from "../../src/lib/frames";

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

describe("holdBriefly", () => {
  let clock = 0;
  const now = () => clock;
  const advance = (ms: number) => {
    clock += ms;
    vi.advanceTimersByTime(ms);
  };
  beforeEach(() => {
    clock = 0;
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  });
  afterEach(() => vi.useRealTimers());

  it("hands what came within the grace on together when it ends, then each item as it comes", () => {
    const batches: number[][] = [];
    const held = holdBriefly<number>((items) => batches.push(items), 250, now);
    advance(60);
    held.add(1);
    advance(40);
    held.add(2);
    advance(149);
    expect(batches).toEqual([]); // 249 ms in: still held
    advance(1);
    expect(batches).toEqual([[1, 2]]);
    advance(50);
    held.add(3);
    expect(batches).toEqual([[1, 2], [3]]);
    advance(1000);
    expect(batches).toEqual([[1, 2], [3]]); // nothing handed on twice
  });

  it("an item first coming after the grace is handed on at once", () => {
    const batches: string[][] = [];
    const held = holdBriefly<string>((items) => batches.push(items), 250, now);
    advance(300);
    held.add("a");
    expect(batches).toEqual([["a"]]);
  });

  it("cancelled within the grace, what was held is never handed on", () => {
    const publish = vi.fn();
    const held = holdBriefly<number>(publish, 250, now);
    held.add(1);
    advance(100);
    held.cancel();
    advance(1000);
    expect(publish).not.toHaveBeenCalled();
  });
});
