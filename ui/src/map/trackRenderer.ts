// Which renderer draws the shown track: "gpu" (the custom WebGL layer over the packed columns,
// map/gpu/) or "geojson" (the line layers over GeoJSON built by lib/trackGeo.ts). Kept side by
// side so both can be measured in one run; chosen by localStorage "trackmate.trackRenderer"
// ("gpu" opts in), read when the track layer mounts (a change takes effect on the next map, e.g.
// after a reload). GeoJSON is still the default: in the real web view (WebKitGTK, BENCHMARKS.md)
// the GPU path, culled to the view, now shows a 100,000-point track ~4× sooner and pans and
// replays as fast, in two runs on a quiet machine (the earlier slow pans were the load beside
// that run), but its web process holds ~100 MB more with a 1,000,000-point track. The browser
// tests run both.
export type TrackRenderer = "gpu" | "geojson";

export const TRACK_RENDERER_KEY = "trackmate.trackRenderer";

export function trackRenderer(): TrackRenderer {
  try {
    return localStorage.getItem(TRACK_RENDERER_KEY) === "gpu" ? "gpu" : "geojson";
  } catch {
    // A storage that refuses (private mode, a locked profile) leaves the default.
    return "geojson";
  }
}

/** The custom layer's id on the GPU path. */
export const GPU_TRACK_LAYER = "track-gpu";

/** The lowest layer of the shown track, whichever path draws it: what goes under the track is
 * added before it (geofences, the compared track). */
export function trackBottomLayer(map: { getLayer(id: string): unknown }): string | undefined {
  return ["track-casing", GPU_TRACK_LAYER].find((id) => map.getLayer(id) !== undefined);
}
