// The offline basemap's MapLibre style: the demo area's vector tiles (data/basemap/astana.pmtiles,
// read through the pmtiles:// protocol, pmtilesProtocol.ts), the world outline for low zooms
// (data/basemap/world.geojson) and labels in Noto Sans from bundled font files (the style's
// `font-faces`, data/basemap/fonts): nothing leaves the machine. Calm colours, so speed-coloured
// tracks stay the loudest thing on the map. Two palettes: light and dark (`OfflineStyleOptions.
// theme`); `offlineThemePaint` gives the paint that differs, for switching a shown map live
// (`setPaintProperty`: no new style, the app's layers stay). The tile schema is
// tools/basemap/schema.mjs.
import type {
  ExpressionSpecification,
  FontFacesSpecification,
  LayerSpecification,
  SourceSpecification,
  StyleSpecification,
} from "maplibre-gl";
import type { Theme } from "../api";

export const OFFLINE_SOURCE = "offline";
export const WORLD_SOURCE = "world";
export const OFFLINE_ATTRIBUTION = "© OpenStreetMap contributors";
export const WORLD_ATTRIBUTION = "Natural Earth";
/** Where the demo area is (the archive's centre) and a zoom that shows its streets. */
export const OFFLINE_CENTER: [number, number] = [71.43, 51.13];
export const OFFLINE_ZOOM = 13;
/** The `source-layer`s the style reads: every one is in the archive (tests/unit/basemap.test.ts). */
export const SOURCE_LAYERS = ["water", "waterway", "landuse", "building", "road", "place"] as const;

export const FONT_REGULAR = "Noto Sans Regular";
export const FONT_SEMIBOLD = "Noto Sans SemiBold";

export interface OfflineStyleOptions {
  /** Absolute URL of astana.pmtiles (without `pmtiles://`): the key pmtilesProtocol.ts knows it by. */
  pmtilesUrl: string;
  /** Absolute URL of world.geojson (it is fetched from the worker, which resolves nothing relative). */
  worldUrl: string;
  /** Shown for the archive (OpenStreetMap's ODbL wants "© OpenStreetMap contributors"). */
  attribution: string;
  /** Absolute URL of the fonts folder (…/basemap/fonts/); without it labels use the system's sans-serif. */
  fontsUrl?: string;
  /** The palette (light when not given). */
  theme?: Theme;
}

/** The basemap's URLs under `base`, the URL the app's public files (the repository's data/) are served at (`import.meta.env.BASE_URL` resolved). */
export function basemapUrls(base: string): Required<Pick<OfflineStyleOptions, "pmtilesUrl" | "worldUrl" | "fontsUrl">> {
  return {
    pmtilesUrl: new URL("basemap/astana.pmtiles", base).href,
    worldUrl: new URL("basemap/world.geojson", base).href,
    fontsUrl: new URL("basemap/fonts/", base).href,
  };
}

// The Unicode ranges of @fontsource/noto-sans's subset files (its CSS); the labels need Latin,
// Cyrillic and Kazakh's extra Cyrillic letters (Ә Ғ Қ Ң Ө Ұ Ү Һ І live in Cyrillic-ext).
const SUBSETS: [string, string[]][] = [
  ["latin", ["U+0-FF", "U+131", "U+152-153", "U+2BB-2BC", "U+2C6", "U+2DA", "U+2DC", "U+304", "U+308", "U+329", "U+2000-206F", "U+20AC", "U+2122", "U+2191", "U+2193", "U+2212", "U+2215", "U+FEFF", "U+FFFD"]],
  ["cyrillic", ["U+301", "U+400-45F", "U+490-491", "U+4B0-4B1", "U+2116"]],
  ["cyrillic-ext", ["U+460-52F", "U+1C80-1C8A", "U+20B4", "U+2DE0-2DFF", "U+A640-A69F", "U+FE2E-FE2F"]],
];

/** `font-faces` for the two label fonts, from the woff2 files under `fontsUrl`. */
export function offlineFontFaces(fontsUrl: string): FontFacesSpecification {
  const base = fontsUrl.endsWith("/") ? fontsUrl : `${fontsUrl}/`;
  const faces = (weight: number) =>
    SUBSETS.map(([subset, ranges]) => ({ url: `${base}noto-sans/noto-sans-${subset}-${weight}-normal.woff2`, "unicode-range": ranges }));
  return { [FONT_REGULAR]: faces(400), [FONT_SEMIBOLD]: faces(600) };
}

