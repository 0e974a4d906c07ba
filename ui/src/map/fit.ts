// Padding for fitting a track in view: clear of whatever lies over the map now — the track
// panel, the legend, the layer buttons, MapLibre's controls — measured, so it holds in both
// directions of writing, with panels folded or not, on any window size. Each overlay pushes the
// side it takes the least room from; a side never takes more than 60% of the map.
import type { MapLibreMap } from "./maplibre";

export interface Padding {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Where the overlays of the map are marked: `data-map-overlay`, and MapLibre's control groups. */
export const OVERLAYS = "[data-map-overlay], .maplibregl-ctrl-group, .maplibregl-ctrl-scale";
const MARGIN = 24;

/** The padding that keeps `overlays` (boxes in the same coordinates as `map`) clear. */
export function paddingFor(map: Box, overlays: readonly Box[]): Padding {
  const w = map.right - map.left, h = map.bottom - map.top;
  const pad: Padding = { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN };
  for (const o of overlays) {
    if (o.right <= map.left || o.left >= map.right || o.bottom <= map.top || o.top >= map.bottom) continue;
    const cost: [keyof Padding, number][] = [
      ["left", o.right - map.left],
      ["right", map.right - o.left],
      ["top", o.bottom - map.top],
      ["bottom", map.bottom - o.top],
    ];
    // The side whose share of the map it would take is smallest.
    cost.sort((a, b) => a[1] / (a[0] === "left" || a[0] === "right" ? w : h) - b[1] / (b[0] === "left" || b[0] === "right" ? w : h));
    const [side, px] = cost[0] as [keyof Padding, number];
    pad[side] = Math.max(pad[side], px + 12);
  }
  pad.left = Math.min(pad.left, w * 0.6);
  pad.right = Math.min(pad.right, w * 0.6);
  pad.top = Math.min(pad.top, h * 0.6);
  pad.bottom = Math.min(pad.bottom, h * 0.6);
  return pad;
}

/** Where the map's overlays live: the element marked `data-map-scope` around the map. */
function scopeOf(container: HTMLElement): Element {
  return container.closest("[data-map-scope]") ?? container.parentElement ?? container;
}

export function fitPadding(map: MapLibreMap): Padding {
  const container = map.getContainer();
  const scope = scopeOf(container);
  const boxes = [...scope.querySelectorAll(OVERLAYS)].map((el) => el.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
  return paddingFor(container.getBoundingClientRect(), boxes);
}

/** Calls `onChange` (once a frame at most) when an overlay of the map appears, goes or changes
 * size — the track panel grows when the track's summary arrives, after the first fit — until
 * the returned function is called. */
export function watchOverlays(map: MapLibreMap, onChange: () => void): () => void {
  const container = map.getContainer();
  const scope = scopeOf(container);
  let frame = 0;
  const changed = () => {
    if (!frame) frame = requestAnimationFrame(() => ((frame = 0), onChange()));
  };
  const sizes = new ResizeObserver(changed);
  const observeAll = () => {
    sizes.disconnect();
    for (const el of scope.querySelectorAll("[data-map-overlay]")) sizes.observe(el);
  };
  // Only the overlays the page places (`data-map-overlay`); MapLibre's own controls do not move.
  const children = new MutationObserver((records) => {
    // The map's own DOM (markers, popups) changes all the time and holds no overlay of ours.
    if (records.every((r) => container.contains(r.target))) return;
    observeAll();
    changed();
  });
  children.observe(scope, { childList: true, subtree: true });
  observeAll();
  return () => {
    children.disconnect();
    sizes.disconnect();
    if (frame) cancelAnimationFrame(frame);
  };
}
