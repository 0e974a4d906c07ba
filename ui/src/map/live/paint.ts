// How the live overlay's pieces look, drawn on its 2D canvas in CSS pixels: a marker's dot in its
// status colour, its heading arrow, a cluster with its count, a label on a halo, a trail. The
// sizes and colours are those the MapLibre layers had.
import type { Theme } from "../../api";
import { STATUS_COLORS } from "../../lib/status";

/** The dot's radius and outline (the outline lies outside the radius). */
export const DOT = { radius: 5.5, stroke: 1.5, strokeColor: "#ffffff" } as const;
export const DOT_SELECTED = { radius: 8, stroke: 2.5, strokeColor: "#111827" } as const;

/** A marker's dot. */
export function paintDot(ctx: CanvasRenderingContext2D, x: number, y: number, status: string, selected: boolean): void {
  const d = selected ? DOT_SELECTED : DOT;
  ctx.beginPath();
  ctx.arc(x, y, d.radius + d.stroke, 0, Math.PI * 2);
  ctx.fillStyle = d.strokeColor;
  ctx.fill();
  ctx.beginPath();
  ctx.arc(x, y, d.radius, 0, Math.PI * 2);
  ctx.fillStyle = STATUS_COLORS[status as keyof typeof STATUS_COLORS] ?? STATUS_COLORS.unknown;
  ctx.fill();
}

/** An arrowhead pointing `heading` degrees (0 = north, clockwise), just outside the dot. */
export function paintArrow(ctx: CanvasRenderingContext2D, x: number, y: number, heading: number, rotation: number): void {
  ctx.save();
  ctx.translate(x, y);
  ctx.rotate(((heading - rotation) * Math.PI) / 180);
  ctx.beginPath();
  ctx.moveTo(0, -13);
  ctx.lineTo(5, -5);
  ctx.lineTo(0, -7);
  ctx.lineTo(-5, -5);
  ctx.closePath();
  ctx.fillStyle = "#1f2937";
  ctx.strokeStyle = "#ffffff";
  ctx.lineWidth = 1.5;
  ctx.lineJoin = "miter";
  ctx.stroke();
  ctx.fill();
  ctx.restore();
}

/** A cluster's radius by how many it holds. */
export function clusterRadius(count: number): number {
  return count < 50 ? 13 : count < 500 ? 17 : 22;
}

/** A cluster: a blue disc with a white ring and its count. */
export function paintCluster(ctx: CanvasRenderingContext2D, x: number, y: number, count: number, text: string): void {
  const r = clusterRadius(count);
  ctx.beginPath();
  ctx.arc(x, y, r + 1.5, 0, Math.PI * 2);
  ctx.lineWidth = 3;
  ctx.strokeStyle = "rgba(255,255,255,0.9)";
  ctx.stroke();
  ctx.beginPath();
  ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.fillStyle = "rgba(47,111,219,0.85)";
  ctx.fill();
  ctx.fillStyle = "#ffffff";
  ctx.font = CLUSTER_FONT;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillText(text, x, y);
}

const CLUSTER_FONT = "bold 11px system-ui, sans-serif";
export const LABEL_FONT = "12px system-ui, sans-serif";
/** A label's line height, and how far under the marker's centre its top is (1.1 em). */
export const LABEL_HEIGHT = 15;
export const LABEL_OFFSET = 13;

/** The objects' labels: dark on a white halo in light, light on a dark halo in dark. */
export function labelColors(theme: Theme): { text: string; halo: string } {
  return theme === "dark" ? { text: "#e6e9ee", halo: "rgba(18,21,25,0.92)" } : { text: "#1f2937", halo: "rgba(255,255,255,0.95)" };
}

/** A label centred under (x, y) on a 1.5-px halo. The caller sets the font once for all. */
export function paintLabel(ctx: CanvasRenderingContext2D, x: number, y: number, text: string, colors: { text: string; halo: string }): void {
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.lineWidth = 3;
  ctx.lineJoin = "round";
  ctx.strokeStyle = colors.halo;
  ctx.strokeText(text, x, y + LABEL_OFFSET);
  ctx.fillStyle = colors.text;
  ctx.fillText(text, x, y + LABEL_OFFSET);
}

/** The live trails' look: the selected one's stands out. */
export function trailStyle(selected: boolean): { color: string; width: number } {
  return selected ? { color: "rgba(47,111,219,0.9)", width: 3.5 } : { color: "rgba(22,163,74,0.6)", width: 2.5 };
}
