// The offline basemap as committed (the repository's data/basemap): the PMTiles archive read
// with the pmtiles package (header, metadata, tiles decoded with @mapbox/vector-tile), the world outline, the font
// files, the style (valid per the style spec, reading only layers and classes the archive has) and
// the pmtiles:// protocol serving a tile from a whole-file read.
/// <reference types="node" />
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PMTiles, zxyToTileId, type Header } from "pmtiles";
import { VectorTile } from "@mapbox/vector-tile";
import { PbfReader } from "pbf";
import { validateStyleMin } from "@maplibre/maplibre-gl-style-spec";
import type { FilterSpecification, LayerSpecification } from "maplibre-gl";
import { addArchive, WholeFileSource, type ProtocolHost } from "../../src/map/pmtilesProtocol";
import {
  basemapUrls,
  FONT_REGULAR,
  FONT_SEMIBOLD,
  OFFLINE_SOURCE,
  offlineFontFaces,
  offlineStyle,
  SOURCE_LAYERS,
  WORLD_SOURCE,
} from "../../src/map/offlineStyle";

const DIR = fileURLToPath(new URL("../../../data/basemap", import.meta.url));
const ARCHIVE = join(DIR, "astana.pmtiles");
const bytes = readFileSync(ARCHIVE);
const load = async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
const archive = new PMTiles(new WholeFileSource("astana", load));

/** Tile x/y at zoom z of a lon/lat (web mercator). */
function tileAt(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
}

async function decode(z: number, x: number, y: number): Promise<VectorTile | null> {
  const t = await archive.getZxy(z, x, y);
  return t ? new VectorTile(new PbfReader(new Uint8Array(t.data))) : null;
}

/** Every tile's features as { layer, class, name }, read once. */
let all: { z: number; layer: string; cls?: string; name?: string; type: number }[] | null = null;
async function everything(header: Header) {
  if (all) return all;
  all = [];
  for (let z = header.minZoom; z <= header.maxZoom; z++) {
    const [x0, y1] = tileAt(header.minLon, header.minLat, z);
    const [x1, y0] = tileAt(header.maxLon, header.maxLat, z);
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const vt = await decode(z, x, y);
        for (const [layer, l] of Object.entries(vt?.layers ?? {})) {
          for (let i = 0; i < l.length; i++) {
            const f = l.feature(i);
            all.push({ z, layer, type: f.type, cls: f.properties.class as string | undefined, name: f.properties.name as string | undefined });
          }
        }
      }
    }
  }
  return all;
}

