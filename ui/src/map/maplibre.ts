// The one place that loads MapLibre GL JS: ESM import and the worker URL set explicitly (it fails
// under tauri:// otherwise, see shared/RECIPES.md).
import * as maplibregl from "maplibre-gl";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import "maplibre-gl/dist/maplibre-gl.css";

maplibregl.setWorkerUrl(new URL(workerUrl, location.href).href);
// One worker, MapLibre's own default in every browser but Safari: WebKitGTK is taken for Safari and
// got two (up to three), each a JavaScriptCore VM of its own — 15–30 MB of the web process each
// (BENCHMARKS.md, "Memory"). The worker parses the basemap's tiles and the GeoJSON layers; the
// track on the GPU path never goes through it.
maplibregl.setWorkerCount(1);

export { maplibregl };
export type { Map as MapLibreMap, CustomLayerInterface, CustomRenderMethodInput, GeoJSONSource, StyleSpecification, MapLayerMouseEvent, MapMouseEvent } from "maplibre-gl";
