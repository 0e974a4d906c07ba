// Typed wrappers of the track-insight commands (docs/ipc.md): local files, statistics, point
// details, export, events, geofences and places.
import type { EventList } from "./bindings/EventList";
import type { ExportFormat } from "./bindings/ExportFormat";
import type { ExportRequest } from "./bindings/ExportRequest";
import type { ExportResult } from "./bindings/ExportResult";
import type { GeoLayers } from "./bindings/GeoLayers";
import type { PointDetails } from "./bindings/PointDetails";
import type { Slot } from "./bindings/Slot";
import type { TrackSummary } from "./bindings/TrackSummary";
import { call } from "./commands";
import { decodePacked, packedBytes, type PackedTrack } from "./packed";

/** Opens a local GPX, KML, GeoJSON or CSV file (`handle` from `pickTrackFiles` or a drop) into `slot`. */
export async function openTrackFile(handle: string, slot: Slot): Promise<PackedTrack> {
  return decodePacked(await call<unknown>("open_track_file", { handle, slot }));
}

/** Empties `slot` on the Rust side (its points are no longer kept). */
export function closeTrack(slot: Slot): Promise<null> {
  return call("close_track", { slot });
}

export function trackSummary(slot: Slot): Promise<TrackSummary> {
  return call("track_summary", { slot });
}

/** Address, precision and odometer of point `index` of the packed track in `slot`. */
export function pointDetails(slot: Slot, index: number): Promise<PointDetails> {
  return call("point_details", { slot, index });
}

/**
 * Writes the track in `slot` to the file chosen by `pickExportTarget` for `format` (atomically).
 * The app keeps no copy of the points: `track` (the page's, as shown in `slot`) goes as the raw
 * body, the arguments as headers (docs/ipc.md).
 */
export function exportTrack(slot: Slot, format: ExportFormat, handle: string, track: PackedTrack): Promise<ExportResult> {
  const args: ExportRequest = { slot, format, handle };
  return call("export_track", packedBytes(track), { headers: { ...args } });
}

export function listEvents(objectId: number, from: string, to: string): Promise<EventList> {
  return call("list_events", { objectId, from, to });
}

export function listGeo(): Promise<GeoLayers> {
  return call("list_geo");
}
