// The live fleet's overlay: a 2D canvas over the map's (under its DOM markers and popups) on
// which markers, arrows, clusters, labels and live trails are drawn each time the map draws a
// frame, and each glide step without one. A moving marker thus costs a canvas redraw, not the map
// re-tiling a GeoJSON source in its worker — which grew the web process through a long day of
// batches (BENCHMARKS.md, "Where the web process's growth is"). It owns the canvas and the
// picking of what it drew; ObjectsLayer.svelte owns the data and the events.
import type { MapLibreMap } from "../maplibre";
import { CLUSTER_MAX_ZOOM, type Cluster, type FleetClusters } from "./clusters";
import { clusterRadius, DOT, DOT_SELECTED, LABEL_FONT, LABEL_HEIGHT, LABEL_OFFSET, labelColors, paintArrow, paintCluster, paintDot, paintLabel, trailStyle } from "./paint";
import { arrowHeading, placeLabels, type Box, type Marker, type TrailLine } from "./scene";
import type { Theme } from "../../api";

/** Labels show from this zoom in (as the label layer's minzoom). */
export const LABEL_MIN_ZOOM = 9;
/** Markers this far outside the view are still drawn (their arrow or label may reach in). */
const MARGIN = 48;

/** What the overlay draws; set by the objects layer on each change. */
export interface LiveScene {
  markers: readonly Marker[];
  trails: readonly TrailLine[];
  /** Grouping at low zooms (null: every marker on its own). */
  clusters: FleetClusters | null;
  /** Where a gliding marker is shown at a clock time (null: at its state's position). */
  shownAt: (id: number, now: number) => [number, number] | null;
  /** Fade the markers but the selected one (a track is on the map). */
  dimOthers: boolean;
  theme: Theme;
}

/** What a test sees of a marker after a draw. */
export interface DrawnMarker {
  id: number;
  lng: number;
  lat: number;
  /** CSS pixels in the map's canvas; null when not drawn on its own (in a cluster or out of view). */
  x: number | null;
  y: number | null;
  heading: number | null;
  selected: boolean;
  status: string;
  labelled: boolean;
}

export type Hit = { kind: "marker"; id: number } | { kind: "cluster"; cluster: Cluster };

export class LiveOverlay {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D | null;
  private scene: LiveScene = { markers: [], trails: [], clusters: null, shownAt: () => null, dimOthers: false, theme: "light" };
  // The last draw, reused from frame to frame (no garbage per frame).
  private lng = new Float64Array(0);
  private lat = new Float64Array(0);
  private x = new Float64Array(0);
  private y = new Float64Array(0);
  private heading: (number | null)[] = [];
  private onOwn: number[] = [];
  private clusterList: Cluster[] = [];
  private clusterXY: number[] = [];
  private labelled: boolean[] = [];
  private labelOrder: number[] = [];
  private boxes: Box[] = [];
  private placed: boolean[] = [];
  private widths = new Map<string, number>();
  /** Draws so far, when the last one ended, how long it took and how many markers it drew on
   * their own; when the scene was last set and its first draw ended (test mode reads them). */
  readonly stats = { draws: 0, at: 0, ms: 0, markers: 0, setAt: 0, firstDrawAt: 0 };

  constructor(private readonly map: MapLibreMap) {
    this.canvas = document.createElement("canvas");
    this.canvas.className = "tm-live-overlay";
    Object.assign(this.canvas.style, { position: "absolute", left: "0", top: "0", pointerEvents: "none" });
    const mapCanvas = map.getCanvas();
    mapCanvas.parentElement?.insertBefore(this.canvas, mapCanvas.nextSibling);
    // Drawn on the CPU (a software canvas): an accelerated one keeps GPU-side caches of each
    // frame's new paths and texts, which in a software GL (Mesa's llvmpipe, as here) is the web
    // process's own memory, grown by every glide step.
    this.ctx = this.canvas.getContext("2d", { willReadFrequently: true });
    map.on("render", this.draw);
  }

  remove(): void {
    this.map.off("render", this.draw);
    this.canvas.remove();
  }

  set(scene: LiveScene): void {
    this.scene = scene;
    this.stats.setAt = performance.now();
    this.stats.firstDrawAt = 0;
    const n = scene.markers.length;
    if (this.lng.length < n) {
      const cap = Math.max(n, 2 * this.lng.length);
      this.lng = new Float64Array(cap);
      this.lat = new Float64Array(cap);
      this.x = new Float64Array(cap);
      this.y = new Float64Array(cap);
    }
  }

