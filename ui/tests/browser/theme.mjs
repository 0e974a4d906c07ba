// Browser tests of dark mode (for run.mjs: `...themeTests` in tests.mjs): the switch sets
// <html data-theme> and is saved through set_settings; "System" follows an emulated
// prefers-color-scheme live; a stored choice wins at start; the offline basemap and the raster
// tiles change to their dark paint live with the track still drawn; the chart redraws in the
// theme's colours; axe-core's color-contrast rule finds no serious or critical violation in dark
// on the sign-in screen, the main window with a track, the alerts panel and the map-source picker
// (and in light on the main window with a track: the palette's light half), each screen also
// judged with the map's canvas hidden so panels over the map are decided on their own backgrounds.
// Screenshots of dark mode go to tests/browser/.build/theme-*.png.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { crc32, deflateSync } from "node:zlib";
import { calls, demo, open, selectObjectAndTrips, signInScreen, waitTrackDrawn } from "./helpers.mjs";

const outDir = join(dirname(fileURLToPath(import.meta.url)), ".build");
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

const theme = (page) => page.evaluate(() => document.documentElement.dataset.theme ?? null);
const waitTheme = (page, want) => page.waitForFunction((w) => document.documentElement.dataset.theme === w, want, { timeout: 10000 });
const choose = (page, value) => page.selectOption('[data-testid="theme"]', value);
const savedThemes = async (page) => (await calls(page, "set_settings")).map((c) => c.args.settings.theme);

