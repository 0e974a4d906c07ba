// Keyboard camera moves: zoom a step, and fit the view to the shown track or, with no track, to the
// fleet's known positions. The bounds are computed here (skipping points without a position);
// the track is fitted clear of the panels over the map (fitPadding), like a newly loaded track.
import type { MapLibreMap } from "./maplibre";
import { fitPadding } from "./fit";

export type Bounds = [number, number, number, number];

/** West, south, east, north of the finite points, or null when there is none. */
export function boundsOf(lng: ArrayLike<number>, lat: ArrayLike<number>, n = Math.min(lng.length, lat.length)): Bounds | null {
  let w = Infinity, s = Infinity, e = -Infinity, north = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = lng[i] as number, y = lat[i] as number;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > north) north = y;
  }
  return w === Infinity ? null : [w, s, e, north];
}

/** The fleet's positions as bounds (objects that never reported are left out). */
export function fleetBounds(states: Iterable<{ lat: number | null; lng: number | null }>): Bounds | null {
  const lng: number[] = [], lat: number[] = [];
  for (const st of states) {
    if (st.lat === null || st.lng === null) continue;
    lng.push(st.lng);
    lat.push(st.lat);
  }
  return boundsOf(lng, lat);
}

export function fitTrack(map: MapLibreMap, b: Bounds): void {
  map.fitBounds(b, { padding: fitPadding(map), maxZoom: 16, duration: 300 });
}

export function fitFleet(map: MapLibreMap, b: Bounds): void {
  map.fitBounds(b, { padding: 60, maxZoom: 13, duration: 300 });
}