describe("offline basemap archive", () => {
  it("is a small PMTiles v3 archive of gzip'd vector tiles around Astana, zooms 8–14", async () => {
    expect(statSync(ARCHIVE).size).toBeLessThan(5 * 1024 * 1024);
    const h = await archive.getHeader();
    expect(h.specVersion).toBe(3);
    expect(h.tileType).toBe(1); // MVT
    expect(h.tileCompression).toBe(2); // gzip
    expect(h.clustered).toBe(true);
    expect([h.minZoom, h.maxZoom]).toEqual([8, 14]);
    expect(h.minLon).toBeGreaterThan(71.2);
    expect(h.maxLon).toBeLessThan(71.7);
    expect(h.minLat).toBeGreaterThan(51.0);
    expect(h.maxLat).toBeLessThan(51.35);
    expect(h.minLon).toBeLessThan(71.43);
    expect(h.maxLon).toBeGreaterThan(71.43);
    expect(h.centerLon).toBeCloseTo(71.45, 1);
    expect(h.centerLat).toBeCloseTo(51.18, 1);
    expect(h.numAddressedTiles).toBeGreaterThan(300);
    // One root directory, no leaves; the tiles right after the metadata.
    expect(h.leafDirectoryLength).toBe(0);
    expect(h.tileDataOffset + (h.tileDataLength ?? NaN)).toBe(bytes.length);
  });

  it("says what it holds and whose data it is", async () => {
    const meta = (await archive.getMetadata()) as { attribution: string; vector_layers: { id: string; minzoom: number; maxzoom: number }[] };
    expect(meta.attribution).toBe("© OpenStreetMap contributors");
    expect(meta.vector_layers.map((l) => l.id)).toEqual(["water", "waterway", "landuse", "building", "road", "place"]);
    expect(meta.vector_layers.find((l) => l.id === "building")).toMatchObject({ minzoom: 14, maxzoom: 14 });
    const license = readFileSync(join(DIR, "LICENSE.md"), "utf8");
    expect(license).toMatch(/© OpenStreetMap contributors/);
    expect(license).toMatch(/ODbL/);
  });

  it("has streets with names, buildings and water in central Astana at zoom 14", async () => {
    const [x, y] = tileAt(71.43, 51.128, 14);
    const vt = await decode(14, x, y);
    expect(vt).not.toBeNull();
    expect(Object.keys(vt!.layers).sort()).toEqual(expect.arrayContaining(["building", "road"]));
    const road = vt!.layers.road!;
    const names = new Set<string>();
    for (let i = 0; i < road.length; i++) {
      const f = road.feature(i);
      expect(f.type).toBe(2);
      expect(Object.keys(f.properties).every((k) => k === "class" || k === "name")).toBe(true);
      if (f.properties.name) names.add(String(f.properties.name));
    }
    expect(names.size).toBeGreaterThan(5);
    expect([...names].some((n) => /^(улица|проспект) /.test(n))).toBe(true);
    expect(vt!.layers.building!.length).toBeGreaterThan(50);
  });

  it("keeps only the basemap schema, everywhere, with overview zooms that thin out", async () => {
    const h = await archive.getHeader();
    const features = await everything(h);
    const layers = new Set(features.map((f) => f.layer));
    expect([...layers].sort()).toEqual(["building", "landuse", "place", "road", "water", "waterway"]);
    const classes = (layer: string) => new Set(features.filter((f) => f.layer === layer).map((f) => f.cls));
    expect([...classes("road")].sort()).toEqual(["minor", "motorway", "path", "primary", "rail", "secondary", "service", "tertiary", "track", "trunk"]);
    expect(classes("landuse")).toContain("park");
    expect(classes("place")).toContain("city");
    const names = new Set(features.filter((f) => f.layer === "road" && f.name).map((f) => f.name));
    for (const n of ["проспект Кабанбай Батыра", "проспект Республики", "шоссе Алаш"]) expect(names).toContain(n);
    expect(features.some((f) => f.layer === "place" && f.name === "Астана")).toBe(true);
    // Low zooms: major roads only, no buildings, no street names.
    const z10 = features.filter((f) => f.z === 10);
    expect(z10.some((f) => f.layer === "road" && f.cls === "trunk")).toBe(true);
    expect(z10.some((f) => f.layer === "road" && (f.cls === "minor" || f.cls === "service"))).toBe(false);
    expect(z10.some((f) => f.layer === "building")).toBe(false);
    expect(features.some((f) => f.layer === "road" && f.z < 11 && f.name)).toBe(false);
  });

  it("stores every tile once, in tile-id order", async () => {
    const h = await archive.getHeader();
    expect(h.numTileContents).toBeLessThanOrEqual(h.numAddressedTiles);
    expect(zxyToTileId(8, ...tileAt(71.43, 51.13, 8))).toBeGreaterThan(0);
  });
});

describe("world outline and fonts", () => {
  it("world.geojson is small and has land, borders and country labels", () => {
    const file = join(DIR, "world.geojson");
    expect(statSync(file).size).toBeLessThan(300 * 1024);
    const world = JSON.parse(readFileSync(file, "utf8")) as { features: { properties: { kind: string; name?: string }; geometry: { type: string } }[] };
    const kinds = world.features.map((f) => f.properties.kind);
    expect(kinds.filter((k) => k === "land")).toHaveLength(1);
    expect(world.features.find((f) => f.properties.kind === "land")!.geometry.type).toBe("MultiPolygon");
    expect(world.features.find((f) => f.properties.kind === "border")!.geometry.type).toBe("MultiLineString");
    expect(world.features.filter((f) => f.properties.kind === "country").map((f) => f.properties.name)).toContain("Kazakhstan");
  });

  it("every font file the style names is committed, with the OFL", () => {
    const { fontsUrl } = basemapUrls("http://x/");
    const faces = offlineFontFaces(fontsUrl);
    expect(Object.keys(faces)).toEqual([FONT_REGULAR, FONT_SEMIBOLD]);
    for (const list of Object.values(faces)) {
      for (const face of list as { url: string }[]) {
        const path = join(DIR, "fonts", face.url.slice(fontsUrl.length));
        expect(existsSync(path), path).toBe(true);
      }
    }
    expect(readFileSync(join(DIR, "fonts/noto-sans/OFL.txt"), "utf8")).toMatch(/SIL Open Font License/);
  });
});

