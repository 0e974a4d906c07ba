// Browser tests of the GPU track (map/gpu/, the default; GeoJSON chosen in localStorage): rendered pixels of the map's
// canvas at known points of the mock's demo track — each edge in the speed colour of the point it
// starts at (computed here from data/speed-scale.json, not by the app), the dark casing at the
// line's edge, the basemap beside it and in the gap of a segment break (the same pixels with the
// layer hidden) —, hover and click picking the point under the pointer, a track being read drawn
// window by window (and what was shown before back after a cancel), and the GeoJSON renderer
// (localStorage "trackmate.trackRenderer") drawing the same colours at the same places in one run.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { calls, demo, selectObjectAndTrips, trackRenderer, waitTrackDetail, waitTrackDrawn } from "./helpers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const SCALE = JSON.parse(readFileSync(join(here, "../../../data/speed-scale.json"), "utf8"));
const CASING = [0x1f, 0x29, 0x33];
const rgbOf = (hex) => [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
/** The colour of a speed (km/h, metric user) by the shared scale's own numbers. */
function expectedColor(kmh) {
  if (kmh === null || !(kmh >= 0)) return rgbOf(SCALE.unknown);
  const th = SCALE.thresholds.kmh;
  let b = 0;
  for (let i = th.length - 1; i > 0; i--) if (kmh >= th[i]) { b = i; break; }
  return rgbOf(SCALE.colors[b]);
}
const near = (a, b, tol = 6) => a.every((v, k) => Math.abs(v - b[k]) <= tol);
const PALETTE = [...SCALE.colors, SCALE.unknown].map(rgbOf);

/** Shows trips 0 and 1 of Truck 001, the second starting `gap`° north of the first's end. */
async function showTwoTrips(ctx, gap = 0.01) {
  const { page } = ctx;
  // The GPU renderer unless a test chose another (kept across its reloads).
  await page.addInitScript(() => localStorage.getItem("trackmate.trackRenderer") || localStorage.setItem("trackmate.trackRenderer", "gpu"));
  await demo(ctx, { tripGap: gap });
  await selectObjectAndTrips(page, "Truck 001");
  const list = page.locator('[data-testid="trip-row"]');
  for (const r of [0, 1]) await list.nth(r).click();
  await page.click('[data-testid="show-selected"]');
  await waitTrackDrawn(page);
  return page.evaluate(() => window.__trackmate.trackSample());
}

/** Moves the camera, waits for the level of that zoom, the tiles and a fresh frame. */
async function look(page, center, zoom) {
  await page.evaluate(([c, z]) => window.__trackmate.map.jumpTo({ center: c, zoom: z }), [center, zoom]);
  await waitTrackDetail(page);
  await page.waitForFunction(() => !window.__trackmate.map.isMoving() && window.__trackmate.map.areTilesLoaded());
  await frame(page);
}
const frame = (page) => page.evaluate(() => new Promise((res) => {
  const m = window.__trackmate.map;
  m.once("render", () => requestAnimationFrame(() => res(null)));
  m.triggerRepaint();
}));

/** RGB of the canvas at CSS pixel positions [x, y] (relative to the canvas). */
const pixels = (page, pts) => page.evaluate((ps) => {
  const src = window.__trackmate.map.getCanvas();
  const c = document.createElement("canvas");
  c.width = src.width;
  c.height = src.height;
  const g = c.getContext("2d", { willReadFrequently: true });
  g.drawImage(src, 0, 0);
  const ratio = src.width / src.clientWidth;
  return ps.map(([x, y]) => Array.from(g.getImageData(Math.floor(x * ratio), Math.floor(y * ratio), 1, 1).data.slice(0, 3)));
}, pts);

/** The same pixels with the track's layer hidden: what the basemap (and everything else) shows. */
async function withoutTrack(page, layer, pts) {
  await page.evaluate((l) => window.__trackmate.map.setLayoutProperty(l, "visibility", "none"), layer);
  await frame(page);
  const under = await pixels(page, pts);
  await page.evaluate((l) => window.__trackmate.map.setLayoutProperty(l, "visibility", "visible"), layer);
  await frame(page);
  return under;
}

/**
 * Edges (i → i+1 of one segment) whose middle is clear in view: 20 px inside the canvas, no other
 * layer's feature within 14 px, no other edge of the track within 12 px, at least 16 px long, the
 * edge before it at least 2 px (so no level of detail leaves point i out), and — with `panels` —
 * no panel over it (for the pointer; the canvas's pixels are there under a panel too). For each:
 * the middle, the unit normal and the point indices (CSS pixels).
 */
const clearEdges = (page, s, max = 12, panels = false) => page.evaluate(([s, max, panels]) => {
  const map = window.__trackmate.map;
  const r = map.getCanvas().getBoundingClientRect();
  const P = s.lng.map((lng, k) => map.project([lng, s.lat[k]]));
  const starts = new Set(s.segmentStart);
  const segDist = (p, a, b) => {
    const dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy;
    const f = l2 > 0 ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2)) : 0;
    return Math.hypot(a.x + f * dx - p.x, a.y + f * dy - p.y);
  };
  const base = ["offline", "world", "basemap"];
  const out = [];
  for (let k = 0; k + 1 < P.length && out.length < max; k++) {
    if (starts.has(s.index[k + 1]) || s.index[k + 1] !== s.index[k] + 1) continue;
    const a = P[k], b = P[k + 1];
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (len < 16) continue;
    if (!starts.has(s.index[k]) && (k === 0 || Math.hypot(a.x - P[k - 1].x, a.y - P[k - 1].y) < 2)) continue;
    const m = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    if (m.x < 20 || m.y < 20 || m.x > r.width - 20 || m.y > r.height - 20) continue;
    const third = { x: a.x + (b.x - a.x) * 0.3, y: a.y + (b.y - a.y) * 0.3 };
    if (panels && [m, third].some((p) => document.elementsFromPoint(r.left + p.x, r.top + p.y)[0] !== map.getCanvas())) continue;
    if (map.queryRenderedFeatures([[m.x - 14, m.y - 14], [m.x + 14, m.y + 14]]).some((f) => !base.includes(f.source))) continue;
    // The live fleet's dots are on the overlay, not map features (a click there selects the object).
    if ((window.__trackmate.live?.markers() ?? []).some((d) => d.x !== null && Math.hypot(d.x - m.x, d.y - m.y) < 20)) continue;
    let crowded = false;
    for (let j = 0; j + 1 < P.length && !crowded; j++) {
      if (Math.abs(j - k) <= 1 || starts.has(s.index[j + 1])) continue;
      crowded = segDist(m, P[j], P[j + 1]) < 12;
    }
    if (crowded) continue;
    out.push({ k, i: s.index[k], x: m.x, y: m.y, nx: -(b.y - a.y) / len, ny: (b.x - a.x) / len });
  }
  return out;
}, [s, max, panels]);

