// The base map style: a plain background that always draws (so tracks show offline) under the
// OpenStreetMap raster tiles, with attribution.
import type { StyleSpecification } from "./maplibre";

export const OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
export const BASE_SOURCE = "basemap";
export const BACKGROUND_COLOR = "#eef1f4";

export function baseStyle(tileUrl: string | null, attribution: string): StyleSpecification {
  return {
    version: 8,
    sources: {
      [BASE_SOURCE]: {
        type: "raster",
        tiles: [tileUrl || OSM_TILES],
        tileSize: 256,
        maxzoom: 19,
        attribution,
      },
    },
    layers: [
      { id: "background", type: "background", paint: { "background-color": BACKGROUND_COLOR } },
      { id: "basemap", type: "raster", source: BASE_SOURCE, paint: { "raster-opacity": 1, "raster-saturation": -0.25 } },
    ],
  };
}
