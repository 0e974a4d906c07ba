// The base map style: a plain background that always draws (so tracks show offline), and the
// basemap raster layer of the chosen tile source, whose tiles come from the app's `tiles://`
// scheme (Rust fetches and caches them; nothing leaves the web view for a tile server). Also
// what a failed tile request means for the notice over the map. In the dark theme the background
// is dark and raster tiles (drawn light by their servers) are dimmed and desaturated by paint
// properties, which change live (`setPaintProperty`, see `themePaint`) without a new style.
import type { RasterSourceSpecification, StyleSpecification } from "maplibre-gl";
import type { Theme } from "../api";

export const BASE_SOURCE = "basemap";
export const BASE_LAYER = "basemap";
export const BACKGROUND_COLOR = "#eef1f4";
export const BACKGROUND_DARK = "#1b1f24";

/** The background colour of `theme`. */
export function backgroundColor(theme: Theme): string {
  return theme === "dark" ? BACKGROUND_DARK : BACKGROUND_COLOR;
}

/** What the basemap needs of a tile source (the `TileSourceInfo` fields). */
export interface Basemap {
  id: string;
  attribution: string;
  minZoom: number;
  maxZoom: number;
  tileSize: number;
}

/** The style the map starts with: the background only; the basemap is added once Rust says which. */
export function baseStyle(theme: Theme = "light"): StyleSpecification {
  return {
    version: 8,
    sources: {},
    layers: [{ id: "background", type: "background", paint: { "background-color": backgroundColor(theme) } }],
  };
}

/** MapLibre renders attributions as HTML; the source's is plain text (maybe from a remote TileJSON). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function basemapSource(map: Basemap, template: string): RasterSourceSpecification {
  return {
    type: "raster",
    tiles: [template],
    tileSize: map.tileSize,
    minzoom: map.minZoom,
    maxzoom: map.maxZoom,
    attribution: escapeHtml(map.attribution),
  };
}

/** The raster basemap's paint: a little desaturated in light (tracks stay the loudest thing on
 * the map); in dark, its brightest white at about a third, greyer and a little more contrasted,
 * so light tiles sit under the dark panels without glare and the tracks still stand out. */
export function basemapPaint(theme: Theme): { "raster-opacity": number; "raster-saturation": number; "raster-brightness-max": number; "raster-brightness-min": number; "raster-contrast": number } {
  return theme === "dark"
    ? { "raster-opacity": 1, "raster-saturation": -0.55, "raster-brightness-max": 0.36, "raster-brightness-min": 0.02, "raster-contrast": 0.12 }
    : { "raster-opacity": 1, "raster-saturation": -0.25, "raster-brightness-max": 1, "raster-brightness-min": 0, "raster-contrast": 0 };
}

export function basemapLayer(theme: Theme = "light") {
  return { id: BASE_LAYER, type: "raster", source: BASE_SOURCE, paint: basemapPaint(theme) } as const;
}

/** The paint properties that differ by theme, for `setPaintProperty` on the map's layers now:
 * the background and the raster basemap (when they exist in `layerIds`). */
export function themePaint(theme: Theme, layerIds: ReadonlySet<string>): [layer: string, property: string, value: unknown][] {
  const out: [string, string, unknown][] = [];
  if (layerIds.has("background")) out.push(["background", "background-color", backgroundColor(theme)]);
  if (layerIds.has(BASE_LAYER)) for (const [k, v] of Object.entries(basemapPaint(theme))) out.push([BASE_LAYER, k, v]);
  return out;
}

/** Why tiles fail, as the notice words it. */
export type TileTrouble = "offline" | "forbidden" | "rate_limited" | "bad_reply" | "key_missing" | "error" | "unknown";

const KINDS: ReadonlySet<string> = new Set(["offline", "forbidden", "rate_limited", "bad_reply", "key_missing", "error"]);

/** The kind of a failed tile request from its HTTP status (service/tiles.rs gives each kind its own). */
export function troubleFromStatus(status: number | undefined): TileTrouble {
  switch (status) {
    case 503:
      return "offline";
    case 401:
      return "key_missing";
    case 403:
      return "forbidden";
    case 429:
      return "rate_limited";
    case 502:
      return "bad_reply";
    case 500:
      return "error";
    default:
      // 0: the request never got an answer (the scheme unreachable, or blocked).
      return "unknown";
  }
}

/** A `TileProblem.kind` from `tile_status`, or "unknown" for kinds this UI does not know. */
export function troubleFromKind(kind: string): TileTrouble {
  return KINDS.has(kind) ? (kind as TileTrouble) : "unknown";
}
