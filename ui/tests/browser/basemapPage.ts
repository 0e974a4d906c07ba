// The browser test page of the offline basemap (bundled by basemap.mjs with esbuild, served under
// /__basemap/): a full-window MapLibre map with offlineStyle, the archive registered through
// pmtilesProtocol, at the zoom and centre of the query (?z=14&lon=71.43&lat=51.128). Exposes the
// map and its timings as window.__basemap for the test.
import * as maplibregl from "maplibre-gl";
import { basemapUrls, OFFLINE_ATTRIBUTION, OFFLINE_CENTER, offlineStyle } from "../../src/map/offlineStyle";
import { addArchive } from "../../src/map/pmtilesProtocol";

interface BasemapWindow {
  __basemap?: { map: maplibregl.Map; loadMs: number | null; firstIdleMs: number | null };
}

const q = new URLSearchParams(location.search);
maplibregl.setWorkerUrl(new URL("maplibre-gl-worker.mjs", location.href).href);
const urls = basemapUrls(new URL("/", location.href).href);
addArchive(maplibregl, urls.pmtilesUrl);

const t0 = performance.now();
const map = new maplibregl.Map({
  container: "map",
  style: offlineStyle({ ...urls, attribution: OFFLINE_ATTRIBUTION }),
  center: [Number(q.get("lon") ?? OFFLINE_CENTER[0]), Number(q.get("lat") ?? OFFLINE_CENTER[1])],
  zoom: Number(q.get("z") ?? 14),
  attributionControl: { compact: false },
  canvasContextAttributes: { preserveDrawingBuffer: true },
  fadeDuration: 0,
});
const state: NonNullable<BasemapWindow["__basemap"]> = { map, loadMs: null, firstIdleMs: null };
(window as unknown as BasemapWindow).__basemap = state;
map.once("load", () => (state.loadMs = Math.round(performance.now() - t0)));
map.once("idle", () => (state.firstIdleMs = Math.round(performance.now() - t0)));