describe("offline style", () => {
  const urls = basemapUrls("tauri://localhost/");
  const style = offlineStyle({ ...urls, attribution: "© OpenStreetMap contributors" });

  it("builds absolute URLs under the app's base", () => {
    expect(urls).toEqual({
      pmtilesUrl: "tauri://localhost/basemap/astana.pmtiles",
      worldUrl: "tauri://localhost/basemap/world.geojson",
      fontsUrl: "tauri://localhost/basemap/fonts/",
    });
    expect(basemapUrls("http://localhost:1420/app/index.html").pmtilesUrl).toBe("http://localhost:1420/app/basemap/astana.pmtiles");
  });

  it("is valid per the style spec", () => {
    expect(validateStyleMin(style)).toEqual([]);
    expect(validateStyleMin(offlineStyle({ ...urls, fontsUrl: undefined, attribution: "x" }))).toEqual([]);
  });

  it("reads only layers and classes the archive has, from its two sources", async () => {
    const h = await archive.getHeader();
    const features = await everything(h);
    const inArchive = new Set(features.map((f) => `${f.layer}:${f.cls ?? ""}`));
    const used = new Set<string>();
    for (const layer of style.layers as (LayerSpecification & { "source-layer"?: string; filter?: FilterSpecification })[]) {
      if (layer.type === "background") continue;
      expect([OFFLINE_SOURCE, WORLD_SOURCE]).toContain(layer.source);
      if (layer.source !== OFFLINE_SOURCE) continue;
      const sl = layer["source-layer"]!;
      expect(SOURCE_LAYERS).toContain(sl);
      used.add(sl);
      // Every class a filter names exists in that layer.
      for (const cls of classesIn(layer.filter)) expect(inArchive, `${layer.id}: ${sl}:${cls}`).toContain(`${sl}:${cls}`);
    }
    expect([...used].sort()).toEqual([...SOURCE_LAYERS].sort());
    expect(style.sources[OFFLINE_SOURCE]).toMatchObject({ type: "vector", url: "pmtiles://tauri://localhost/basemap/astana.pmtiles" });
  });

  it("labels use only the bundled fonts", () => {
    for (const layer of style.layers) {
      if (layer.type !== "symbol") continue;
      const font = layer.layout?.["text-font"] as string[];
      expect([[FONT_REGULAR], [FONT_SEMIBOLD]]).toContainEqual(font);
    }
    expect(style.glyphs).toBeUndefined();
  });
});

/** Road classes named in `["match", ["get", "class"], [...], true, false]` / `["==", ["get", "class"], "x"]`. */
function classesIn(filter: unknown): string[] {
  const out: string[] = [];
  const walk = (e: unknown) => {
    if (!Array.isArray(e)) return;
    const isClass = (g: unknown) => Array.isArray(g) && g[0] === "get" && g[1] === "class";
    if (e[0] === "match" && isClass(e[1]) && Array.isArray(e[2])) out.push(...(e[2] as string[]));
    if (e[0] === "==" && isClass(e[1]) && typeof e[2] === "string") out.push(e[2]);
    e.forEach(walk);
  };
  walk(filter);
  return out;
}

describe("pmtiles:// protocol", () => {
  it("registers once and answers a tile request from one whole-file read", async () => {
    const added: string[] = [];
    let handler: ((p: { url: string; type?: string }, c: AbortController) => Promise<{ data: unknown }>) | null = null;
    const host: ProtocolHost = {
      addProtocol(name, fn) {
        added.push(name);
        handler = fn as unknown as typeof handler;
      },
    };
    let reads = 0;
    const url = "http://127.0.0.1/basemap/astana.pmtiles";
    const a = addArchive(host, url, async () => {
      reads++;
      return load();
    });
    expect(addArchive(host, url)).toBe(a);
    expect(added).toEqual(["pmtiles"]);
    const [x, y] = tileAt(71.43, 51.128, 14);
    const tile = await handler!({ url: `pmtiles://${url}/14/${x}/${y}`, type: "arrayBuffer" }, new AbortController());
    const vt = new VectorTile(new PbfReader(tile.data as Uint8Array));
    expect(vt.layers.road!.length).toBeGreaterThan(10);
    const tj = await handler!({ url: `pmtiles://${url}`, type: "json" }, new AbortController());
    expect(tj.data).toMatchObject({ minzoom: 8, maxzoom: 14, tiles: [`pmtiles://${url}/{z}/{x}/{y}`] });
    expect(reads).toBe(1);
  });

  it("tries again after a failed read", async () => {
    let n = 0;
    const src = new WholeFileSource("u", async () => {
      if (n++ === 0) throw new Error("offline");
      return new Uint8Array([1, 2, 3, 4]).buffer;
    });
    await expect(src.getBytes(0, 2)).rejects.toThrow("offline");
    expect(new Uint8Array((await src.getBytes(1, 2)).data)).toEqual(new Uint8Array([2, 3]));
  });
});
