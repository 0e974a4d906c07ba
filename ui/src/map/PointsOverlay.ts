// A popup of text lines at a position, shared by the overlay layers (stops, events, geofences).
import { maplibregl, type MapLibreMap } from "./maplibre";

export type Popup = InstanceType<typeof maplibregl.Popup>;

/** Opens a popup with `lines` (empty ones skipped) at `lngLat`, replacing `previous`. */
export function linesPopup(map: MapLibreMap, lngLat: [number, number], lines: string[], testid: string, previous: Popup | null): Popup {
  previous?.remove();
  const box = document.createElement("div");
  box.className = "tm-point";
  box.dataset.testid = testid;
  for (const l of lines.filter(Boolean)) {
    const d = document.createElement("div");
    d.textContent = l;
    box.appendChild(d);
  }
  return new maplibregl.Popup({ maxWidth: "280px", focusAfterOpen: false }).setLngLat(lngLat).setDOMContent(box).addTo(map);
}
