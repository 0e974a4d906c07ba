// The replay clock (Replay in replay.svelte.ts) on fake timers: play at ×60 advances 60 s of track
// per second of wall time, pause holds, speed changes keep the position, the stop between trips is
// skipped, the end pauses, keys map to actions, and frame intervals are recorded.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Replay } from "../../src/replay/replay.svelte";
import type { ReplayTrack } from "../../src/replay/engine";

const T0 = Date.UTC(2024, 5, 14, 6, 0, 0);
const MIN = 60_000;

/** Two trips of 11 points a minute apart (06:00–06:10, 07:00–07:10), moving north. */
function twoTrips(): ReplayTrack {
  const time: number[] = [], lat: number[] = [], lng: number[] = [];
  for (const base of [0, 60]) for (let m = 0; m <= 10; m++) {
    time.push(T0 + (base + m) * MIN);
    lat.push(52 + (base + m) * 0.001);
    lng.push(13);
  }
  return { n: 22, s: 2, time: Float64Array.from(time), lat: Float64Array.from(lat), lng: Float64Array.from(lng), heading: new Float32Array(22).fill(NaN), segmentStart: Uint32Array.of(0, 11, 22) };
}

const key = (k: string, shift = false) => ({ key: k, shiftKey: shift, ctrlKey: false, metaKey: false, altKey: false, defaultPrevented: false, target: null, preventDefault() {} }) as unknown as KeyboardEvent;

describe("replay clock", () => {
  beforeEach(() => {
    // Node has no animation frames: stand-ins that the fake timers then take over.
    const g = globalThis as unknown as Record<string, unknown>;
    g.requestAnimationFrame ??= (cb: (t: number) => void) => setTimeout(() => cb(performance.now()), 16);
    g.cancelAnimationFrame ??= (id: number) => clearTimeout(id);
    vi.useFakeTimers({ toFake: ["requestAnimationFrame", "cancelAnimationFrame", "performance", "Date", "setTimeout"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("plays by wall time × speed, pauses, and keeps the position across speed changes", () => {
    const r = new Replay();
    r.load(twoTrips());
    expect(r.time).toBe(T0);
    expect(r.speed).toBe(60);
    r.play();
    vi.advanceTimersByTime(3000);
    expect(Math.abs(r.time - (T0 + 3 * MIN))).toBeLessThanOrEqual(60 * 16);
    r.pause();
    const held = r.time;
    vi.advanceTimersByTime(5000);
    expect(r.time).toBe(held);
    r.play();
    r.changeSpeed(1); // ×120
    vi.advanceTimersByTime(1000);
    expect(Math.abs(r.time - (held + 2 * MIN))).toBeLessThanOrEqual(120 * 16);
    r.destroy();
  });

  it("skips the stop between trips and pauses at the end", () => {
    const r = new Replay();
    r.load(twoTrips());
    r.seek(T0 + 9 * MIN);
    r.play();
    vi.advanceTimersByTime(2000); // 1 min to the end of trip 1, then 1 min of trip 2
    expect(Math.abs(r.time - (T0 + 61 * MIN))).toBeLessThanOrEqual(60 * 16);
    vi.advanceTimersByTime(60_000);
    expect(r.playing).toBe(false);
    expect(r.time).toBe(T0 + 70 * MIN);
    r.play(); // from the start again
    expect(r.time).toBe(T0);
    expect(r.frames.summary().frames).toBeGreaterThan(50);
    r.destroy();
  });

  it("waits through the stop without skip stops", () => {
    const r = new Replay();
    r.load(twoTrips());
    r.setSkipStops(false);
    r.seek(T0 + 9 * MIN);
    r.play();
    vi.advanceTimersByTime(2000);
    expect(Math.abs(r.time - (T0 + 11 * MIN))).toBeLessThanOrEqual(60 * 16);
    r.destroy();
  });

  it("handles replay keys only with a track", () => {
    const r = new Replay();
    expect(r.handleKey(key(" "))).toBe(false);
    r.load(twoTrips());
    r.seek(T0 + 2 * MIN);
    expect(r.handleKey(key("ArrowRight"))).toBe(true);
    expect(r.time).toBe(T0 + 62 * MIN); // 10 s × 60 = 10 min of play time, the stop skipped → 07:02
    expect(r.handleKey(key("ArrowLeft", true))).toBe(true);
    expect(r.time).toBe(T0 + 61 * MIN);
    expect(r.handleKey(key("-"))).toBe(true);
    expect(r.speed).toBe(30);
    expect(r.handleKey(key(" "))).toBe(true);
    expect(r.playing).toBe(true);
    expect(r.handleKey(key("x"))).toBe(false);
    r.load(null);
    expect(r.playing).toBe(false);
    expect(r.track).toBeNull();
  });
});
