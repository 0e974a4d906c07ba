// What the main window's shortcuts do (the keys themselves are in shortcuts.ts): the state of the
// popups they open (shortcut sheet, layer menu), the map they zoom and fit, and one action per
// shortcut over the window's stores. Each action says whether it applied, so a key that does
// nothing now (export with no track, follow with nothing selected) keeps its default.
import type { PackedTrack } from "../api";
import type { Alerts } from "../state/alerts.svelte";
import type { Fleet } from "../state/fleet.svelte";
import type { Insight } from "../state/insight.svelte";
import type { Trips } from "../state/trips.svelte";
import type { Replay } from "../replay/replay.svelte";
import type { MapLibreMap } from "../map/maplibre";
import { boundsOf, fitFleet, fitTrack, fleetBounds } from "../map/camera";
import { runShortcut, SHORTCUTS, type ShortcutActions, type ShortcutId } from "./shortcuts";

export interface KeyboardDeps {
  fleet: Fleet;
  trips: Trips;
  replay: Replay;
  insight: Insight;
  alerts: Alerts;
  /** The track drawn on the map (a loaded track with points), or null. */
  shown: () => PackedTrack | null;
  focusSearch: () => void;
}

export class Keyboard {
  sheetOpen = $state(false);
  layersOpen = $state(false);
  map = $state.raw<MapLibreMap | null>(null);
  readonly actions: ShortcutActions;
  private zoomTarget: number | null = null;

  constructor(private readonly d: KeyboardDeps) {
    const replayKey = (id: ShortcutId) => () => {
      const a = SHORTCUTS.find((s) => s.id === id)?.replay;
      if (!a || !d.replay.timeline) return false;
      d.replay.apply(a);
      return true;
    };
    this.actions = {
      search: () => (d.focusSearch(), true),
      help: () => (this.sheetOpen = true),
      escape: () => this.escape(),
      prevTrip: () => this.stepTrip(-1),
      nextTrip: () => this.stepTrip(1),
      follow: () => d.fleet.selectedId !== null && (d.fleet.toggleFollow(), true),
      zoomIn: () => this.zoom(1),
      zoomOut: () => this.zoom(-1),
      fit: () => this.fit(),
      layers: () => ((this.layersOpen = !this.layersOpen), true),
      export: () => this.openExport(),
      playPause: replayKey("playPause"),
      stepBack: replayKey("stepBack"),
      stepForward: replayKey("stepForward"),
      pointBack: replayKey("pointBack"),
      pointForward: replayKey("pointForward"),
      faster: replayKey("faster"),
      slower: replayKey("slower"),
    };
  }

  /** The window's keydown: nothing while the modal sheet is open (it handles its own keys). */
  handle(e: KeyboardEvent): ShortcutId | null {
    return this.sheetOpen ? null : runShortcut(e, this.actions);
  }

  /** Esc: the topmost popup closes; else a loading track is cancelled; else the object deselected. */
  private escape(): boolean {
    const { insight, alerts, trips, fleet } = this.d;
    if (insight.exportOpen) insight.exportOpen = false;
    else if (this.layersOpen) this.layersOpen = false;
    else if (alerts.open) alerts.open = false;
    else if (trips.trackLoading) void trips.cancel();
    else if (fleet.selectedId !== null) fleet.select(null);
    else return false;
    return true;
  }

  /** [ / ]: the trip before or after the selected ones becomes the only one selected, and is shown. */
  private stepTrip(dir: 1 | -1): boolean {
    const { trips } = this.d;
    const list = trips.trips;
    if (list.length === 0 || trips.trackLoading) return false;
    const picked = list.flatMap((tr, i) => (trips.selected.has(tr.key) ? [i] : []));
    const i = picked.length === 0 ? (dir > 0 ? 0 : list.length - 1) : dir > 0 ? Math.max(...picked) + 1 : Math.min(...picked) - 1;
    if (i < 0 || i >= list.length) return false;
    trips.clearSelection();
    trips.toggle(i, false);
    void trips.show(false);
    return true;
  }

  /** Z / Shift+Z: a zoom level per press, counted from where a running zoom is heading. */
  private zoom(dir: 1 | -1): boolean {
    const map = this.map;
    if (!map) return false;
    const from = this.zoomTarget !== null && map.isMoving() ? this.zoomTarget : map.getZoom();
    this.zoomTarget = Math.max(map.getMinZoom(), Math.min(map.getMaxZoom(), from + dir));
    // A move of the user's (an `originalEvent`, as MapLibre's own keyboard gives): the track
    // layer then stops refitting the view when the panels over the map change.
    map.zoomTo(this.zoomTarget, { duration: 200 }, { originalEvent: new KeyboardEvent("keydown") });
    return true;
  }

  /** 0: the view fits the shown track, or the fleet when no track is shown. */
  private fit(): boolean {
    const map = this.map;
    if (!map) return false;
    const track = this.d.shown();
    if (track) {
      const b = boundsOf(track.lng, track.lat, track.n);
      if (b) fitTrack(map, b);
      return b !== null;
    }
    const b = fleetBounds(this.d.fleet.states.values());
    if (b) fitFleet(map, b);
    return b !== null;
  }

  /** E: the export dialog of the shown track (once its statistics are in, like its button). */
  private openExport(): boolean {
    const { trips, insight } = this.d;
    if (!trips.track || !insight.summary || insight.busy !== null) return false;
    insight.exportOpen = true;
    return true;
  }
}