export function offlineSources(opts: OfflineStyleOptions): Record<string, SourceSpecification> {
  return {
    [WORLD_SOURCE]: { type: "geojson", data: opts.worldUrl, maxzoom: 6, attribution: WORLD_ATTRIBUTION },
    [OFFLINE_SOURCE]: { type: "vector", url: `pmtiles://${opts.pmtilesUrl}`, attribution: opts.attribution },
  };
}

// Colours.
type Palette = Record<keyof typeof LIGHT, string>;
const LIGHT = {
  sea: "#d3e2ea",
  land: "#f3f1ec",
  water: "#c5d9e5",
  waterLine: "#a9c6d8",
  waterText: "#54809c",
  park: "#dde8d3",
  grass: "#e3ebd8",
  wood: "#d3e1c8",
  pitch: "#d9e7d4",
  farmland: "#eeeddf",
  cemetery: "#dfe4d6",
  industrial: "#ebe7e6",
  commercial: "#f1eae6",
  residential: "#efede8",
  institution: "#f0ebe0",
  parking: "#ebeae7",
  building: "#e3dfd8",
  buildingLine: "#d4cfc6",
  border: "#a59fb4",
  motorway: "#fbe2b3",
  motorwayCase: "#d6ad6c",
  primary: "#fdf0cf",
  primaryCase: "#d8c49a",
  street: "#ffffff",
  streetCase: "#cac3b7",
  path: "#b9ad9c",
  rail: "#b8b4ae",
  roadText: "#5a554f",
  placeText: "#3b3835",
  countryText: "#6d6878",
  halo: "rgba(255,255,255,0.92)",
};

/** Night colours: the same order of loudness (water and parks told apart from land, roads
 * lighter than the blocks, motorways and primaries warm), labels light on a dark halo. */
const DARK: Palette = {
  sea: "#0e1822",
  land: "#1f2328",
  water: "#132636",
  waterLine: "#1d3a50",
  waterText: "#8db3cf",
  park: "#17261b",
  grass: "#1a271d",
  wood: "#15241a",
  pitch: "#1b2a1f",
  farmland: "#20221d",
  cemetery: "#1c231e",
  industrial: "#222127",
  commercial: "#252126",
  residential: "#1e2125",
  institution: "#24221e",
  parking: "#212429",
  building: "#2a2e35",
  buildingLine: "#353a43",
  border: "#77718a",
  motorway: "#7d5f33",
  motorwayCase: "#4d3b21",
  primary: "#5d5240",
  primaryCase: "#3c352a",
  street: "#3b4048",
  streetCase: "#2a2e35",
  path: "#6a6257",
  rail: "#4c4f55",
  roadText: "#c3c8d0",
  placeText: "#e4e7ec",
  countryText: "#aca7bb",
  halo: "rgba(18,21,25,0.9)",
};

const PALETTES: Record<Theme, Palette> = { light: LIGHT, dark: DARK };

type Table = Record<string, [number, number][]>;

/** Line widths in px by road class, at zoom stops (MapLibre interpolates, then overzooms past 14). */
const ROAD_WIDTH: Table = {
  motorway: [[8, 0.8], [12, 2.6], [14, 5], [16, 10], [18, 22]],
  trunk: [[8, 0.8], [12, 2.6], [14, 5], [16, 10], [18, 22]],
  primary: [[9, 0.6], [12, 2.2], [14, 4.6], [16, 9], [18, 20]],
  secondary: [[10, 0.5], [12, 1.7], [14, 4], [16, 8], [18, 18]],
  tertiary: [[11, 0.5], [12, 1.3], [14, 3.4], [16, 7], [18, 16]],
  minor: [[12, 0.5], [14, 2.2], [16, 5.5], [18, 13]],
  service: [[13, 0.4], [14, 1.1], [16, 3], [18, 7]],
  track: [[13, 0.5], [16, 1.4], [18, 2.5]],
  path: [[14, 0.7], [16, 1.3], [18, 2.4]],
};
const ZOOMS = [8, 9, 10, 11, 12, 13, 14, 16, 18];
/** Draw order within the road layers: higher above (line-sort-key, symbol-sort-key reversed). */
const RANK: Record<string, number> = { motorway: 9, trunk: 8, primary: 7, secondary: 6, tertiary: 5, minor: 4, service: 3, track: 2, path: 1, rail: 0 };

function widthAt(stops: [number, number][], z: number): number {
  let prev: [number, number] | null = null;
  for (const [zs, w] of stops) {
    if (z === zs) return w;
    if (z < zs) return prev ? prev[1] + ((w - prev[1]) * (z - prev[0])) / (zs - prev[0]) : 0;
    prev = [zs, w];
  }
  return prev ? prev[1] : 0;
}

