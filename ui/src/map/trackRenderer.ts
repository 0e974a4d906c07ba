// Which renderer draws the shown track: "gpu" (the custom WebGL layer over the packed columns,
// map/gpu/) or "geojson" (the line layers over GeoJSON built by lib/trackGeo.ts). Kept side by
// side so both can be measured in one run; chosen by localStorage "trackmate.trackRenderer"
// ("geojson" opts out of the GPU path), read when the track layer mounts (a change takes effect on
// the next map, e.g. after a reload). The GPU path is the default: in the real web view
// (WebKitGTK, BENCHMARKS.md) it shows a 100,000-point track ~6× sooner, pans and replays as fast,
// and draws a track being read window by window as the windows come (the GeoJSON path waits for
// the whole track); its web process holds more with a 1,000,000-point track (BENCHMARKS.md says
// how much). The browser tests run both.
export type TrackRenderer = "gpu" | "geojson";

export const TRACK_RENDERER_KEY = "trackmate.trackRenderer";

export function trackRenderer(): TrackRenderer {
  try {
    return localStorage.getItem(TRACK_RENDERER_KEY) === "geojson" ? "geojson" : "gpu";
  } catch {
    // A storage that refuses (private mode, a locked profile) leaves the default.
    return "gpu";
  }
}

/** The custom layer's id on the GPU path. */
export const GPU_TRACK_LAYER = "track-gpu";

/** The lowest layer of the shown track, whichever path draws it: what goes under the track is
 * added before it (geofences, the compared track). */
export function trackBottomLayer(map: { getLayer(id: string): unknown }): string | undefined {
  return ["track-casing", GPU_TRACK_LAYER].find((id) => map.getLayer(id) !== undefined);
}
