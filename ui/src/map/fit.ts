// Padding for fitting a track in view: clear of the track panel (top-left, 320 px), the legend and
// replay bar below, and the map buttons on the right; narrowed on a small map so a fit stays possible.
import type { MapLibreMap } from "./maplibre";

export function fitPadding(map: MapLibreMap): { top: number; bottom: number; left: number; right: number } {
  const c = map.getCanvas();
  const w = c.clientWidth, h = c.clientHeight;
  return { top: Math.min(60, h * 0.1), bottom: Math.min(150, h * 0.25), left: Math.min(340, w * 0.45), right: Math.min(70, w * 0.1) };
}
