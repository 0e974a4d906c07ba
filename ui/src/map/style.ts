// The base map style: a plain background that always draws (so tracks show offline), and the
// basemap raster layer of the chosen tile source, whose tiles come from the app's `tiles://`
// scheme (Rust fetches and caches them; nothing leaves the web view for a tile server). Also
// what a failed tile request means for the notice over the map.
import type { RasterSourceSpecification, StyleSpecification } from "maplibre-gl";

export const BASE_SOURCE = "basemap";
export const BASE_LAYER = "basemap";
export const BACKGROUND_COLOR = "#eef1f4";

/** What the basemap needs of a tile source (the `TileSourceInfo` fields). */
export interface Basemap {
  id: string;
  attribution: string;
  minZoom: number;
  maxZoom: number;
  tileSize: number;
}

/** The style the map starts with: the background only; the basemap is added once Rust says which. */
export function baseStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {},
    layers: [{ id: "background", type: "background", paint: { "background-color": BACKGROUND_COLOR } }],
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

export const basemapLayer = {
  id: BASE_LAYER,
  type: "raster",
  source: BASE_SOURCE,
  paint: { "raster-opacity": 1, "raster-saturation": -0.25 },
} as const;

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
