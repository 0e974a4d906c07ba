// Browser tests of the offline basemap (for run.mjs: `...basemapTests` in tests.mjs): a test page
// (basemapPage.ts, bundled here) draws offlineStyle from the files vite copied into dist/basemap,
// under the app's CSP from tauri.conf.json (with 'self' in connect-src, which fetching the
// archive, world outline and fonts needs), with every request that is not to this machine refused.
// Asserts that streets, buildings and street labels in the bundled font render at Astana zoom 14
// and the world outline and country labels at zoom 3, that nothing was asked of the network and no
// CSP violation happened; prints the time to the first complete frame; screenshots in /tmp.
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build as esbuild } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const outDir = join(here, ".build");
const ASTANA = { lon: 71.43, lat: 51.128 };

/** The app's CSP (src-tauri/tauri.conf.json), with 'self' added to connect-src if it lacks it. */
export function basemapCsp() {
  const conf = JSON.parse(readFileSync(join(root, "../src-tauri/tauri.conf.json"), "utf8"));
  const csp = { ...conf.app.security.csp };
  if (!/'self'/.test(csp["connect-src"] ?? "")) csp["connect-src"] = `'self' ${csp["connect-src"] ?? ""}`.trim();
  return Object.entries(csp).map(([k, v]) => `${k} ${v}`).join("; ");
}

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>basemap</title>
<link rel="stylesheet" href="maplibre-gl.css">
<style>html,body,#map{margin:0;width:100%;height:100%}</style>
</head><body><div id="map"></div><script type="module" src="page.js"></script></body></html>`;

async function bundlePage() {
  const outfile = join(outDir, "basemap-page.js");
  await esbuild({ entryPoints: [join(here, "basemapPage.ts")], bundle: true, format: "esm", target: "es2022", outfile, logLevel: "warning" });
  return outfile;
}

/** Opens the test page at zoom `z` under `csp`; returns what was asked of the network and what was refused. */
export async function openBasemap(ctx, { z, lon, lat, csp = basemapCsp() }) {
  const { page, baseUrl } = ctx;
  for (const f of ["astana.pmtiles", "world.geojson"]) {
    const built = join(root, "dist/basemap", f);
    const committed = join(root, "../data/basemap", f);
    assert.equal(statSync(built, { throwIfNoEntry: false })?.size, statSync(committed).size, `dist/basemap/${f} is missing or stale: run vite build`);
  }
  const pageJs = await bundlePage();
  const files = {
    "index.html": { body: PAGE, contentType: "text/html", headers: { "content-security-policy": csp } },
    "page.js": { path: pageJs, contentType: "text/javascript" },
    "maplibre-gl-worker.mjs": { path: join(root, "node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs"), contentType: "text/javascript" },
    "maplibre-gl.css": { path: join(root, "node_modules/maplibre-gl/dist/maplibre-gl.css"), contentType: "text/css" },
  };
  const refused = [];
  const asked = [];
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    asked.push(url.href);
    if (url.hostname !== "127.0.0.1" && url.hostname !== "localhost" && url.protocol !== "data:" && url.protocol !== "blob:") {
      refused.push(url.href);
      return route.abort("internetdisconnected");
    }
    const name = url.pathname.startsWith("/__basemap/") ? url.pathname.slice("/__basemap/".length) : null;
    if (name !== null && files[name]) return route.fulfill({ status: 200, ...files[name] });
    return route.fallback();
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(`${baseUrl}__basemap/index.html?z=${z}&lon=${lon}&lat=${lat}`);
  await waitIdle(page);
  return { refused, asked };
}

/** Waits until the map has loaded every tile and drawn them (MapLibre's `idle`). */
export async function waitIdle(page) {
  await page.waitForFunction(() => window.__basemap?.firstIdleMs != null, null, { timeout: 30000 });
  await page.evaluate(
    () =>
      new Promise((res) => {
        const map = window.__basemap.map;
        if (map.loaded() && map.areTilesLoaded()) res(null);
        else map.once("idle", () => res(null));
      }),
  );
}

const rendered = (page, layers) =>
  page.evaluate((ls) => window.__basemap.map.queryRenderedFeatures({ layers: ls }).map((f) => ({ layer: f.layer.id, name: f.properties.name ?? null })), layers);

async function assertOffline(ctx, net) {
  assert.deepEqual(net.refused, [], "a request left the machine");
  assert.deepEqual(ctx.blocked, []);
  assert.deepEqual(await ctx.page.evaluate(() => window.__cspViolations), []);
  // The files came from the app's own origin: the archive once, whole (no range requests).
  assert.equal(net.asked.filter((u) => u.endsWith("/basemap/astana.pmtiles")).length, 1);
}

export const basemapTests = [
  {
    name: "basemap: streets, buildings and labels in the bundled font draw offline at Astana zoom 14",
    async run(ctx) {
      const { page } = ctx;
      const net = await openBasemap(ctx, { z: 14, ...ASTANA });
      const roads = await rendered(page, ["base-road"]);
      assert.ok(roads.length > 30, `roads drawn: ${roads.length}`);
      assert.ok((await rendered(page, ["base-road-casing"])).length > 30);
      assert.ok((await rendered(page, ["base-building"])).length > 50, "buildings drawn");
      const labels = (await rendered(page, ["base-road-label"])).map((f) => f.name);
      assert.ok(labels.length >= 5, `street labels placed: ${labels.length}`);
      assert.ok(labels.some((n) => /^(улица|проспект) /.test(n)), `labels: ${labels.slice(0, 5).join(", ")}`);
      // The labels were drawn with the bundled Noto Sans, registered by MapLibre from font-faces.
      const fonts = await page.evaluate(() => [...document.fonts].filter((f) => f.family.startsWith("maplibre-gl-font-face")).map((f) => f.status));
      assert.ok(fonts.length >= 2 && fonts.every((s) => s === "loaded"), `font faces: ${fonts}`);
      assert.ok(net.asked.some((u) => /\/basemap\/fonts\/noto-sans\/noto-sans-cyrillic-400-normal\.woff2$/.test(u)));
      // Attribution on the map.
      assert.match((await page.textContent(".maplibregl-ctrl-attrib")) ?? "", /© OpenStreetMap contributors/);
      // Not blank: the canvas has the land, street and building colours, not one flat fill.
      const colours = await page.evaluate(() => {
        const c = window.__basemap.map.getCanvas();
        const gl = c.getContext("webgl2") ?? c.getContext("webgl");
        const px = new Uint8Array(4);
        const seen = new Set();
        for (let i = 0; i < 20; i++)
          for (let j = 0; j < 20; j++) {
            gl.readPixels(Math.floor(((i + 0.5) * gl.drawingBufferWidth) / 20), Math.floor(((j + 0.5) * gl.drawingBufferHeight) / 20), 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
            seen.add(`${px[0] >> 3},${px[1] >> 3},${px[2] >> 3}`);
          }
        return seen.size;
      });
      assert.ok(colours >= 5, `distinct colours: ${colours}`);
      await assertOffline(ctx, net);
      const t = await page.evaluate(() => ({ load: window.__basemap.loadMs, idle: window.__basemap.firstIdleMs }));
      console.log(`     offline basemap at z14: style loaded ${t.load} ms, first complete frame (idle) ${t.idle} ms`);
      await page.screenshot({ path: "/tmp/basemap-z14.png" });
      // Closer in: overzoomed tiles keep the streets and names.
      await page.evaluate(() => window.__basemap.map.jumpTo({ zoom: 16.5 }));
      await waitIdle(page);
      assert.ok((await rendered(page, ["base-road-label"])).length >= 2);
      await page.screenshot({ path: "/tmp/basemap-z16.png" });
    },
  },
  {
    name: "basemap: the world outline and country names draw offline at zoom 3; the city at zoom 10",
    async run(ctx) {
      const { page } = ctx;
      const net = await openBasemap(ctx, { z: 3, lon: 68, lat: 48 });
      assert.ok((await rendered(page, ["base-land"])).length > 0, "land drawn");
      assert.ok((await rendered(page, ["base-border"])).length > 0, "borders drawn");
      const countries = (await rendered(page, ["base-country-label"])).map((f) => f.name);
      assert.ok(countries.includes("Kazakhstan"), `countries: ${countries.join(", ")}`);
      await page.screenshot({ path: "/tmp/basemap-z3.png" });
      await page.evaluate(({ lon, lat }) => window.__basemap.map.jumpTo({ center: [lon, lat], zoom: 10 }), ASTANA);
      await waitIdle(page);
      assert.ok((await rendered(page, ["base-road"])).length > 5, "main roads at zoom 10");
      assert.ok((await rendered(page, ["base-place-label"])).some((f) => f.name === "Астана"), "the city's name");
      await page.screenshot({ path: "/tmp/basemap-z10.png" });
      await assertOffline(ctx, net);
    },
  },
];
