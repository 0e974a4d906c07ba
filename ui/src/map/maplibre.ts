// The one place that loads MapLibre GL JS: ESM import and the worker URL set explicitly (it fails
// under tauri:// otherwise, see shared/RECIPES.md).
import * as maplibregl from "maplibre-gl";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import "maplibre-gl/dist/maplibre-gl.css";

maplibregl.setWorkerUrl(new URL(workerUrl, location.href).href);

export { maplibregl };
export type { Map as MapLibreMap, CustomLayerInterface, CustomRenderMethodInput, GeoJSONSource, StyleSpecification, MapLayerMouseEvent, MapMouseEvent } from "maplibre-gl";
