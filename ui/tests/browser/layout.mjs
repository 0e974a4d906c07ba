// Browser tests of the map's room: the object list, the trips panel, the track panel and the
// chart fold away and stay folded after a restart; at 1024×640 with a track shown no overlay
// covers another and the track is fitted into the part of the map left visible.
import assert from "node:assert/strict";
import { demo, selectObjectAndTrips, waitTrackDrawn } from "./helpers.mjs";

const rect = (page, selector) => page.evaluate((s) => {
  const r = document.querySelector(s)?.getBoundingClientRect();
  return r && r.width > 0 ? { left: r.left, right: r.right, top: r.top, bottom: r.bottom } : null;
}, selector);

const overlap = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;

/** Waits for the map to stop moving (a fit animates). */
const settled = (page) => page.waitForFunction(() => {
  const m = window.__trackmate?.map;
  return !!m && !m.isMoving() && m.loaded();
});

/** The track's box on screen: its rendered features (GeoJSON), or its points (GPU: a custom layer
 * has no features; waitTrackDrawn has seen its pixels). */
const trackBox = (page) => page.evaluate(() => {
  const m = window.__trackmate.map;
  let box = null;
  const s = window.__trackmate.trackSample();
  const lines = window.__trackmate.trackRenderer === "geojson"
    ? m.queryRenderedFeatures({ layers: ["track-line"] }).flatMap((f) => (f.geometry.type === "LineString" ? [f.geometry.coordinates] : f.geometry.coordinates))
    : [s.lng.map((lng, k) => [lng, s.lat[k]])];
  for (const line of lines) for (const c of line) {
    const p = m.project(c);
    const r = m.getContainer().getBoundingClientRect();
    const x = p.x + r.left, y = p.y + r.top;
    box = box ? { left: Math.min(box.left, x), right: Math.max(box.right, x), top: Math.min(box.top, y), bottom: Math.max(box.bottom, y) } : { left: x, right: x, top: y, bottom: y };
  }
  return box;
});

export const layoutTests = [
  {
    name: "layout: the object list and the trips panel fold to rails, the map grows, and they stay folded after a restart",
    async run(ctx) {
      const { page } = ctx;
      await page.setViewportSize({ width: 1280, height: 800 });
      await demo(ctx);
      await selectObjectAndTrips(page);
      const w0 = (await rect(page, '[data-testid="map"]')).right - (await rect(page, '[data-testid="map"]')).left;
      await page.click('[data-testid="fold-objects"]');
      await page.waitForSelector('[data-testid="objects-rail"]');
      await page.click('[data-testid="fold-trips"]');
      await page.waitForSelector('[data-testid="trips-panel"][data-folded="true"]');
      await page.waitForFunction((w) => {
        const r = document.querySelector('[data-testid="map"]').getBoundingClientRect();
        return r.width > w + 550;
      }, w0);
      // A new start: still folded (localStorage), unfolded by the rails' buttons.
      await page.reload();
      await page.click('[data-testid="demo"]');
      await page.waitForSelector('[data-testid="objects-rail"]');
      assert.equal(await page.isVisible('[data-testid="object-search"]'), false, "the list stays folded");
      // The bell on the rail unfolds the list with the alerts feed open.
      await page.click('[data-testid="rail-bell"]');
      await page.waitForSelector('[data-testid="object-search"]');
      await page.waitForSelector('[data-testid="alerts-panel"]');
      assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem("trackmate.layout")).objects), false);
    },
  },
  {
    name: "layout: at 1024×640 with a track shown nothing overlaps and the track fits beside the track panel",
    async run(ctx) {
      await noOverlaps(ctx, 1024, 640, {}, "/tmp/ui-1024.png");
    },
  },
  {
    name: "layout: at 1280×800 a tile notice with a track shown overlaps nothing (no narrow column)",
    async run(ctx) {
      // Every tile refused: the notice says so.
      await ctx.page.route("http://tiles.localhost/**", (route) =>
        route.fulfill({ status: 403, headers: { "access-control-allow-origin": "*", "x-tile-error": "forbidden" }, contentType: "text/plain", body: "forbidden" }));
      await noOverlaps(ctx, 1280, 800, { demoIsServer: true }, "/tmp/ui-1280-notice.png", true);
    },
  },
  {
    name: "layout: under 1200 px the list folds once an object is chosen by mouse, stays open when chosen by keyboard, and / unfolds it to search",
    async run(ctx) {
      const { page } = ctx;
      await page.setViewportSize({ width: 1100, height: 700 });
      await demo(ctx);
      await page.click('[data-testid="object-row"]');
      await page.waitForSelector('[data-testid="objects-rail"]');
      // "/" while folded: the list unfolds and the search has the focus.
      await page.keyboard.press("/");
      await page.waitForSelector('[data-testid="objects-rail"]', { state: "detached" });
      await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "object-search");
      // Chosen from the keyboard, the list stays open and keeps the focus.
      await demo(ctx);
      await page.focus('[data-testid="object-list"]');
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Enter");
      await page.waitForSelector('[data-testid="trips-panel"]');
      assert.equal(await page.isVisible('[data-testid="objects-rail"]'), false, "not folded");
      assert.ok(await page.evaluate(() => !!document.activeElement?.closest("aside")), "focus still in the list");
    },
  },
];

/** Shows a track at `width`×`height` and checks that no overlay covers another or the track. */
async function noOverlaps(ctx, width, height, config, shot, notice = false) {
      const { page } = ctx;
      await page.setViewportSize({ width, height });
      await demo(ctx, config);
      await selectObjectAndTrips(page);
      await page.click('[data-testid="whole-period"]');
      await waitTrackDrawn(page);
      await settled(page);
      if (notice) await page.waitForSelector('[data-testid="tiles-offline"]');
      await page.screenshot({ path: shot });
      const names = ['[data-testid="track-panel"]', '[data-testid="speed-legend"]', ".lt", ".maplibregl-ctrl-group", ".maplibregl-ctrl-scale", '[data-testid="tiles-offline"]', ".maplibregl-ctrl-attrib"];
      const boxes = [];
      for (const n of names) {
        const r = await rect(page, n);
        if (r) boxes.push([n, r]);
      }
      assert.ok(boxes.length >= (notice ? 6 : 5), `overlays found: ${boxes.map((b) => b[0]).join(", ")}`);
      if (notice) {
        const n = boxes.find((b) => b[0].includes("tiles-offline"))[1];
        assert.ok(n.right - n.left >= 200, `the notice is not a narrow column (${n.right - n.left} px)`);
      }
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          assert.ok(!overlap(boxes[i][1], boxes[j][1]), `${boxes[i][0]} ${JSON.stringify(boxes[i][1])} overlaps ${boxes[j][0]} ${JSON.stringify(boxes[j][1])}`);
        }
      }
      const map = await rect(page, '[data-testid="map"]');
      for (const [n, r] of boxes) assert.ok(r.left >= map.left - 1 && r.right <= map.right + 1, `${n} inside the map's width`);
      const track = await trackBox(page);
      const panel = await rect(page, '[data-testid="track-panel"]');
      assert.ok(track, "the track is drawn");
      assert.ok(!overlap(track, panel), `the track ${JSON.stringify(track)} is fitted clear of the track panel ${JSON.stringify(panel)}`);
      assert.ok(track.left >= map.left && track.right <= map.right && track.top >= map.top && track.bottom <= map.bottom, "inside the map");
}
