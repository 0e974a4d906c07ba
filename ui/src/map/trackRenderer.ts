// Which renderer draws the shown track: "gpu" (the custom WebGL layer over the packed columns,
// map/gpu/) or "geojson" (the line layers over GeoJSON built by lib/trackGeo.ts). Kept side by
// side so both can be measured in one run; chosen by localStorage "trackmate.trackRenderer"
// ("gpu" opts in), read when the track layer mounts (a change takes effect on the next map, e.g.
// after a reload). GeoJSON stays the default: in the real web view (WebKitGTK, BENCHMARKS.md) the
// GPU path shows a 100,000-point track 3.3× sooner, but pans over it slower (58% of the empty
// map's frame rate against 96%) and replays a 1,000,000-point one at 13 fps against 43 — to be
// found and fixed before it is the default. The browser tests run both.
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
