// Browser tests of the map's tiles: the basemap comes from the app's tile scheme (the IPC mock
// makes it http://tiles.localhost/…, Tauri's Windows form, so Playwright can answer it) with the
// source's attribution; the map-source picker (built-ins, a custom URL refused inline with
// Rust's reason, a keyed one accepted); and the notice's text for each way tiles fail.
import assert from "node:assert/strict";
import { crc32, deflateSync } from "node:zlib";
import { calls, demo } from "./helpers.mjs";

/** A solid 256×256 RGB PNG. */
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

const RED = solidPng([220, 40, 40]);

/** Waits (in the test process) until `cond()` holds; fails with `what` after 15 s. */
async function until(cond, what, ms = 15000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(what);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Answers the tile scheme like service/tiles.rs: `reply.status` 200 gives the PNG, other statuses
 * a text body with X-Tile-Error; "abort" fails the request without an answer. Returns the paths asked.
 */
async function serveTiles(page, reply) {
  const asked = [];
  await page.route("http://tiles.localhost/**", (route) => {
    asked.push(new URL(route.request().url()).pathname);
    const { status, kind } = reply;
    const cors = { "access-control-allow-origin": "*" };
    if (status === "abort") return route.abort("internetdisconnected");
    if (status === 200) return route.fulfill({ status, headers: { ...cors, "x-tile-origin": "network" }, contentType: "image/png", body: RED });
    return route.fulfill({ status, headers: { ...cors, "x-tile-error": kind }, contentType: "text/plain", body: `${kind}` });
  });
  return asked;
}

const noticeText = (page) => page.evaluate(() => document.querySelector('[data-testid="tiles-offline"]')?.textContent ?? "");
const waitNotice = (page, re) => page.waitForFunction((src) => new RegExp(src).test(document.querySelector('[data-testid="tiles-offline"]')?.textContent ?? ""), re.source, { timeout: 10000 });
const attribution = (page) => page.evaluate(() => document.querySelector(".maplibregl-ctrl-attrib")?.textContent ?? "");
const zoomTo = (page, zoom) => page.evaluate((z) => window.__trackmate.map.jumpTo({ zoom: z }), zoom);

/** The colour of the map canvas at its centre (the test build keeps the drawing buffer). */
const centrePixel = (page) =>
  page.evaluate(() => {
    const src = window.__trackmate.map.getCanvas();
    const c = document.createElement("canvas");
    c.width = src.width;
    c.height = src.height;
    const g = c.getContext("2d");
    g.drawImage(src, 0, 0);
    return Array.from(g.getImageData(Math.floor(c.width / 2), Math.floor(c.height / 2) + 40, 1, 1).data);
  });

export const tileTests = [
  {
    name: "tiles: the basemap is drawn from the app's tile scheme with OpenStreetMap's attribution",
    async run(ctx) {
      const { page } = ctx;
      const asked = await serveTiles(page, { status: 200 });
      await demo(ctx, { demoIsServer: true });
      // The source can be added and report "all loaded" before its first request goes out:
      // wait for a request, then for the tiles.
      await until(() => asked.length > 0, "no tile was asked for");
      await page.waitForFunction(() => window.__trackmate?.map.getSource("basemap") && window.__trackmate.map.areTilesLoaded(), null, { timeout: 15000 });
      for (const p of asked) assert.match(p, /^\/osm-1b2c3d4e5f607182\/\d+\/\d+\/\d+$/);
      assert.match(await attribution(page), /© OpenStreetMap contributors/);
      await page.waitForFunction(() => document.querySelector('[data-testid="tiles-offline"]') === null);
      await page.waitForTimeout(300);
      const [r, g, b] = await centrePixel(page);
      assert.ok(r > g + 60 && r > b + 60, `the tile's red is drawn, got ${r},${g},${b}`);
      // The basemap lies under every overlay layer.
      const order = await page.evaluate(() => window.__trackmate.map.getStyle().layers.map((l) => l.id));
      assert.deepEqual(order.slice(0, 2), ["background", "basemap"]);
      assert.ok(order.length > 2, "overlays were added");
    },
  },
  {
    name: "tiles: the picker switches maps, shows Rust's refusal inline and keeps a key write-only",
    async run(ctx) {
      const { page } = ctx;
      const asked = await serveTiles(page, { status: 200 });
      await demo(ctx, { demoIsServer: true });
      await page.click('[data-testid="tile-source-button"]');
      await page.waitForSelector('[data-testid="tile-picker"]');
      assert.match((await page.textContent('[data-testid="tile-cache"]')) ?? "", /Offline cache: 3\.0 MB of 512 MB/);
      assert.equal(await page.isChecked('[data-testid="tile-kind-osm"]'), true);

      await page.check('[data-testid="tile-kind-topo"]');
      await page.waitForFunction(() => /OpenTopoMap/.test(document.querySelector(".maplibregl-ctrl-attrib")?.textContent ?? ""));
      assert.deepEqual((await calls(page, "set_tile_source")).at(-1).args.source, { kind: "openTopoMap", url: null, apiKey: null });
      assert.match(await attribution(page), /© OpenStreetMap contributors/);
      await page.waitForFunction(() => window.__trackmate.map.areTilesLoaded());
      assert.ok(asked.some((p) => p.startsWith("/opentopomap-9a8b7c6d5e4f3021/")), "tiles of the new source");

      await page.check('[data-testid="tile-kind-custom"]');
      await page.waitForSelector('[data-testid="tile-custom-form"]');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "tile-url");
      await page.fill('[data-testid="tile-url"]', "ftp://tiles.example.com/{z}/{x}/{y}.png");
      await page.click('[data-testid="tile-apply"]');
      await page.waitForSelector('[data-testid="tile-error"]');
      assert.match((await page.textContent('[data-testid="tile-error"]')) ?? "", /only http and https are supported/);
      await page.fill('[data-testid="tile-url"]', "https://tiles.example.com/{z}/{x}.png");
      await page.click('[data-testid="tile-apply"]');
      await page.waitForFunction(() => /has no \{y\} placeholder/.test(document.querySelector('[data-testid="tile-error"]')?.textContent ?? ""));
      await page.screenshot({ path: "/tmp/ui-tiles-picker.png" });
      // Still the map chosen before.
      assert.match(await attribution(page), /OpenTopoMap/);

      await page.fill('[data-testid="tile-url"]', "https://tiles.example.com/{z}/{x}/{y}.png?key={key}");
      await page.fill('[data-testid="tile-key"]', "k3y-123456");
      await page.click('[data-testid="tile-apply"]');
      await page.waitForFunction(() => /Map tiles: tiles\.example\.com/.test(document.querySelector(".maplibregl-ctrl-attrib")?.textContent ?? ""));
      assert.equal(await page.locator('[data-testid="tile-error"]').count(), 0);
      const sent = (await calls(page, "set_tile_source")).at(-1).args.source;
      assert.deepEqual(sent, { kind: "custom", url: "https://tiles.example.com/{z}/{x}/{y}.png?key={key}", apiKey: "k3y-123456" });
      assert.equal(await page.inputValue('[data-testid="tile-key"]'), "", "the key field is cleared");
      // The new source's tiles are asked for once the map has switched (not before "loaded").
      await until(() => asked.some((p) => /^\/custom-\d+\/\d+\/\d+\/\d+$/.test(p)), "tiles of the custom source");

      // Reopened: the stored key is announced, never shown.
      await page.click('[data-testid="tile-picker-close"]');
      await page.click('[data-testid="tile-source-button"]');
      assert.equal(await page.isChecked('[data-testid="tile-kind-custom"]'), true);
      assert.equal(await page.inputValue('[data-testid="tile-url"]'), "https://tiles.example.com/{z}/{x}/{y}.png?key={key}");
      assert.equal(await page.getAttribute('[data-testid="tile-key"]', "placeholder"), "A key is stored; leave empty to keep it");
      // Unchanged URL and no new key: the remembered source, without a re-check.
      await page.click('[data-testid="tile-apply"]');
      await page.waitForFunction(() => window.__ipcCalls.filter((c) => c.cmd === "set_tile_source").length === 5);
      await page.waitForFunction(() => !document.querySelector('[data-testid="tile-kind-custom"]')?.matches(":disabled"));
      assert.deepEqual((await calls(page, "set_tile_source")).at(-1).args.source, { kind: "custom", url: null, apiKey: null });
      // Escape closes the picker (and only the picker: the main window's Escape does not run).
      await page.focus('[data-testid="tile-kind-custom"]');
      await page.keyboard.press("Escape");
      await page.waitForSelector('[data-testid="tile-picker"]', { state: "detached" });
    },
  },
  {
    name: "tiles: the notice says why tiles fail — offline, rate limited, refused, key missing — and clears when they load",
    async run(ctx) {
      const { page } = ctx;
      const reply = { status: 503, kind: "offline" };
      await serveTiles(page, reply);
      await demo(ctx, { demoIsServer: true });
      await waitNotice(page, /not in the offline cache/);

      Object.assign(reply, { status: 429, kind: "rate_limited" });
      await zoomTo(page, 5);
      await waitNotice(page, /limiting requests \(HTTP 429\)/);

      Object.assign(reply, { status: 403, kind: "forbidden" });
      await zoomTo(page, 7);
      await waitNotice(page, /OpenStreetMap's tile server refused the map \(HTTP 403\).*usage policy/);

      Object.assign(reply, { status: 200 });
      await zoomTo(page, 9);
      await page.waitForSelector('[data-testid="tiles-offline"]', { state: "detached", timeout: 10000 });

      // No answer at all: the notice asks Rust (tile_status) what went wrong.
      await page.evaluate(() => window.__mockSet({ tileProblem: { kind: "key_missing", message: "no key", status: 401, stale: false } }));
      Object.assign(reply, { status: "abort" });
      await zoomTo(page, 11);
      await waitNotice(page, /API key of this map is not available/);
      assert.ok((await calls(page, "tile_status")).length > 0);
      assert.equal(await page.getAttribute('[data-testid="tiles-offline"]', "data-trouble"), "key_missing");
      await page.screenshot({ path: "/tmp/ui-tiles-notice.png" });
    },
  },
  {
    name: "tiles: the notice and the picker are in Russian",
    async run(ctx) {
      const { page } = ctx;
      await serveTiles(page, { status: 503, kind: "offline" });
      await demo(ctx, { language: "ru", demoIsServer: true });
      await waitNotice(page, /нет в офлайн-кэше/);
      await page.click('[data-testid="tile-source-button"]');
      assert.match((await page.textContent('[data-testid="tile-picker"]')) ?? "", /Свой сервер тайлов/);
      assert.match(await noticeText(page), /Треки рисуются на простом фоне/);
    },
  },
];