/** `interpolate` on zoom whose stops `match` the class: widths (plus `extra(z)` for casings). */
function classWidth(classes: string[], extra: (z: number) => number = () => 0): ExpressionSpecification {
  const stops: (number | ExpressionSpecification)[] = [];
  for (const z of ZOOMS) {
    const arms: (string | number)[] = [];
    for (const c of classes) {
      const w = widthAt(ROAD_WIDTH[c] ?? [], z);
      arms.push(c, Math.round((w > 0 ? w + extra(z) : 0) * 100) / 100);
    }
    stops.push(z, ["match", ["get", "class"], ...arms, 0] as unknown as ExpressionSpecification);
  }
  return ["interpolate", ["exponential", 1.4], ["zoom"], ...stops] as unknown as ExpressionSpecification;
}

const byClass = (pairs: Record<string, string>, fallback: string): ExpressionSpecification =>
  ["match", ["get", "class"], ...Object.entries(pairs).flat(), fallback] as unknown as ExpressionSpecification;

const rank: ExpressionSpecification = ["match", ["get", "class"], ...Object.entries(RANK).flat(), 0] as unknown as ExpressionSpecification;

const STREETS = ["motorway", "trunk", "primary", "secondary", "tertiary", "minor", "service"];
const src = { source: OFFLINE_SOURCE } as const;

