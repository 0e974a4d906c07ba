// Warming the GPU track's code ahead of a first track: JavaScriptCore runs a function cold
// (interpreted, then a first tier) until it has run often, so the projection and the first
// thinned level of a first 100,000-point track took ~25 ms in the real web view against ~7 ms on
// the next loads of it. One pass over a small made-up track, in the same shape as a loaded one
// (decoded from the packed layout), when the map is first idle, does that compiling then;
// nothing of it is kept or drawn.
import { decodePacked, encodePacked, type PackedTrack } from "../../api/packed";
import type { SpeedScale } from "../../lib/speedScale";
import type { MapLibreMap } from "../maplibre";
import { buildLevel, levelForZoom, levelTolerance, projectTrack } from "./lineGeometry";

/** Points of the made-up track: enough for each loop to be compiled, a few ms cold. */
export const WARM_POINTS = 20_000;

/** A made-up track of `n` points in two trips: a wavy line near Astana at every speed. */
export function warmTrack(n: number): PackedTrack {
  const time = new Float64Array(n), lat = new Float64Array(n), lng = new Float64Array(n), speed = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    time[i] = 1_700_000_000_000 + 1000 * i;
    lat[i] = 51.1 + 0.05 * Math.sin(i / 500);
    lng[i] = 71.4 + i / n;
    speed[i] = i % 150;
  }
  return decodePacked(encodePacked({ time, lat, lng, speed, segmentStart: [0, n >> 1], segmentId: [1, 2] }));
}

/** Runs what a shown track runs before its first frame (its projection and first level) once
 * over a made-up track; returns the points the level kept (what a test checks). */
export function warmUp(scale: SpeedScale): number {
  const t = warmTrack(WARM_POINTS);
  return buildLevel(t, projectTrack(t, scale), levelTolerance(levelForZoom(12))).kept;
}

/** Runs `warmUp` once `map` is first idle, in a task of its own (with the scale `scale()` gives
 * then), and hands `done` the points kept; the returned function cancels it (the layer's cleanup). */
export function warmWhenIdle(map: MapLibreMap, scale: () => SpeedScale, done: (kept: number) => void): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const idle = (): void => {
    timer = setTimeout(() => {
      timer = null;
      done(warmUp(scale()));
    }, 0);
  };
  map.once("idle", idle);
  return () => {
    map.off("idle", idle);
    if (timer !== null) clearTimeout(timer);
  };
}