export const gpuTrackTests = [
  {
    name: "gpu track: once the map is idle, before any track, the layer's code has run over a made-up track and the legend is laid out unseen",
    run: async (ctx) => {
      const { page } = ctx;
      await page.addInitScript(() => localStorage.setItem("trackmate.trackRenderer", "gpu"));
      await demo(ctx);
      await page.waitForFunction(() => (window.__trackmate?.gpuWarmed ?? 0) > 0);
      const before = await page.evaluate(() => [...document.querySelectorAll(".legend")].map((el) => ({
        visibility: getComputedStyle(el).visibility,
        overlay: el.hasAttribute("data-map-overlay"),
        testid: el.getAttribute("data-testid"),
        hidden: el.getAttribute("aria-hidden"),
        laidOut: el.getBoundingClientRect().width > 0,
      })));
      // Laid out (its faces loaded), unseen, not an overlay the fit keeps clear of, nothing to read.
      assert.deepEqual(before, [{ visibility: "hidden", overlay: false, testid: null, hidden: "true", laidOut: true }]);
      assert.equal(await page.evaluate(() => window.__trackmate.trackDrawn?.frames ?? 0), 0, "the made-up track is not drawn");
      await selectObjectAndTrips(page, "Truck 001");
      await page.locator('[data-testid="trip-row"]').first().click();
      await page.click('[data-testid="show-selected"]');
      await waitTrackDrawn(page);
      const after = await page.evaluate(() => [...document.querySelectorAll(".legend")].map((el) => [getComputedStyle(el).visibility, el.getAttribute("data-testid"), el.hasAttribute("data-map-overlay")]));
      assert.deepEqual(after, [["visible", "speed-legend", true]]);
    },
  },
  {
    name: "gpu track: a track being read is drawn window by window — the first before the last comes, each once, then the whole track fitted",
    async run(ctx) {
      const { page } = ctx;
      await page.addInitScript(() => localStorage.setItem("trackmate.trackRenderer", "gpu"));
      await demo(ctx, { holdLastWindow: true, trackPoints: 300 });
      await selectObjectAndTrips(page, "Truck 001");
      const list = page.locator('[data-testid="trip-row"]');
      for (const r of [0, 1, 2, 3]) await list.nth(r).click();
      await page.click('[data-testid="show-selected"]');
      // Three of four windows sent, the last held back: they are on screen already.
      await page.waitForFunction(() => window.__mockWindowsSent === 3 && window.__trackmate.trackDrawn?.windows === 3, null, { timeout: 15000 });
      const held = await page.evaluate(() => ({ drawn: window.__trackmate.trackDrawn, sent: window.__mockWindows.map((w) => w.time.length) }));
      assert.equal(held.drawn.points, held.sent.reduce((a, b) => a + b, 0), "the three windows' points drawn");
      assert.ok(await page.locator('[data-testid="track-loading"]').isVisible(), "still loading");
      // The view was fitted to the first window, and its line is there in the speed colours.
      await page.waitForFunction(() => !window.__trackmate.map.isMoving() && window.__trackmate.map.areTilesLoaded());
      await frame(page);
      const first = await page.evaluate(() => {
        const map = window.__trackmate.map, w = window.__mockWindows[0], b = map.getBounds();
        const pts = [];
        for (let i = 0; i < w.time.length; i += 7) {
          if (!b.contains([w.lng[i], w.lat[i]])) return { outside: i };
          const p = map.project([w.lng[i], w.lat[i]]);
          pts.push([p.x, p.y]);
        }
        return { pts };
      });
      assert.equal(first.outside, undefined, `point ${first.outside} of the first window is outside the view`);
      const seen = await pixels(page, first.pts);
      const coloured = seen.filter((c) => PALETTE.some((p) => near(c, p, 12))).length;
      assert.ok(coloured >= first.pts.length / 2, `${coloured} of ${first.pts.length} of the first window's points show a speed colour`);
      await page.screenshot({ path: "/tmp/ui-gpu-windows.png" });

      await page.evaluate(() => window.__mockReleaseLastWindow());
      await page.waitForFunction(() => window.__trackmate.trackDrawn?.windows === 0 && window.__trackmate.trackSample?.() !== null, null, { timeout: 15000 });
      await waitTrackDrawn(page);
      const whole = await page.evaluate(() => {
        const tm = window.__trackmate, s = tm.trackSample(), sent = window.__mockWindows;
        const lat = sent.flatMap((w) => w.lat), lng = sent.flatMap((w) => w.lng);
        return { n: tm.trackDrawn.points, sent: window.__mockWindowsSent, lat, lng, sample: { lat: s.lat, lng: s.lng, starts: s.segmentStart } };
      });
      assert.equal(whole.sent, 4);
      // Each window once: the whole track is the four windows one after the other, cut by trip.
      assert.equal(whole.n, whole.lat.length);
      assert.deepEqual(whole.sample.lat, whole.lat);
      assert.deepEqual(whole.sample.lng, whole.lng);
      assert.ok(whole.sample.starts.length >= 3, `cut by trip: ${whole.sample.starts}`);
      assert.equal(whole.sample.starts.at(-1), whole.n);
      // The fit adjusted once more, to the whole track.
      await page.waitForFunction(() => !window.__trackmate.map.isMoving());
      const outside = await page.evaluate(({ lat, lng }) => {
        const b = window.__trackmate.map.getBounds();
        return lat.findIndex((v, i) => !b.contains([lng[i], v]));
      }, whole);
      assert.equal(outside, -1, `point ${outside} of the whole track is outside the view`);
      assert.ok(!(await page.locator('[data-testid="track-loading"]').isVisible()), "loaded");
    },
  },
  {
    name: "gpu track: a load done within a moment is drawn whole, once — none of its windows drawn first",
    async run(ctx) {
      const { page } = ctx;
      await page.addInitScript(() => localStorage.setItem("trackmate.trackRenderer", "gpu"));
      // Four windows 60 ms apart (frames drawn between them), all within the moment windows
      // wait — made 3 s here (WINDOW_GRACE_MS in the app), so a slow machine cannot outlast it.
      await demo(ctx, { trackPoints: 300, loadDelay: 60 });
      await selectObjectAndTrips(page, "Truck 001");
      const list = page.locator('[data-testid="trip-row"]');
      for (const r of [0, 1, 2, 3]) await list.nth(r).click();
      await page.evaluate(() => (window.__trackmate.windowGraceMs = 3000));
      await page.click('[data-testid="show-selected"]');
      await page.waitForFunction(() => window.__trackmate.trackDrawn?.windows === 0 && window.__trackmate.trackDrawn.points > 0, null, { timeout: 15000 });
      await waitTrackDrawn(page);
      const stages = await page.evaluate(() => {
        const all = window.__trackmate.loadStages ?? [];
        const asked = all.map((s) => s.what).lastIndexOf("asked");
        return all.slice(asked).map((s) => s.what);
      });
      assert.equal(stages.filter((w) => w === "window").length, 4, `four windows came: ${stages}`);
      assert.ok(!stages.includes("windows drawn"), `no window drawn on its own: ${stages}`);
      assert.ok(stages.indexOf("track drawn") > stages.indexOf("joined"), `the whole track drawn after it was joined: ${stages}`);
      assert.equal(await page.evaluate(() => window.__trackmate.trackDrawn.points), await page.evaluate(() => window.__mockWindows.reduce((a, w) => a + w.time.length, 0)));
    },
  },
  {
    name: "gpu track: a load cancelled while its windows are drawn brings back the track shown before it",
    async run(ctx) {
      const { page } = ctx;
      await page.addInitScript(() => localStorage.setItem("trackmate.trackRenderer", "gpu"));
      await demo(ctx, { trackPoints: 200 });
      await selectObjectAndTrips(page, "Truck 001");
      const list = page.locator('[data-testid="trip-row"]');
      await list.nth(0).click();
      await page.click('[data-testid="show-selected"]');
      await page.waitForFunction(() => window.__trackmate.trackDrawn?.windows === 0 && window.__trackmate.trackDrawn.points > 0, null, { timeout: 15000 });
      const before = await page.evaluate(() => window.__trackmate.trackDrawn.points);
      // Another load, its last window held back: its windows replace the line…
      await page.evaluate(() => window.__mockSet({ holdLastWindow: true }));
      await list.nth(1).click();
      await page.click('[data-testid="show-selected"]');
      await page.waitForFunction(() => window.__trackmate.trackDrawn?.windows === 3, null, { timeout: 15000 });
      // …until it is cancelled: the track shown before is drawn again, whole.
      await page.click('[data-testid="cancel-load"]');
      await page.evaluate(() => window.__mockReleaseLastWindow());
      await page.waitForFunction((n) => window.__trackmate.trackDrawn?.windows === 0 && window.__trackmate.trackDrawn.points === n, before, { timeout: 15000 });
      assert.ok(await page.locator('[data-testid="track-summary"]').isVisible(), "the earlier track's summary");
      assert.equal(await page.locator('[data-testid="track-error"]').count(), 0);
    },
  },
  {
    name: "gpu track: speed colours at known edges, dark casing at the edge, the basemap beside it and in a segment break",
    async run(ctx) {
      const { page } = ctx;
      const s = await showTwoTrips(ctx);
      assert.equal(await trackRenderer(page), "gpu");
      assert.equal(await page.evaluate(() => window.__trackmate.map.getLayer("track-line")), undefined, "no GeoJSON line layer");
      // Zoom 15 around the middle of the first trip: edges tens of pixels long.
      const mid = 200;
      await look(page, [s.lng[mid], s.lat[mid]], 15);
      const edges = await clearEdges(page, s);
      assert.ok(edges.length >= 4, `clear edges in view: ${edges.length}`);
      // Along each edge's normal: the middle, inside the casing (2.25..3.5 px out from zoom 14, the
      // drawn line up to ¾ px off the edge where thinning left a point out), beyond it.
      const casing = [2.25, 2.5, 2.75, 3, 3.25, 3.5, 3.75, 4];
      const offsets = [0, ...casing, ...casing.map((o) => -o), 9, -9];
      const pts = edges.flatMap((e) => offsets.map((o) => [e.x + e.nx * o, e.y + e.ny * o]));
      const seen = await pixels(page, pts);
      const under = await withoutTrack(page, "track-gpu", pts);
      edges.forEach((e, n) => {
        const at = (o) => seen[n * offsets.length + offsets.indexOf(o)];
        const bare = (o) => under[n * offsets.length + offsets.indexOf(o)];
        const want = expectedColor(s.speed[e.k]);
        assert.ok(near(at(0), want), `edge ${e.i}→${e.i + 1} at ${s.speed[e.k]} km/h: ${at(0)} ≠ ${want}`);
        for (const side of [casing, casing.map((o) => -o)]) {
          assert.ok(side.some((o) => near(at(o), CASING, 16)), `casing beside edge ${e.i}: ${side.map(at).join(" | ")}`);
        }
        // Beyond the casing the layer drew nothing: the pixel is what it is with the layer hidden.
        for (const o of [9, -9]) assert.ok(near(at(o), bare(o), 2), `beside edge ${e.i} at ${o} px: ${at(o)} vs bare ${bare(o)}`);
        // And the line did change its middle (the basemap there is not a speed colour).
        assert.ok(!PALETTE.some((c) => near(bare(0), c, 12)), `the bare map under edge ${e.i} is not a speed colour: ${bare(0)}`);
      });

      // The segment break: the first trip's last point and the second's first, 0.01° apart.
      const b = s.segmentStart[1];
      const kEnd = s.index.indexOf(b - 1), kStart = s.index.indexOf(b);
      const gapMid = [(s.lng[kEnd] + s.lng[kStart]) / 2, (s.lat[kEnd] + s.lat[kStart]) / 2];
      await look(page, gapMid, 14);
      const gap = await page.evaluate(([s, kEnd, kStart]) => {
        const map = window.__trackmate.map;
        const a = map.project([s.lng[kEnd], s.lat[kEnd]]), c = map.project([s.lng[kStart], s.lat[kStart]]);
        const P = s.lng.map((lng, k) => map.project([lng, s.lat[k]]));
        const clear = (p) => P.every((q, k) => k + 1 >= P.length || s.segmentStart.includes(s.index[k + 1]) ||
          Math.hypot((q.x + P[k + 1].x) / 2 - p.x, (q.y + P[k + 1].y) / 2 - p.y) > 12 + Math.hypot(P[k + 1].x - q.x, P[k + 1].y - q.y) / 2);
        const along = [0.25, 0.35, 0.45, 0.55, 0.65, 0.75].map((f) => ({ x: a.x + (c.x - a.x) * f, y: a.y + (c.y - a.y) * f })).filter(clear);
        const inside = [map.project([s.lng[kEnd - 10], s.lat[kEnd - 10]]), map.project([s.lng[kStart + 10], s.lat[kStart + 10]])];
        return { along: along.map((p) => [p.x, p.y]), ends: inside.map((p) => [p.x, p.y]), length: Math.hypot(c.x - a.x, c.y - a.y) };
      }, [s, kEnd, kStart]);
      assert.ok(gap.length > 100, `the gap is ${gap.length} px`);
      assert.ok(gap.along.length >= 3, `clear places in the gap: ${gap.along.length}`);
      const gapSeen = await pixels(page, [...gap.along, ...gap.ends]);
      const gapBare = await withoutTrack(page, "track-gpu", [...gap.along, ...gap.ends]);
      gap.along.forEach((p, n) => assert.ok(near(gapSeen[n], gapBare[n], 2), `a line across the break at ${p}: ${gapSeen[n]} vs ${gapBare[n]}`));
      // …while both trips are drawn in this view (10 points from the break: the parking's icon at
      // the break covers the ends themselves).
      for (const n of [gap.along.length, gap.along.length + 1]) assert.ok(!near(gapSeen[n], gapBare[n], 12), `a trip near the break not drawn: ${gapSeen[n]} vs ${gapBare[n]}`);
      await page.screenshot({ path: "/tmp/ui-gpu-track.png" });
    },
  },
  {
    name: "gpu track: hover picks the point under the pointer (the chart's cursor there), a click inspects it, off the line nothing",
    async run(ctx) {
      const { page } = ctx;
      const s = await showTwoTrips(ctx);
      await page.waitForSelector('[data-testid="speed-chart"] canvas');
      // The replay follows a picked point by moving the map: keep the map where the test aims.
      await page.uncheck('[data-testid="replay-follow"]');
      const mid = 520;
      await look(page, [s.lng[mid], s.lat[mid]], 16);
      const edges = await clearEdges(page, s, 8, true);
      assert.ok(edges.length >= 2, `clear edges in view: ${edges.length}`);
      const rect = await page.evaluate(() => {
        const r = window.__trackmate.map.getCanvas().getBoundingClientRect();
        return { left: r.left, top: r.top };
      });
      for (const e of [edges[0], edges.at(-1)]) {
        // A pick sets the replay's time and the map may follow it: aim at a still map.
        await page.waitForFunction(() => !window.__trackmate.map.isMoving());
        // 30% of the way along edge i → i+1: point i is the nearer.
        const p = await page.evaluate(([a, b]) => {
          const map = window.__trackmate.map;
          const A = map.project(a), B = map.project(b);
          return { x: A.x + (B.x - A.x) * 0.3, y: A.y + (B.y - A.y) * 0.3 };
        }, [[s.lng[e.k], s.lat[e.k]], [s.lng[e.k + 1], s.lat[e.k + 1]]]);
        await page.mouse.move(rect.left + p.x, rect.top + p.y);
        // The map's hover moves the chart's cursor to that point.
        await page.waitForFunction((i) => window.__trackmate.chart.cursorPoint() === i, e.i, { timeout: 5000 }).catch(async (err) => {
          throw new Error(`chart cursor at ${await page.evaluate(() => window.__trackmate.chart.cursorPoint())}, not ${e.i}: ${err.message}`);
        });
        assert.equal(await page.evaluate(() => window.__trackmate.map.getCanvas().style.cursor), "pointer");
        await page.mouse.click(rect.left + p.x, rect.top + p.y);
        await page.waitForSelector('[data-testid="point-popup"]');
        await page.waitForFunction((i) => window.__ipcCalls.filter((c) => c.cmd === "point_details").at(-1)?.args.index === i, e.i);
        assert.deepEqual((await calls(page, "point_details")).at(-1).args, { slot: "main", index: e.i });
        await page.keyboard.press("Escape");
        await page.waitForSelector('[data-testid="point-popup"]', { state: "detached" });
      }
      // 9 px beside the line (past the casing and the slop): not on it — no pointer, no hover, no popup.
      await look(page, [s.lng[mid], s.lat[mid]], 16);
      const [e] = await clearEdges(page, s, 1, true);
      const before = (await calls(page, "point_details")).length;
      await page.mouse.move(rect.left + e.x + e.nx * 9, rect.top + e.y + e.ny * 9);
      await page.waitForFunction((i) => window.__trackmate.chart.cursorPoint() !== i && window.__trackmate.map.getCanvas().style.cursor === "", e.i);
      await page.mouse.click(rect.left + e.x + e.nx * 9, rect.top + e.y + e.ny * 9);
      await page.waitForTimeout(300);
      assert.equal(await page.locator('[data-testid="point-popup"]').count(), 0);
      assert.equal((await calls(page, "point_details")).length, before);
    },
  },
  {
    name: "gpu track: a zoom animation builds only the level it ends at, and the GPU keeps the few nearest the one drawn",
    async run(ctx) {
      const { page } = ctx;
      const s = await showTwoTrips(ctx);
      const mid = [s.lng[200], s.lat[200]];
      await look(page, mid, 15);
      const before = await page.evaluate(() => window.__trackmate.trackDrawn.levelsBuilt);
      // Five levels out in one animation: the levels on the way are stood in for, not built.
      await page.evaluate((c) => window.__trackmate.map.easeTo({ center: c, zoom: 10.5, duration: 600 }), mid);
      await page.waitForFunction(() => !window.__trackmate.map.isMoving());
      await look(page, mid, 10.5);
      const out = await page.evaluate(() => window.__trackmate.trackDrawn);
      assert.equal(out.level, 10);
      assert.equal(out.levelsBuilt, before + 1, "only the level the zoom ended at");
      // Level by level back in: each is built, and only the nearest few stay on the GPU.
      let built = out.levelsBuilt;
      for (const z of [11, 12, 13, 14, 15, 16]) {
        await look(page, mid, z);
        const d = await page.evaluate(() => window.__trackmate.trackDrawn);
        assert.equal(d.level, z);
        assert.ok(d.levels >= 1 && d.levels <= 3, `zoom ${z}: ${d.levels} levels kept`);
        built = d.levelsBuilt;
      }
      // Level 10, freed on the way in, is built again when its zoom comes back, and drawn.
      await look(page, mid, 10.5);
      const back = await page.evaluate(() => window.__trackmate.trackDrawn);
      assert.equal(back.level, 10);
      assert.equal(back.levelsBuilt, built + 1, "level 10 built again");
    },
  },
  {
    name: "gpu track: the GeoJSON renderer, chosen in localStorage, draws the same colours at the same edges in one run",
    async run(ctx) {
      const { page } = ctx;
      const s = await showTwoTrips(ctx);
      const mid = 200;
      await look(page, [s.lng[mid], s.lat[mid]], 15);
      const edges = await clearEdges(page, s);
      assert.ok(edges.length >= 4, `clear edges in view: ${edges.length}`);
      const gpuSeen = await pixels(page, edges.map((e) => [e.x, e.y]));

      await page.evaluate(() => localStorage.setItem("trackmate.trackRenderer", "geojson"));
      await page.reload();
      await page.click('[data-testid="demo"]');
      await page.waitForSelector('[data-testid="object-row"]');
      const again = await showTwoTripsAfterReload(page);
      assert.deepEqual(again.index, s.index, "the same track");
      assert.equal(await trackRenderer(page), "geojson");
      assert.equal(await page.evaluate(() => window.__trackmate.map.getLayer("track-gpu")), undefined, "no custom layer");
      await look(page, [s.lng[mid], s.lat[mid]], 15);
      const geoSeen = await pixels(page, edges.map((e) => [e.x, e.y]));
      edges.forEach((e, n) => {
        const want = expectedColor(s.speed[e.k]);
        assert.ok(near(gpuSeen[n], want), `gpu, edge ${e.i}: ${gpuSeen[n]} ≠ ${want}`);
        assert.ok(near(geoSeen[n], want, 10), `geojson, edge ${e.i}: ${geoSeen[n]} ≠ ${want}`);
      });
      const stats = await page.evaluate(() => window.__trackmate.trackDrawn);
      assert.equal(stats.renderer, "geojson");
      assert.equal(stats.points, s.index.length);
    },
  },
];

/** The same two trips again, on a page already signed in (the selection is remembered or not). */
async function showTwoTripsAfterReload(page) {
  await selectObjectAndTrips(page, "Truck 001");
  const list = page.locator('[data-testid="trip-row"]');
  // The selection may be restored: make exactly rows 0 and 1 selected.
  for (const r of [0, 1]) if ((await list.nth(r).getAttribute("aria-selected")) !== "true") await list.nth(r).click();
  await page.click('[data-testid="show-selected"]');
  await waitTrackDrawn(page);
  return page.evaluate(() => window.__trackmate.trackSample());
}