/** The layers, bottom to top, in `theme`'s colours. Ids start with "base-" (the app's own layers never do), bar the background. */
export function offlineLayers(theme: Theme = "light"): LayerSpecification[] {
  const C = PALETTES[theme];
  return [
    { id: "background", type: "background", paint: { "background-color": C.sea } },
    { id: "base-land", type: "fill", source: WORLD_SOURCE, filter: ["==", ["get", "kind"], "land"], paint: { "fill-color": C.land, "fill-antialias": false } },
    {
      id: "base-landuse",
      type: "fill",
      ...src,
      "source-layer": "landuse",
      paint: {
        "fill-color": byClass(
          {
            park: C.park,
            grass: C.grass,
            wood: C.wood,
            pitch: C.pitch,
            wetland: C.grass,
            farmland: C.farmland,
            cemetery: C.cemetery,
            industrial: C.industrial,
            commercial: C.commercial,
            residential: C.residential,
            institution: C.institution,
            parking: C.parking,
          },
          C.land,
        ),
        "fill-opacity": ["interpolate", ["linear"], ["zoom"], 8, 0.6, 12, 1],
      },
    },
    { id: "base-water", type: "fill", ...src, "source-layer": "water", paint: { "fill-color": C.water } },
    {
      id: "base-waterway",
      type: "line",
      ...src,
      "source-layer": "waterway",
      layout: { "line-cap": "round", "line-join": "round" },
      paint: {
        "line-color": C.waterLine,
        "line-width": ["interpolate", ["exponential", 1.4], ["zoom"], 9, ["match", ["get", "class"], "river", 0.8, 0.3], 14, ["match", ["get", "class"], "river", 3, "canal", 2, 1], 18, ["match", ["get", "class"], "river", 10, "canal", 6, 3]],
      },
    },
    {
      id: "base-building",
      type: "fill",
      ...src,
      "source-layer": "building",
      minzoom: 14,
      paint: { "fill-color": C.building, "fill-outline-color": C.buildingLine, "fill-opacity": ["interpolate", ["linear"], ["zoom"], 14, 0.5, 15, 1] },
    },
    {
      id: "base-border",
      type: "line",
      source: WORLD_SOURCE,
      maxzoom: 10,
      filter: ["==", ["get", "kind"], "border"],
      layout: { "line-join": "round" },
      paint: { "line-color": C.border, "line-width": ["interpolate", ["linear"], ["zoom"], 1, 0.5, 6, 1.2], "line-dasharray": [3, 2] },
    },
    {
      id: "base-path",
      type: "line",
      ...src,
      "source-layer": "road",
      minzoom: 13,
      filter: ["match", ["get", "class"], ["path", "track"], true, false],
      paint: { "line-color": C.path, "line-width": classWidth(["track", "path"]), "line-dasharray": [2, 1.5] },
    },
    {
      id: "base-rail",
      type: "line",
      ...src,
      "source-layer": "road",
      filter: ["==", ["get", "class"], "rail"],
      paint: { "line-color": C.rail, "line-width": ["interpolate", ["linear"], ["zoom"], 10, 0.6, 16, 2] },
    },
    {
      id: "base-road-casing",
      type: "line",
      ...src,
      "source-layer": "road",
      minzoom: 11,
      filter: ["match", ["get", "class"], STREETS, true, false],
      layout: { "line-cap": "round", "line-join": "round", "line-sort-key": rank },
      paint: {
        "line-color": byClass({ motorway: C.motorwayCase, trunk: C.motorwayCase, primary: C.primaryCase }, C.streetCase),
        "line-width": classWidth(STREETS, (z) => (z < 13 ? 1 : z < 16 ? 1.6 : 2.4)),
      },
    },
    {
      id: "base-road",
      type: "line",
      ...src,
      "source-layer": "road",
      filter: ["match", ["get", "class"], STREETS, true, false],
      layout: { "line-cap": "round", "line-join": "round", "line-sort-key": rank },
      paint: {
        "line-color": ["step", ["zoom"], byClass({ motorway: C.motorwayCase, trunk: C.motorwayCase, primary: C.primaryCase }, C.streetCase), 11, byClass({ motorway: C.motorway, trunk: C.motorway, primary: C.primary }, C.street)],
        "line-width": classWidth(STREETS),
      },
    },
    {
      id: "base-waterway-label",
      type: "symbol",
      ...src,
      "source-layer": "waterway",
      minzoom: 12,
      filter: ["has", "name"],
      layout: { "symbol-placement": "line", "text-field": ["get", "name"], "text-font": [FONT_REGULAR], "text-size": 12, "text-letter-spacing": 0.05 },
      paint: { "text-color": C.waterText, "text-halo-color": C.halo, "text-halo-width": 1.2 },
    },
    {
      id: "base-road-label",
      type: "symbol",
      ...src,
      "source-layer": "road",
      minzoom: 12,
      filter: ["all", ["has", "name"], ["match", ["get", "class"], STREETS, true, false]],
      layout: {
        "symbol-placement": "line",
        "symbol-sort-key": ["-", 10, rank] as unknown as ExpressionSpecification,
        "text-field": ["get", "name"],
        "text-font": [FONT_REGULAR],
        "text-size": ["interpolate", ["linear"], ["zoom"], 12, 10, 15, 12, 18, 15],
        "text-max-angle": 35,
        "text-padding": 2,
        "symbol-spacing": 320,
      },
      paint: { "text-color": C.roadText, "text-halo-color": C.halo, "text-halo-width": 1.5 },
    },
    {
      id: "base-place-label",
      type: "symbol",
      ...src,
      "source-layer": "place",
      layout: {
        "text-field": ["get", "name"],
        "text-font": [FONT_SEMIBOLD],
        "text-size": ["interpolate", ["linear"], ["zoom"], 8, ["match", ["get", "class"], "city", 14, 11], 14, ["match", ["get", "class"], "city", 22, "neighbourhood", 12, 14]],
        "text-max-width": 8,
        "symbol-sort-key": ["match", ["get", "class"], "city", 0, "town", 1, "suburb", 2, "village", 3, 4],
        "text-transform": ["match", ["get", "class"], ["suburb", "neighbourhood"], "uppercase", "none"],
        "text-letter-spacing": ["match", ["get", "class"], ["suburb", "neighbourhood"], 0.08, 0],
      },
      paint: { "text-color": byClass({ suburb: C.roadText, neighbourhood: C.roadText }, C.placeText), "text-halo-color": C.halo, "text-halo-width": 1.6 },
    },
    {
      id: "base-country-label",
      type: "symbol",
      source: WORLD_SOURCE,
      minzoom: 2,
      maxzoom: 7,
      filter: ["==", ["get", "kind"], "country"],
      layout: { "text-field": ["get", "name"], "text-font": [FONT_SEMIBOLD], "text-size": ["interpolate", ["linear"], ["zoom"], 2, 10, 6, 14], "text-max-width": 7 },
      paint: { "text-color": C.countryText, "text-halo-color": C.halo, "text-halo-width": 1.4 },
    },
  ];
}

/** The whole style: demo mode's map, complete without a network. */
export function offlineStyle(opts: OfflineStyleOptions): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    sources: offlineSources(opts),
    layers: offlineLayers(opts.theme ?? "light"),
  };
  if (opts.fontsUrl) style["font-faces"] = offlineFontFaces(opts.fontsUrl);
  return style;
}

/** The paint properties of `theme`'s basemap layers that are in `layerIds` (the map's layers
 * now), for `setPaintProperty`: every colour of the basemap, nothing else changes. */
export function offlineThemePaint(theme: Theme, layerIds: ReadonlySet<string>): [layer: string, property: string, value: unknown][] {
  const out: [string, string, unknown][] = [];
  for (const layer of offlineLayers(theme)) {
    if (!layerIds.has(layer.id) || !("paint" in layer) || !layer.paint) continue;
    for (const [k, v] of Object.entries(layer.paint)) if (k.endsWith("-color")) out.push([layer.id, k, v]);
  }
  return out;
}
