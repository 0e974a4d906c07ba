// What the map shows around a track: the shown track's statistics and stops, events of the
// period, geofences and places with their toggles (remembered), a compared track, local files
// (open and drop) and export.
import {
  closeTrack, exportTrack, listEvents, listGeo, loadTrack, openTrackFile, pickExportTarget, pickTrackFiles, toAppError, trackSummary,
  type AppError, type EventRow, type ExportFormat, type ExportResult, type GeoLayers, type PackedTrack, type PickedFile, type TrackSummary,
} from "../api";

export interface Layers {
  zones: boolean;
  places: boolean;
  events: boolean;
  stops: boolean;
}

const LAYERS_KEY = "trackmate.layers";
const DEFAULT_LAYERS: Layers = { zones: true, places: true, events: true, stops: true };

export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { gpx: "gpx", kml: "kml", geojson: "geojson", csv: "csv" };

/** The file name offered in the save dialog: the label without characters file systems refuse. */
export function exportFileName(label: string, format: ExportFormat): string {
  // Control characters (below U+0020) and the characters Windows refuses in names.
  const cleaned = [...label].map((ch) => (ch.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(ch) ? " " : ch)).join("");
  const base = cleaned.replace(/\s+/g, " ").trim() || "track";
  return `${base.slice(0, 80)}.${EXPORT_EXTENSIONS[format]}`;
}

function loadLayers(): Layers {
  try {
    const raw = localStorage.getItem(LAYERS_KEY);
    if (raw) return { ...DEFAULT_LAYERS, ...(JSON.parse(raw) as Partial<Layers>) };
  } catch {
    // A damaged entry falls back to the defaults.
  }
  return { ...DEFAULT_LAYERS };
}

export interface Compared {
  track: PackedTrack;
  label: string;
  seq: number;
}

export class Insight {
  summary = $state.raw<TrackSummary | null>(null);
  summaryError = $state<AppError | null>(null);
  events = $state.raw<EventRow[]>([]);
  eventsTruncated = $state(false);
  eventsError = $state<AppError | null>(null);
  /** The server has no events module (111/112): the layer is hidden with a note, not an error. */
  eventsNotOffered = $state(false);
  geo = $state.raw<GeoLayers | null>(null);
  layers = $state<Layers>(loadLayers());
  compare = $state.raw<Compared | null>(null);
  compareSummary = $state.raw<TrackSummary | null>(null);
  busy = $state<"open" | "export" | "compare" | null>(null);
  error = $state<AppError | null>(null);
  lastExport = $state.raw<ExportResult | null>(null);
  /** The export choices are open (the panel's button or the menu). */
  exportOpen = $state(false);
  private summarySeq = 0;
  private eventsSeq = 0;
  private compareSeq = 0;

  /** Whether the server offers this layer at all (a server without the module answers 111/112). */
  offers(key: keyof Layers): boolean {
    if (key === "events") return !this.eventsNotOffered;
    if (key === "zones" || key === "places") return !(this.geo?.notOffered ?? []).includes(key);
    return true;
  }

  setLayer(key: keyof Layers, on: boolean): void {
    this.layers = { ...this.layers, [key]: on };
    try {
      localStorage.setItem(LAYERS_KEY, JSON.stringify(this.layers));
    } catch {
      // Not remembered; still applied.
    }
  }

  /** Statistics of the shown track (after each load). */
  async refreshSummary(): Promise<void> {
    const mine = ++this.summarySeq;
    this.summaryError = null;
    try {
      const s = await trackSummary("main");
      if (mine === this.summarySeq) this.summary = s;
    } catch (raw) {
      if (mine === this.summarySeq) {
        this.summary = null;
        this.summaryError = toAppError(raw);
      }
    }
  }

  clearSummary(): void {
    this.summarySeq++;
    this.summary = null;
    this.summaryError = null;
  }

