// Icons of the overlay layers drawn on a canvas (offline, no sprite): one per event category,
// stops, and places. Same drawing approach as icons.ts.
import type { MapLibreMap } from "./maplibre";
import type { EventCategory } from "../lib/geoFeatures";
import { draw, RATIO } from "./icons";

/** Colour and glyph per event category (the list uses the same). */
export const EVENT_STYLE: Record<EventCategory, { color: string; glyph: string }> = {
  speed: { color: "#dc2626", glyph: "!" },
  zone: { color: "#7c3aed", glyph: "◎" },
  ignition: { color: "#0f766e", glyph: "⏻" },
  trip: { color: "#16a34a", glyph: "▸" },
  parking: { color: "#2563eb", glyph: "P" },
  alarm: { color: "#b91c1c", glyph: "‼" },
  power: { color: "#ca8a04", glyph: "⚡" },
  signal: { color: "#64748b", glyph: "∿" },
  other: { color: "#475569", glyph: "•" },
};

function badge(size: number, fill: string, glyph: string, square = false): ImageData | null {
  return draw(size, (ctx) => {
    ctx.beginPath();
    if (square) ctx.roundRect(1.5, 1.5, size - 3, size - 3, 4);
    else ctx.arc(size / 2, size / 2, size / 2 - 1.5, 0, Math.PI * 2);
    ctx.fillStyle = fill;
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = "#ffffff";
    ctx.stroke();
    ctx.fillStyle = "#ffffff";
    ctx.font = `bold ${Math.round(size * 0.55)}px system-ui, sans-serif`;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(glyph, size / 2, size / 2 + 0.5);
  });
}

export function addOverlayIcons(map: MapLibreMap): void {
  const add = (name: string, img: ImageData | null) => {
    if (img && !map.hasImage(name)) map.addImage(name, img, { pixelRatio: RATIO });
  };
  for (const [cat, s] of Object.entries(EVENT_STYLE)) add(`tm-ev-${cat}`, badge(18, s.color, s.glyph, true));
  add("tm-stop", badge(18, "#ea580c", "S"));
  add("tm-stop-parking", badge(20, "#2563eb", "P"));
  add("tm-place", badge(16, "#0891b2", "★"));
}
