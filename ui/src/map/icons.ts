// Map icons drawn on a canvas at start-up (no sprite or glyph server needed, works offline):
// start and end flags, pins, parking "P".
import type { MapLibreMap } from "./maplibre";

/** Device pixels per icon pixel (icons are drawn at 2× and added with that pixel ratio). */
export const RATIO = 2;

/** A `size`×`size` icon painted by `paint` on a 2× canvas. */
export function draw(size: number, paint: (ctx: CanvasRenderingContext2D, s: number) => void): ImageData | null {
  const px = size * RATIO;
  const canvas = document.createElement("canvas");
  canvas.width = px;
  canvas.height = px;
  const ctx = canvas.getContext("2d");
  if (!ctx) return null;
  ctx.scale(RATIO, RATIO);
  paint(ctx, size);
  return ctx.getImageData(0, 0, px, px);
}

function disc(ctx: CanvasRenderingContext2D, s: number, fill: string): void {
  ctx.beginPath();
  ctx.arc(s / 2, s / 2, s / 2 - 1.5, 0, Math.PI * 2);
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.lineWidth = 2;
  ctx.strokeStyle = "#ffffff";
  ctx.stroke();
}

const ICONS: Record<string, [number, (ctx: CanvasRenderingContext2D, s: number) => void]> = {
  "tm-start": [
    22,
    (ctx, s) => {
      disc(ctx, s, "#15803d");
      ctx.beginPath();
      ctx.moveTo(s * 0.4, s * 0.3);
      ctx.lineTo(s * 0.72, s * 0.5);
      ctx.lineTo(s * 0.4, s * 0.7);
      ctx.closePath();
      ctx.fillStyle = "#ffffff";
      ctx.fill();
    },
  ],
  "tm-end": [
    22,
    (ctx, s) => {
      disc(ctx, s, "#dc2626");
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(s * 0.33, s * 0.33, s * 0.34, s * 0.34);
    },
  ],
  "tm-pin": [
    26,
    (ctx, s) => {
      ctx.beginPath();
      ctx.moveTo(s / 2, s - 1);
      ctx.bezierCurveTo(s / 2 - 2, s * 0.62, s * 0.16, s * 0.52, s * 0.16, s * 0.36);
      ctx.arc(s / 2, s * 0.36, s * 0.34, Math.PI, 0);
      ctx.bezierCurveTo(s * 0.84, s * 0.52, s / 2 + 2, s * 0.62, s / 2, s - 1);
      ctx.fillStyle = "#7c3aed";
      ctx.fill();
      ctx.strokeStyle = "#ffffff";
      ctx.lineWidth = 1.5;
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(s / 2, s * 0.36, s * 0.13, 0, Math.PI * 2);
      ctx.fillStyle = "#ffffff";
      ctx.fill();
    },
  ],
  "tm-parking": [
    18,
    (ctx, s) => {
      disc(ctx, s, "#2563eb");
      ctx.fillStyle = "#ffffff";
      ctx.font = `bold ${Math.round(s * 0.6)}px system-ui, sans-serif`;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText("P", s / 2, s / 2 + 0.5);
    },
  ],
};

export function addIcons(map: MapLibreMap): void {
  for (const [name, [size, paint]] of Object.entries(ICONS)) {
    if (map.hasImage(name)) continue;
    const img = draw(size, paint);
    if (img) map.addImage(name, img, { pixelRatio: RATIO });
  }
}