  /** Events of the object over the shown period. */
  async loadEvents(objectId: number, from: string, to: string): Promise<void> {
    const mine = ++this.eventsSeq;
    this.eventsError = null;
    try {
      const reply = await listEvents(objectId, from, to);
      if (mine !== this.eventsSeq) return;
      this.events = reply.events;
      this.eventsTruncated = reply.truncated;
      this.eventsNotOffered = reply.notOffered;
    } catch (raw) {
      if (mine !== this.eventsSeq) return;
      this.events = [];
      this.eventsError = toAppError(raw);
    }
  }

  clearEvents(): void {
    this.eventsSeq++;
    this.events = [];
    this.eventsTruncated = false;
    this.eventsError = null;
  }

  /** Geofences and places of the account (once per session; failures leave the layers empty). */
  async loadGeo(): Promise<void> {
    try {
      this.geo = await listGeo();
    } catch (raw) {
      this.geo = null;
      this.error = toAppError(raw);
    }
  }

  /** Asks for files (Rust's dialog) and opens the first into the main slot; returns it for the
   *  caller to show. */
  async pickAndOpen(title: string, filter: string): Promise<{ track: PackedTrack; label: string } | null> {
    this.error = null;
    let files: PickedFile[];
    try {
      files = await pickTrackFiles(title, filter);
    } catch (raw) {
      this.error = toAppError(raw);
      return null;
    }
    return files[0] ? this.openPicked(files[0]) : null;
  }

  /** Opens one chosen file (picked or dropped) into the main slot. */
  async openPicked(file: PickedFile): Promise<{ track: PackedTrack; label: string } | null> {
    this.busy = "open";
    this.error = null;
    try {
      const track = await openTrackFile(file.handle, "main");
      return { track, label: file.name };
    } catch (raw) {
      this.error = toAppError(raw);
      return null;
    } finally {
      this.busy = null;
    }
  }

  /** Compares with a local file (asked for) or the given server request. */
  async compareWith(source: { file: PickedFile } | { objectId: number; from: string; to: string; tripIds: number[] | null; label: string }): Promise<void> {
    this.busy = "compare";
    this.error = null;
    try {
      let track: PackedTrack;
      let label: string;
      if ("file" in source) {
        track = await openTrackFile(source.file.handle, "compare");
        label = source.file.name;
      } else {
        track = await loadTrack(source.objectId, source.from, source.to, source.tripIds, () => {}, { name: source.label, slot: "compare" });
        label = source.label;
      }
      this.compare = { track, label, seq: ++this.compareSeq };
      this.compareSummary = await trackSummary("compare");
    } catch (raw) {
      const e = toAppError(raw);
      if (e.kind !== "cancelled") this.error = e;
    } finally {
      this.busy = null;
    }
  }

  async pickCompareFile(title: string, filter: string): Promise<void> {
    this.error = null;
    try {
      const files = await pickTrackFiles(title, filter);
      if (files[0]) await this.compareWith({ file: files[0] });
    } catch (raw) {
      this.error = toAppError(raw);
    }
  }

  endCompare(): void {
    this.compare = null;
    this.compareSummary = null;
    void closeTrack("compare").catch(() => {});
  }

  /** Asks where to save (Rust's dialog), then writes the shown track (`track`, the page's copy of
   *  its points, which the app joins with what it kept); `null` when the user cancelled or it
   *  failed (`error` says why). */
  async exportShown(track: PackedTrack, format: ExportFormat, label: string, title: string, filter: string): Promise<ExportResult | null> {
    this.error = null;
    this.lastExport = null;
    let target: PickedFile | null;
    try {
      target = await pickExportTarget(format, exportFileName(label, format), title, filter);
    } catch (raw) {
      this.error = toAppError(raw);
      return null;
    }
    if (!target) return null;
    this.busy = "export";
    try {
      const r = await exportTrack("main", format, target.handle, track);
      this.lastExport = r;
      this.exportOpen = false;
      return r;
    } catch (raw) {
      this.error = toAppError(raw);
      return null;
    } finally {
      this.busy = null;
    }
  }
}
