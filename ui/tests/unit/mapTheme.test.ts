// The map's dark variant: the offline style in dark is valid, has the light style's layers with
// other colours only, its labels read on their halo; the live switch's paint list covers every
// colour of the basemap and nothing else; the raster basemap is dimmed in dark and not in light.
import { describe, expect, it } from "vitest";
import { validateStyleMin } from "@maplibre/maplibre-gl-style-spec";
import type { LayerSpecification } from "maplibre-gl";
import { basemapUrls, offlineLayers, offlineStyle, offlineThemePaint } from "../../src/map/offlineStyle";
import { BASE_LAYER, basemapLayer, basemapPaint, baseStyle, themePaint } from "../../src/map/style";

type Painted = LayerSpecification & { paint?: Record<string, unknown> };

/** WCAG contrast of two #rrggbb or rgba() colours (alpha ignored: halos are nearly opaque). */
function contrast(a: string, b: string): number {
  const rgb = (c: string) => {
    const m = c.startsWith("#") ? [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) : (c.match(/\d+/g) ?? []).slice(0, 3).map(Number);
    return m.map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
  };
  const lum = (c: string) => {
    const [r, g, b2] = rgb(c) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b2;
  };
  const [x, y] = [lum(a), lum(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

describe("dark offline basemap", () => {
  const urls = basemapUrls("tauri://localhost/");
  const light = offlineStyle({ ...urls, attribution: "x" });
  const dark = offlineStyle({ ...urls, attribution: "x", theme: "dark" });

  it("is valid per the style spec and has the same layers as the light one", () => {
    expect(validateStyleMin(dark)).toEqual([]);
    expect(dark.layers.map((l) => l.id)).toEqual(light.layers.map((l) => l.id));
    expect(dark.sources).toEqual(light.sources);
  });

  it("differs from the light style in colours only, and in every fill, road and label", () => {
    const strip = (l: Painted) => ({ ...l, paint: Object.fromEntries(Object.entries(l.paint ?? {}).filter(([k]) => !k.endsWith("-color"))) });
    expect(dark.layers.map((l) => strip(l as Painted))).toEqual(light.layers.map((l) => strip(l as Painted)));
    for (const id of ["background", "base-land", "base-water", "base-road", "base-road-label", "base-place-label", "base-border"]) {
      const d = (dark.layers.find((l) => l.id === id) as Painted).paint;
      const l = (light.layers.find((x) => x.id === id) as Painted).paint;
      expect(JSON.stringify(d), id).not.toEqual(JSON.stringify(l));
    }
  });

  it("draws dark land and light labels on dark halos (>= 4.5:1)", () => {
    const paint = (id: string) => (dark.layers.find((l) => l.id === id) as Painted).paint ?? {};
    const land = paint("base-land")["fill-color"] as string;
    expect(contrast(land, "#ffffff")).toBeGreaterThan(10);
    for (const id of ["base-road-label", "base-country-label", "base-waterway-label"]) {
      const p = paint(id);
      expect(contrast(p["text-color"] as string, p["text-halo-color"] as string), id).toBeGreaterThanOrEqual(4.5);
      expect(contrast(p["text-color"] as string, land), id).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("the live switch sets every colour of the present layers and nothing else", () => {
    const ids = new Set(offlineLayers().map((l) => l.id));
    const toDark = offlineThemePaint("dark", ids);
    expect(toDark.every(([, prop]) => prop.endsWith("-color"))).toBe(true);
    // Applied to the light layers, the list gives the dark layers' paint.
    const applied = structuredClone(offlineLayers("light")) as Painted[];
    for (const [id, prop, value] of toDark) {
      const layer = applied.find((l) => l.id === id) as Painted;
      layer.paint = { ...layer.paint, [prop]: value };
    }
    expect(applied).toEqual(offlineLayers("dark"));
    // Layers the map does not have (yet) are left out.
    expect(offlineThemePaint("dark", new Set(["base-water"])).map(([id]) => id)).toEqual(["base-water"]);
  });
});

describe("raster basemap in dark", () => {
  it("dims and desaturates the tiles in dark only", () => {
    const d = basemapPaint("dark");
    const l = basemapPaint("light");
    expect(d["raster-brightness-max"]).toBeLessThan(0.6);
    expect(d["raster-saturation"]).toBeLessThan(l["raster-saturation"]);
    expect(l["raster-brightness-max"]).toBe(1);
    expect(basemapLayer("dark").paint).toEqual(d);
    expect(validateStyleMin({ version: 8, sources: { basemap: { type: "raster", tiles: ["tiles://x/{z}/{x}/{y}"], tileSize: 256 } }, layers: [basemapLayer("dark")] } as never)).toEqual([]);
  });

  it("the live switch sets the background and the raster's paint", () => {
    const ids = new Set(["background", BASE_LAYER, "track-line"]);
    const toDark = themePaint("dark", ids);
    expect(toDark.find(([id]) => id === "background")?.[2]).toBe((baseStyle("dark").layers[0] as Painted).paint?.["background-color"]);
    expect(Object.fromEntries(toDark.filter(([id]) => id === BASE_LAYER).map(([, k, v]) => [k, v]))).toEqual(basemapPaint("dark"));
    expect(toDark.some(([id]) => id === "track-line")).toBe(false);
    expect(themePaint("light", new Set(["background"]))).toEqual([["background", "background-color", "#eef1f4"]]);
  });
});