/** Relative luminance of "#rrggbb" or "rgb(a)(r, g, b…)". */
function luminance(colour) {
  const parts = colour.startsWith("#") ? [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16)) : (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  const [r, g, b] = parts.map((v) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** A solid 256×256 RGB PNG (a light raster tile, like OpenStreetMap's land). */
function solidPng([r, g, b]) {
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, "ascii");
    data.copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(256, 0);
  header.writeUInt32BE(256, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.alloc(1 + 256 * 3);
  for (let x = 0; x < 256; x++) row.set([r, g, b], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: 256 }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

/** The map canvas' pixel at a point (the test build keeps the drawing buffer), after a repaint. */
async function mapPixel(page, fx = 0.5, fy = 0.5) {
  await page.evaluate(() => new Promise((res) => {
    const m = window.__trackmate.map;
    m.once("render", () => requestAnimationFrame(() => res(null)));
    m.triggerRepaint();
  }));
  return page.evaluate(([x, y]) => {
    const src = window.__trackmate.map.getCanvas();
    const c = document.createElement("canvas");
    c.width = src.width;
    c.height = src.height;
    const g = c.getContext("2d");
    g.drawImage(src, 0, 0);
    return Array.from(g.getImageData(Math.floor(c.width * x), Math.floor(c.height * y), 1, 1).data);
  }, [fx, fy]);
}

const paintOf = (page, layer, prop) => page.evaluate(([l, p]) => window.__trackmate.map.getPaintProperty(l, p), [layer, prop]);

/** axe-core's color-contrast rule on the page now: its serious and critical violations. */
async function contrastViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "rule", values: ["color-contrast"] }, resultTypes: ["violations", "incomplete"] });
    return {
      violations: r.violations.map((v) => ({ impact: v.impact, nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.any.map((a) => a.message).join(" ")}`) })),
      incomplete: r.incomplete.reduce((n, v) => n + v.nodes.length, 0),
      reasons: r.incomplete.flatMap((v) => v.nodes.map((n) => `${n.target.join(" ")} — ${n.any.map((x) => x.data?.messageKey ?? x.message).join(" ")}`)),
    };
  });
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").flatMap((v) => v.nodes);
  if (process.env.THEME_AXE_DETAIL) for (const r of result.reasons) console.log(`       undecided: ${r}`);
  return { bad, incomplete: result.incomplete };
}

/** Contrast of the text of `selector`'s elements on their own opaque background, for the small
 * badges axe leaves undecided (they overlap their button's edge). */
async function badgeContrasts(page, selector) {
  const pairs = await page.evaluate((sel) => [...document.querySelectorAll(sel)].map((e) => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]), selector);
  return pairs.map(([fg, bg]) => {
    const [a, b] = [luminance(fg), luminance(bg)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}

async function assertContrast(page, screen, theme = "dark") {
  const { bad, incomplete } = await contrastViolations(page);
  console.log(`     axe color-contrast, ${theme}, ${screen}: ${bad.length} violations, ${incomplete} nodes axe could not decide (over the map or an image)`);
  assert.deepEqual(bad, [], `color-contrast in ${theme} on ${screen}`);
  // Again with the map's canvas hidden: the panels over the map (track summary, legend, picker)
  // are then judged on their own near-opaque backgrounds over the page's dark one.
  await page.addStyleTag({ content: ".maplibregl-canvas { visibility: hidden !important; }" }).then((h) => h.evaluate((e) => e.setAttribute("data-theme-test", "hide-map")));
  const over = await contrastViolations(page);
  await page.evaluate(() => document.querySelector('style[data-theme-test="hide-map"]')?.remove());
  console.log(`     … with the map hidden: ${over.bad.length} violations, ${over.incomplete} undecided`);
  assert.deepEqual(over.bad, [], `color-contrast in ${theme} on ${screen}, over the map`);
}

/** Shows two trips of Truck 001 and waits for the track and the chart. */
async function showTrack(ctx, config = {}) {
  const { page } = ctx;
  await demo(ctx, config);
  await selectObjectAndTrips(page, "Truck 001");
  const list = page.locator('[data-testid="trip-row"]');
  for (const r of [0, 1]) await list.nth(r).click();
  await page.click('[data-testid="show-selected"]');
  await waitTrackDrawn(page);
  await page.waitForSelector('[data-testid="speed-chart"] canvas');
}

/** Waits until the map has drawn every tile and finished its paint transitions: MapLibre's
 * `idle` after one more frame (a paint change fades over the style's transition). */
const settled = (page) =>
  page.evaluate(() => new Promise((res) => {
    const m = window.__trackmate.map;
    m.once("idle", () => res(null));
    m.triggerRepaint();
  }));

/** Waits until the map has drawn every tile (MapLibre's idle). */
const mapIdle = (page) =>
  page.evaluate(() => new Promise((res) => {
    const m = window.__trackmate.map;
    if (m.loaded() && m.areTilesLoaded()) res(null);
    else m.once("idle", () => res(null));
  }));

export const themeTests = [
  {
    name: "theme: a text field's edge stands out from its panel at 3:1 in both themes (WCAG non-text contrast)",
    async run(ctx) {
      const { page } = ctx;
      for (const want of ["light", "dark"]) {
        await signInScreen(ctx, { theme: want });
        await waitTheme(page, want);
        const [edge, panel] = await page.evaluate(() => {
          const field = document.querySelector('[data-testid="login"]');
          let el = field.parentElement;
          while (el && getComputedStyle(el).backgroundColor.replace(/\s/g, "").match(/rgba\(0,0,0,0\)|transparent/)) el = el.parentElement;
          return [getComputedStyle(field).borderTopColor, getComputedStyle(el ?? document.body).backgroundColor];
        });
        const [hi, lo] = [luminance(edge), luminance(panel)].sort((a, b) => b - a);
        const ratio = (hi + 0.05) / (lo + 0.05);
        assert.ok(ratio >= 3, `${want}: field edge ${edge} on ${panel} is ${ratio.toFixed(2)}:1`);
      }
    },
  },
  {
    name: "theme: the switch sets data-theme and is saved; System follows prefers-color-scheme live",
    async run(ctx) {
      const { page } = ctx;
      await page.emulateMedia({ colorScheme: "light" });
      await demo(ctx);
      assert.equal(await theme(page), "light");
      assert.equal(await page.inputValue('[data-testid="theme"]'), "system");
      await choose(page, "dark");
      await waitTheme(page, "dark");
      assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme), "dark");
      // The page's colours follow: the panel is dark, its text light.
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.ok(luminance(bg) < 0.05, `body background in dark: ${bg}`);
      await page.waitForFunction(() => window.__ipcCalls.some((c) => c.cmd === "set_settings"));
      assert.equal((await savedThemes(page)).at(-1), "dark");
      // The rest of the settings go back as they were (set_settings replaces them whole).
      const [last] = (await calls(page, "set_settings")).slice(-1);
      assert.deepEqual(Object.keys(last.args.settings).sort(), ["habits", "language", "theme", "tileUrl", "units"]);
      await choose(page, "light");
      await waitTheme(page, "light");
      // A light choice wins over a dark system.
      await page.emulateMedia({ colorScheme: "dark" });
      assert.equal(await theme(page), "light");
      // System: follows the emulated preference, and its changes while the app runs.
      await choose(page, "system");
      await waitTheme(page, "dark");
      await page.emulateMedia({ colorScheme: "light" });
      await waitTheme(page, "light");
      await page.emulateMedia({ colorScheme: "dark" });
      await waitTheme(page, "dark");
      assert.deepEqual(await savedThemes(page), ["dark", "light", null]);
    },
  },
  {
    name: "theme: a stored dark choice applies at start on a light system; the sign-in screen has the switch",
    async run(ctx) {
      const { page } = ctx;
      await page.emulateMedia({ colorScheme: "light" });
      await signInScreen(ctx, { theme: "dark" });
      await waitTheme(page, "dark");
      assert.equal(await page.inputValue('[data-testid="theme"]'), "dark");
      // Restoring the stored choice does not write it back.
      assert.deepEqual(await savedThemes(page), []);
      await page.screenshot({ path: join(outDir, "theme-dark-signin.png") });
      await assertContrast(page, "sign-in");
    },
  },
  {
    name: "theme: the offline basemap turns dark live, the track and chart stay and redraw in dark colours",
    async run(ctx) {
      const { page } = ctx;
      await page.emulateMedia({ colorScheme: "light" });
      await showTrack(ctx);
      await mapIdle(page);
      const layers = await page.evaluate(() => window.__trackmate.map.getStyle().layers.map((l) => l.id));
      const lightLand = await paintOf(page, "base-land", "fill-color");
      const lightSea = await paintOf(page, "background", "background-color");
      const lightAxis = await page.evaluate(() => window.__trackmate.chart.axisStroke());
      // The map's corner (away from the panels), drawn light.
      const before = await mapPixel(page, 0.97, 0.35);
      assert.ok(luminance(`rgb(${before.slice(0, 3).join(",")})`) > 0.5, `light basemap pixel ${before}`);
      // The light palette holds AA too (the same screen, before the switch).
      await assertContrast(page, "main window with a track and the chart", "light");
      await choose(page, "dark");
      await waitTheme(page, "dark");
      await page.waitForFunction(() => window.__trackmate.map.getContainer().dataset.theme === "dark");
      // Same style, same layers (the track's among them): only the paint changed.
      assert.deepEqual(await page.evaluate(() => window.__trackmate.map.getStyle().layers.map((l) => l.id)), layers);
      const darkLand = await paintOf(page, "base-land", "fill-color");
      assert.notEqual(JSON.stringify(darkLand), JSON.stringify(lightLand));
      assert.ok(luminance(String(darkLand)) < 0.03, `dark land ${darkLand}`);
      assert.ok(luminance(String(await paintOf(page, "background", "background-color"))) < luminance(String(lightSea)));
      const label = await paintOf(page, "base-road-label", "text-color");
      assert.ok(luminance(String(label)) > 0.4, `road labels light in dark: ${label}`);
      await waitTrackDrawn(page);
      await settled(page);
      const after = await mapPixel(page, 0.97, 0.35);
      assert.ok(luminance(`rgb(${after.slice(0, 3).join(",")})`) < 0.05, `dark basemap pixel ${after}`);
      // The chart was made again with the dark theme's colours.
      await page.waitForFunction((prev) => window.__trackmate.chart?.axisStroke() !== prev, lightAxis);
      const darkAxis = await page.evaluate(() => window.__trackmate.chart.axisStroke());
      assert.ok(luminance(darkAxis) > luminance(lightAxis), `axis labels ${lightAxis} → ${darkAxis}`);
      await page.setViewportSize({ width: 1280, height: 800 });
      await waitTrackDrawn(page);
      await mapIdle(page);
      await page.screenshot({ path: join(outDir, "theme-dark-track.png") });
      await assertContrast(page, "main window with a track and the chart");
      // And back: the light colours return.
      await choose(page, "light");
      await page.waitForFunction(() => window.__trackmate.map.getContainer().dataset.theme === "light");
      assert.deepEqual(await paintOf(page, "base-land", "fill-color"), lightLand);
    },
  },
  {
    name: "theme: raster tiles are dimmed in dark (paint changed live, the tile not fetched again)",
    async run(ctx) {
      const { page } = ctx;
      await page.emulateMedia({ colorScheme: "light" });
      const asked = [];
      const tile = solidPng([242, 239, 233]);
      await page.route("http://tiles.localhost/**", (route) => {
        asked.push(new URL(route.request().url()).pathname);
        return route.fulfill({ status: 200, headers: { "access-control-allow-origin": "*", "x-tile-origin": "network" }, contentType: "image/png", body: tile });
      });
      await demo(ctx, { demoIsServer: true });
      await page.waitForFunction(() => !!window.__trackmate?.map?.getLayer("basemap"));
      await mapIdle(page);
      const light = await mapPixel(page, 0.97, 0.5);
      assert.ok(luminance(`rgb(${light.slice(0, 3).join(",")})`) > 0.6, `light tile pixel ${light}`);
      const fetched = asked.length;
      await choose(page, "dark");
      await page.waitForFunction(() => window.__trackmate.map.getContainer().dataset.theme === "dark");
      assert.ok((await paintOf(page, "basemap", "raster-brightness-max")) < 0.6);
      assert.ok((await paintOf(page, "basemap", "raster-saturation")) < -0.25);
      await settled(page);
      const dark = await mapPixel(page, 0.97, 0.5);
      const ratio = luminance(`rgb(${dark.slice(0, 3).join(",")})`) / luminance(`rgb(${light.slice(0, 3).join(",")})`);
      assert.ok(ratio < 0.25, `dark tile pixel ${dark} (luminance ×${ratio.toFixed(2)})`);
      assert.equal(asked.length, fetched, "no tile fetched again for the theme");
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.click('[data-testid="tile-source-button"]');
      await page.waitForSelector('[data-testid="tile-source-button"][aria-expanded="true"]');
      await page.screenshot({ path: join(outDir, "theme-dark-tiles-picker.png") });
      await assertContrast(page, "map-source picker over raster tiles");
    },
  },
  {
    name: "theme: dark screenshots of the live fleet and the alerts panel; axe color-contrast on them",
    async run(ctx) {
      const { page } = ctx;
      await page.emulateMedia({ colorScheme: "dark" });
      await page.setViewportSize({ width: 1280, height: 800 });
      const t = new Date().toISOString();
      await open(ctx, {
        feed: [
          { id: 601, objectId: 1001, time: t, event: "speedup", message: "Speed 112 km/h", lat: 52.52, lng: 13.41, address: "" },
          { id: 602, objectId: 1008, time: t, event: "outzone", message: "Left Depot", lat: 52.5, lng: 13.35, address: "" },
        ],
      });
      await page.waitForSelector('[data-testid="signin-form"]');
      await waitTheme(page, "dark");
      await page.click('[data-testid="demo"]');
      await page.waitForSelector('[data-testid="object-row"]');
      await mapIdle(page);
      await page.screenshot({ path: join(outDir, "theme-dark-main.png") });
      await assertContrast(page, "main window");
      // The unread count's badge, which axe cannot decide (it overlaps the bell's edge).
      const unread = await badgeContrasts(page, '[data-testid="alerts-unread"]');
      assert.equal(unread.length, 1);
      assert.ok(unread[0] >= 4.5, `unread badge contrast ${unread[0].toFixed(2)}:1`);
      await page.click('[data-testid="alerts-bell"]');
      await page.waitForSelector('[data-testid="alert-row"]');
      await page.screenshot({ path: join(outDir, "theme-dark-alerts.png") });
      await assertContrast(page, "alerts panel");
    },
  },
];