  /** Where each marker is shown now (its glide's position, else its state's). */
  private place(now: number): void {
    const { markers, shownAt } = this.scene;
    for (let i = 0; i < markers.length; i++) {
      const m = markers[i] as Marker;
      const at = shownAt(m.id, now);
      this.lng[i] = at ? at[0] : m.lng;
      this.lat[i] = at ? at[1] : m.lat;
    }
  }

  /** Draws the scene as the map stands now. */
  readonly draw = (): void => {
    const ctx = this.ctx;
    if (!ctx) return;
    const t0 = performance.now();
    const map = this.map;
    const mapCanvas = map.getCanvas();
    const w = mapCanvas.clientWidth, h = mapCanvas.clientHeight;
    const ratio = map.getPixelRatio();
    const pw = Math.round(w * ratio), ph = Math.round(h * ratio);
    if (this.canvas.width !== pw || this.canvas.height !== ph) {
      this.canvas.width = pw;
      this.canvas.height = ph;
      this.canvas.style.width = `${w}px`;
      this.canvas.style.height = `${h}px`;
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const { markers, trails, clusters, dimOthers } = this.scene;
    const zoom = map.getZoom();
    this.place(t0);
    this.paintTrails(ctx, trails, t0);

    // Which markers stand on their own, and the clusters.
    this.onOwn.length = 0;
    this.clusterList.length = 0;
    if (clusters && zoom < CLUSTER_MAX_ZOOM + 1) {
      const b = map.getBounds();
      clusters.view([b.getWest(), Math.max(-85, b.getSouth()), b.getEast(), Math.min(85, b.getNorth())], zoom, this.clusterList, this.onOwn);
    } else for (let i = 0; i < markers.length; i++) this.onOwn.push(i);
    this.x.fill(NaN);
    let kept = 0;
    for (const i of this.onOwn) {
      const p = map.project([this.lng[i] as number, this.lat[i] as number]);
      if (p.x < -MARGIN || p.y < -MARGIN || p.x > w + MARGIN || p.y > h + MARGIN) continue;
      this.x[i] = p.x;
      this.y[i] = p.y;
      this.onOwn[kept++] = i;
    }
    this.onOwn.length = kept;

    this.clusterXY.length = 0;
    ctx.globalAlpha = dimOthers ? 0.3 : 1;
    for (const c of this.clusterList) {
      const p = map.project([c.lng, c.lat]);
      this.clusterXY.push(p.x, p.y);
      paintCluster(ctx, p.x, p.y, c.count, abbreviate(c.count));
    }
    // Arrows under the dots, the selected marker over the others, labels on top.
    const rotation = map.getBearing();
    this.heading.length = markers.length;
    for (const i of this.onOwn) {
      const m = markers[i] as Marker;
      const hd = arrowHeading(m, [this.lng[i] as number, this.lat[i] as number]);
      this.heading[i] = hd;
      if (hd === null) continue;
      ctx.globalAlpha = dimOthers && !m.selected ? 0.25 : 1;
      paintArrow(ctx, this.x[i] as number, this.y[i] as number, hd, rotation);
    }
    let chosen = -1;
    for (const i of this.onOwn) {
      const m = markers[i] as Marker;
      if (m.selected) chosen = i;
      else {
        ctx.globalAlpha = dimOthers ? 0.25 : 1;
        paintDot(ctx, this.x[i] as number, this.y[i] as number, m.status, false);
      }
    }
    ctx.globalAlpha = 1;
    if (chosen >= 0) paintDot(ctx, this.x[chosen] as number, this.y[chosen] as number, (markers[chosen] as Marker).status, true);
    this.paintLabels(ctx, zoom, chosen);
    ctx.globalAlpha = 1;
    this.stats.draws++;
    this.stats.at = performance.now();
    this.stats.ms = this.stats.at - t0;
    this.stats.markers = this.onOwn.length;
    if (this.stats.firstDrawAt === 0) this.stats.firstDrawAt = this.stats.at;
  };

  /** Each trail through its fixes, then its head to where the marker is shown. */
  private paintTrails(ctx: CanvasRenderingContext2D, trails: readonly TrailLine[], now: number): void {
    if (trails.length === 0) return;
    const map = this.map;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    for (const t of trails) {
      const style = trailStyle(t.selected);
      ctx.strokeStyle = style.color;
      ctx.lineWidth = style.width;
      ctx.beginPath();
      let lx = NaN, ly = NaN;
      for (const pt of t.points) {
        const p = map.project(pt);
        // Fixes closer than a pixel on screen add nothing but work.
        if (Math.abs(p.x - lx) < 1 && Math.abs(p.y - ly) < 1) continue;
        if (Number.isNaN(lx)) ctx.moveTo(p.x, p.y);
        else ctx.lineTo(p.x, p.y);
        lx = p.x;
        ly = p.y;
      }
      const head = map.project(this.scene.shownAt(t.id, now) ?? t.last);
      ctx.lineTo(head.x, head.y);
      ctx.stroke();
    }
  }

  /** The labels that fit, the selected one first. */
  private paintLabels(ctx: CanvasRenderingContext2D, zoom: number, chosen: number): void {
    if (zoom < LABEL_MIN_ZOOM) {
      this.labelled.length = 0;
      return;
    }
    const { markers, dimOthers, theme } = this.scene;
    ctx.font = LABEL_FONT;
    const order = this.labelOrder;
    order.length = 0;
    if (chosen >= 0) order.push(chosen);
    for (const i of this.onOwn) if (i !== chosen) order.push(i);
    const boxes = this.boxes;
    boxes.length = order.length;
    for (let k = 0; k < order.length; k++) {
      const i = order[k] as number;
      const text = (markers[i] as Marker).label;
      let tw = this.widths.get(text);
      if (tw === undefined) {
        if (this.widths.size > 20_000) this.widths.clear();
        tw = ctx.measureText(text).width + 3;
        this.widths.set(text, tw);
      }
      const b = (boxes[k] ??= { x: 0, y: 0, w: 0, h: 0 });
      b.x = (this.x[i] as number) - tw / 2;
      b.y = (this.y[i] as number) + LABEL_OFFSET;
      b.w = tw;
      b.h = LABEL_HEIGHT;
    }
    const shown = placeLabels(boxes, this.placed);
    const colors = labelColors(theme);
    this.labelled.length = markers.length;
    this.labelled.fill(false);
    for (let k = 0; k < order.length; k++) {
      if (!shown[k]) continue;
      const i = order[k] as number;
      const m = markers[i] as Marker;
      this.labelled[i] = true;
      ctx.globalAlpha = dimOthers && !m.selected ? 0.25 : 1;
      paintLabel(ctx, this.x[i] as number, this.y[i] as number, m.label, colors);
    }
  }

  /** What is under the point (CSS pixels in the map's canvas): the nearest marker drawn on its
   * own within its dot (a little more, for a finger or a shaky hand), else a cluster. */
  hit(px: number, py: number): Hit | null {
    let best = -1, bestD = Infinity;
    for (const i of this.onOwn) {
      const m = this.scene.markers[i] as Marker;
      const d = Math.hypot((this.x[i] as number) - px, (this.y[i] as number) - py);
      const reach = (m.selected ? DOT_SELECTED : DOT).radius + 4;
      if (d <= reach && d < bestD) [best, bestD] = [i, d];
    }
    if (best >= 0) return { kind: "marker", id: (this.scene.markers[best] as Marker).id };
    for (let k = 0; k < this.clusterList.length; k++) {
      const c = this.clusterList[k] as Cluster;
      if (Math.hypot((this.clusterXY[2 * k] as number) - px, (this.clusterXY[2 * k + 1] as number) - py) <= clusterRadius(c.count) + 2) return { kind: "cluster", cluster: c };
    }
    return null;
  }

  /** Every marker as the last draw placed it (tests). */
  drawn(): DrawnMarker[] {
    return this.scene.markers.map((m, i) => {
      const own = !Number.isNaN(this.x[i] as number);
      return {
        id: m.id,
        lng: this.lng[i] as number,
        lat: this.lat[i] as number,
        x: own ? (this.x[i] as number) : null,
        y: own ? (this.y[i] as number) : null,
        heading: own ? (this.heading[i] ?? null) : null,
        selected: m.selected,
        status: m.status,
        labelled: this.labelled[i] === true,
      };
    });
  }

  /** The clusters of the last draw (tests). */
  drawnClusters(): { x: number; y: number; count: number }[] {
    return this.clusterList.map((c, k) => ({ x: this.clusterXY[2 * k] as number, y: this.clusterXY[2 * k + 1] as number, count: c.count }));
  }
}

/** A cluster's count as MapLibre abbreviated it: 1.2k, 15k. */
export function abbreviate(n: number): string {
  if (n >= 10_000) return `${Math.round(n / 1000)}k`;
  if (n >= 1000) return `${Math.round(n / 100) / 10}k`;
  return String(n);
}
