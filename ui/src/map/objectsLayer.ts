// Source and layer definitions of the objects layer (last positions with heading arrow and label)
// and the GeoJSON built from the object list and states.
import type { ObjectRow, ObjectState, Theme } from "../api";
import { bearing } from "../lib/live";
import { STATUS_COLORS } from "../lib/status";

export const OBJECTS_SOURCE = "objects";
/** The live trails' last segments (to the marker where it is shown), drawn with the markers. */
export const HEADS_SOURCE = "live-heads";
export const HEADS_LAYER = "live-heads-line";

/** The live trails' look (LiveTrailLayer and the heads share it): the selected one's stands out. */
export const TRAIL_PAINT = {
  "line-color": ["case", ["get", "selected"], "#2f6fdb", "#16a34a"],
  "line-width": ["case", ["get", "selected"], 3.5, 2.5],
  "line-opacity": ["case", ["get", "selected"], 0.9, 0.6],
} as const;
export const OBJECT_LAYERS = ["objects-clusters", "objects-cluster-count", "objects-arrow", "objects-dot", "objects-label"] as const;
/** Above this many objects, positions are clustered at low zooms. */
export const CLUSTER_ABOVE = 300;

export interface ObjectFeature {
  type: "Feature";
  id: number;
  properties: { id: number; label: string; status: string; heading: number; selected: boolean };
  geometry: { type: "Point"; coordinates: [number, number] };
}

/** The markers; `shownAt(id)` gives a gliding marker's position between its fixes (null: at its
 * state's position). A moving marker without a heading points the way it glides. */
export function objectFeatures(
  objects: readonly ObjectRow[],
  states: ReadonlyMap<number, ObjectState>,
  selectedId: number | null,
  shownAt: (id: number) => [number, number] | null = () => null,
): { type: "FeatureCollection"; features: ObjectFeature[] } {
  const features: ObjectFeature[] = [];
  for (const o of objects) {
    const s = states.get(o.id);
    if (!s || s.lat === null || s.lng === null) continue;
    const at = shownAt(o.id);
    const heading = s.heading ?? (at ? bearing(at, [s.lng, s.lat]) : null);
    features.push({
      type: "Feature",
      id: o.id,
      properties: {
        id: o.id,
        label: o.label,
        status: o.blocked ? "blocked" : s.status,
        heading: heading ?? -1,
        selected: o.id === selectedId,
      },
      geometry: { type: "Point", coordinates: at ?? [s.lng, s.lat] },
    });
  }
  return { type: "FeatureCollection", features };
}

const statusColor: unknown[] = ["match", ["get", "status"]];
for (const [k, v] of Object.entries(STATUS_COLORS)) statusColor.push(k, v);
statusColor.push(STATUS_COLORS.unknown);

/** Layer specs, added in this order (arrow under the dot, label on top). */
const single = ["!", ["has", "point_count"]];

/** The objects' labels: dark on a white halo in light, light on a dark halo in dark. */
export function objectLabelPaint(theme: Theme): { "text-color": string; "text-halo-color": string } {
  return theme === "dark" ? { "text-color": "#e6e9ee", "text-halo-color": "rgba(18,21,25,0.92)" } : { "text-color": "#1f2937", "text-halo-color": "rgba(255,255,255,0.95)" };
}

/** What `theme` changes of the objects' layers present in `layerIds` (for setPaintProperty). */
export function objectsThemePaint(theme: Theme, layerIds: ReadonlySet<string>): [layer: string, property: string, value: unknown][] {
  return layerIds.has("objects-label") ? Object.entries(objectLabelPaint(theme)).map(([k, v]) => ["objects-label", k, v]) : [];
}

export function objectLayerSpecs(theme: Theme = "light"): Record<string, unknown>[] {
  return [
    {
      id: "objects-clusters",
      type: "circle",
      source: OBJECTS_SOURCE,
      filter: ["has", "point_count"],
      paint: {
        "circle-color": "rgba(47,111,219,0.85)",
        "circle-radius": ["step", ["get", "point_count"], 13, 50, 17, 500, 22],
        "circle-stroke-color": "rgba(255,255,255,0.9)",
        "circle-stroke-width": 3,
      },
    },
    {
      id: "objects-cluster-count",
      type: "symbol",
      source: OBJECTS_SOURCE,
      filter: ["has", "point_count"],
      layout: { "text-field": ["get", "point_count_abbreviated"], "text-font": ["sans-serif"], "text-size": 11, "text-allow-overlap": true },
      paint: { "text-color": "#ffffff" },
    },
    {
      id: "objects-arrow",
      type: "symbol",
      source: OBJECTS_SOURCE,
      filter: ["all", single, [">=", ["get", "heading"], 0], ["==", ["get", "status"], "moving"]],
      layout: {
        "icon-image": "tm-arrow",
        "icon-rotate": ["get", "heading"],
        "icon-rotation-alignment": "map",
        "icon-allow-overlap": true,
        "icon-ignore-placement": true,
      },
    },
    {
      id: "objects-dot",
      type: "circle",
      source: OBJECTS_SOURCE,
      filter: single,
      paint: {
        "circle-radius": ["case", ["get", "selected"], 8, 5.5],
        "circle-opacity": 1,
        "circle-stroke-opacity": 1,
        "circle-color": statusColor,
        "circle-stroke-color": ["case", ["get", "selected"], "#111827", "#ffffff"],
        "circle-stroke-width": ["case", ["get", "selected"], 2.5, 1.5],
      },
    },
    {
      id: "objects-label",
      type: "symbol",
      source: OBJECTS_SOURCE,
      filter: single,
      minzoom: 9,
      layout: {
        "text-field": ["get", "label"],
        "text-font": ["sans-serif"],
        "text-size": 12,
        "text-offset": [0, 1.1],
        "text-anchor": "top",
        "text-optional": true,
        "symbol-sort-key": ["case", ["get", "selected"], 0, 1],
      },
      paint: {
        ...objectLabelPaint(theme),
        "text-halo-width": 1.5,
      },
    },
  ];
}
