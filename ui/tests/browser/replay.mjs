// Browser tests of the trip replay, the speed/altitude chart and the point inspector: playback by
// time on Playwright's fake clock (×60, pause, the stop between trips skipped or not, keys), chart ↔
// map sync both ways, scrubbing on the chart, replay frame timing, and a screenshot of it all.
import assert from "node:assert/strict";
import { calls, demo, selectObjectAndTrips, waitTrackDetail, waitTrackDrawn } from "./helpers.mjs";

const SHOT = "/tmp/ui-replay.png";

const state = (page) => page.evaluate(() => window.__trackmate.replay.state());
const marker = (page) => page.evaluate(() => window.__trackmate.replay.markerLngLat());
const seek = (page, t) => page.evaluate((at) => window.__trackmate.replay.seek(at), t);
/** Drops focus to the page so keys go to the window (not to a button pressed before). */
const blur = (page) => page.evaluate(() => document.activeElement?.blur?.());

/** Shows trips (by row) of Truck 001 and waits for the track, the replay bar and the chart. */
async function showTrips(ctx, rows, config = {}) {
  const { page } = ctx;
  await demo(ctx, config);
  await selectObjectAndTrips(page, "Truck 001");
  const list = page.locator('[data-testid="trip-row"]');
  for (const r of rows) await list.nth(r).click();
  await page.click('[data-testid="show-selected"]');
  await page.waitForSelector('[data-testid="replay-bar"]');
  await waitTrackDrawn(page);
  await page.waitForSelector('[data-testid="speed-chart"] canvas');
  return page.evaluate(() => window.__trackmate.replay.track());
}

/** Where the object was at t: the tests' own linear interpolation within a segment. */
function expectedAt(tr, t) {
  const n = tr.time.length;
  let i = -1;
  for (let k = 0; k < n && tr.time[k] <= t; k++) i = k;
  if (i < 0) return [tr.lng[0], tr.lat[0]];
  const segEnd = tr.segmentStart.find((s) => s > i) ?? n;
  if (i + 1 >= segEnd) return [tr.lng[i], tr.lat[i]];
  const f = (t - tr.time[i]) / (tr.time[i + 1] - tr.time[i]);
  return [tr.lng[i] + (tr.lng[i + 1] - tr.lng[i]) * f, tr.lat[i] + (tr.lat[i + 1] - tr.lat[i]) * f];
}

function assertNear(actual, expected, tol, what) {
  assert.ok(actual, `${what}: no position`);
  const d = Math.max(Math.abs(actual[0] - expected[0]), Math.abs(actual[1] - expected[1]));
  assert.ok(d <= tol, `${what}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)} (off by ${d.toExponential(2)}°)`);
}

/** Index of the point nearest to (lng, lat) (same metric as the app: longitude scaled by cos lat). */
function nearest(tr, lng, lat) {
  const k = Math.cos((lat * Math.PI) / 180);
  let best = -1, bd = Infinity;
  for (let i = 0; i < tr.time.length; i++) {
    const d = (tr.lat[i] - lat) ** 2 + ((tr.lng[i] - lng) * k) ** 2;
    if (d < bd) [bd, best] = [d, i];
  }
  return best;
}

/** Zooms the map in on point i and waits for the finer geometry of that area to be drawn. */
async function zoomTo(page, tr, i, zoom) {
  await page.evaluate(([lng, lat, z]) => window.__trackmate.map.jumpTo({ center: [lng, lat], zoom: z }), [tr.lng[i], tr.lat[i], zoom]);
  await waitTrackDetail(page);
}

/** Page coordinates of point i on the map. */
const onMap = (page, tr, i) =>
  page.evaluate(([lng, lat]) => {
    const map = window.__trackmate.map;
    const p = map.project([lng, lat]);
    const r = map.getCanvas().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, [tr.lng[i], tr.lat[i]]);

export const replayTests = [
  {
    name: "replay: plays by track time on a fake clock, pauses, skips the stop between trips, keys",
    async run(ctx) {
      const { page } = ctx;
      await page.clock.install();
      const tr = await showTrips(ctx, [0, 1]);
      assert.equal(tr.segmentStart.length, 3, "two trips");
      let st = await state(page);
      assert.deepEqual([st.start, st.time, st.speed, st.playing, st.skipStops], [tr.time[0], tr.time[0], 60, false, true]);
      // From here on time moves only through runFor.
      await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
      await blur(page);

      // ×60: 5 s of wall time are 5 min of track time.
      await page.keyboard.press("Space");
      assert.equal((await state(page)).playing, true);
      await page.clock.runFor(5000);
      st = await state(page);
      const expected = tr.time[0] + 60 * 5000;
      assert.ok(Math.abs(st.time - expected) <= 1500, `after 5 s at ×60: ${(st.time - tr.time[0]) / 1000} s of track time`);
      assertNear(await marker(page), expectedAt(tr, st.time), 1e-9, "marker at the replay time");
      assertNear(await marker(page), expectedAt(tr, expected), 3e-4, "marker at start + 60·5 s");
      assert.ok(Number.isFinite(await page.evaluate(() => window.__trackmate.replay.markerRotation())));

      // Pause stops it.
      await page.keyboard.press("Space");
      const paused = await state(page);
      assert.equal(paused.playing, false);
      await page.clock.runFor(3000);
      assert.equal((await state(page)).time, paused.time, "paused time does not move");

      // The 1 h 24 min stop between the trips takes no time: 2 s to trip 1's end, then 2 s of trip 2.
      const end1 = tr.time[tr.segmentStart[1] - 1];
      const start2 = tr.time[tr.segmentStart[1]];
      await seek(page, end1 - 120_000);
      await page.keyboard.press("Space");
      await page.clock.runFor(4000);
      await page.keyboard.press("Space");
      st = await state(page);
      assert.ok(Math.abs(st.time - (start2 + 120_000)) <= 1500, `skipped: ${(st.time - start2) / 1000} s into trip 2`);
      assertNear(await marker(page), expectedAt(tr, st.time), 1e-9, "marker in trip 2");

      // Without "skip stops" the same 4 s end 2 min into the stop, the marker waiting at trip 1's end.
      await page.$eval('[data-testid="replay-skip"]', (el) => el.click());
      await blur(page);
      assert.equal((await state(page)).skipStops, false);
      await seek(page, end1 - 120_000);
      await page.keyboard.press("Space");
      await page.clock.runFor(4000);
      await page.keyboard.press("Space");
      st = await state(page);
      assert.ok(Math.abs(st.time - (end1 + 120_000)) <= 1500, `not skipped: ${(st.time - end1) / 1000} s after trip 1`);
      const last1 = tr.segmentStart[1] - 1;
      assertNear(await marker(page), [tr.lng[last1], tr.lat[last1]], 1e-12, "marker at trip 1's end during the stop");
      await page.$eval('[data-testid="replay-skip"]', (el) => el.click());
      await blur(page);

      // Keys: →/← step 10 s × speed, Shift steps by point, +/− change speed, Space toggles.
      const t0 = tr.time[0] + 600_000;
      await seek(page, t0);
      await page.keyboard.press("ArrowRight");
      assert.equal((await state(page)).time, t0 + 600_000, "→ is 10 s × 60");
      await page.keyboard.press("ArrowLeft");
      assert.equal((await state(page)).time, t0, "← back");
      await page.keyboard.press("Shift+ArrowRight");
      const next = tr.time.find((x) => x > t0);
      assert.equal((await state(page)).time, next, "Shift+→ to the next point");
      await page.keyboard.press("Shift+ArrowLeft");
      assert.equal((await state(page)).time, tr.time.findLast((x) => x < next), "Shift+← to the previous point");
      await page.keyboard.press("+");
      assert.equal((await state(page)).speed, 120);
      await page.keyboard.press("-");
      await page.keyboard.press("-");
      assert.equal((await state(page)).speed, 30);
      assert.equal(await page.textContent('[data-testid="replay-speed"]'), "×30");
      await page.keyboard.press("Space");
      assert.equal((await state(page)).playing, true);
      await page.keyboard.press("Space");
      assert.equal((await state(page)).playing, false);

      // Typing in the search field is not replay's.
      const before = await state(page);
      await page.focus('[data-testid="object-search"]');
      await page.keyboard.press("+");
      await page.keyboard.press("Space");
      await page.keyboard.press("ArrowLeft");
      const typed = await state(page);
      assert.deepEqual([typed.speed, typed.playing, typed.time], [before.speed, before.playing, before.time]);
      assert.match(await page.inputValue('[data-testid="object-search"]'), /\+ $/);

      // With the map focused, ← steps the replay instead of panning the map (follow off: no ease).
      await page.$eval('[data-testid="replay-follow"]', (el) => el.click());
      assert.equal((await state(page)).follow, false);
      await page.clock.runFor(1000); // let any follow ease started while playing finish
      await page.$eval(".maplibregl-canvas", (el) => el.focus());
      const center = await page.evaluate(() => window.__trackmate.map.getCenter().toArray());
      await page.keyboard.press("ArrowLeft");
      await page.clock.runFor(500);
      assert.equal((await state(page)).time, before.time - 300_000, "← on the map: 10 s × 30 back");
      assert.deepEqual(await page.evaluate(() => window.__trackmate.map.getCenter().toArray()), center, "the map did not pan");
      // Esc still closes the trips panel.
      await blur(page);
      await page.keyboard.press("Escape");
      await page.waitForSelector('[data-testid="trips-panel"]', { state: "detached" });
    },
  },
  {
    name: "chart ↔ map: chart hover shows the point on the map, track hover moves the chart cursor; scrub; frame timing",
    async run(ctx) {
      const { page } = ctx;
      const tr = await showTrips(ctx, [0, 1]);
      assert.deepEqual(await page.evaluate(() => window.__trackmate.chart.boundaries()), [tr.time[tr.segmentStart[1]]]);

      // The chart's cursor follows the replay time when the pointer is elsewhere.
      const q = tr.segmentStart[1] + 200;
      await seek(page, tr.time[q]);
      await page.waitForFunction((i) => window.__trackmate.chart.cursorPoint() === i, q);

      // Hover on the chart at x → the map's hover dot is at the point of that time.
      const k = 250;
      const at = await page.evaluate((t) => window.__trackmate.chart.clientAt(t), tr.time[k]);
      await page.mouse.move(at.x, at.y);
      await page.waitForFunction(() => window.__trackmate.replay.hoverLngLat() !== null);
      const hovered = await page.evaluate(() => ({ i: window.__trackmate.chart.cursorPoint(), t: window.__trackmate.chart.cursorTime(), x: window.__trackmate.chart.pointerTime() }));
      const byTime = tr.time.reduce((best, x, i) => (Math.abs(x - hovered.x) < Math.abs(tr.time[best] - hovered.x) ? i : best), 0);
      assert.equal(hovered.i, byTime, "the chart's point is the one nearest in time to the pointer");
      assert.equal(hovered.t, tr.time[hovered.i]);
      assert.ok(Math.abs(tr.time[hovered.i] - tr.time[k]) < 60_000, "near the aimed time");
      assertNear(await page.evaluate(() => window.__trackmate.replay.hoverLngLat()), [tr.lng[hovered.i], tr.lat[hovered.i]], 1e-12, "hover dot");
      assert.match((await page.textContent('[data-testid="chart-readout"]')) ?? "", /\d\d:\d\d:\d\d.*km\/h.*m/s);

      // A screenshot of replay + chart: the marker in trip 2, the chart hovered in trip 1 (its dot on
      // the map), the whole track in view.
      await page.evaluate(async (t) => {
        const map = window.__trackmate.map;
        const lngs = t.lng, lats = t.lat;
        map.fitBounds([[Math.min(...lngs), Math.min(...lats)], [Math.max(...lngs), Math.max(...lats)]], { padding: { top: 60, bottom: 90, left: 60, right: 70 }, duration: 0 });
        await new Promise((r) => map.once("idle", r));
      }, tr);
      await page.waitForTimeout(300);
      await page.screenshot({ path: SHOT });

      // Pressing and dragging on the chart scrubs the replay.
      await page.mouse.down();
      await page.mouse.move(at.x + 40, at.y, { steps: 4 });
      const dragTime = await page.evaluate(() => window.__trackmate.chart.pointerTime());
      await page.mouse.up();
      assert.ok(Math.abs((await state(page)).time - dragTime) < 1000, "scrubbed to the pointer's time");

      // Leaving the chart hides the hover dot.
      const mapBox = await page.locator('[data-testid="map"]').boundingBox();
      await page.mouse.move(mapBox.x + 30, mapBox.y + 30);
      await page.waitForFunction(() => window.__trackmate.replay.hoverLngLat() === null);

      // Frame timing of real playback with the whole track in view (benchmarks read the same stats).
      await page.evaluate(() => {
        window.__trackmate.replay.resetFrameStats();
        window.__trackmate.replay.seek(window.__trackmate.replay.state().start);
        window.__trackmate.replay.play();
      });
      await page.waitForTimeout(1500);
      const fps = await page.evaluate(() => window.__trackmate.replay.frameStats());
      console.log(`     replay frames: ${JSON.stringify(fps)}`);
      assert.ok(fps.frames >= 10, `frames: ${fps.frames}`);
      assert.ok(fps.avgMs > 0 && fps.p95Ms >= fps.avgMs * 0.5);
      await page.evaluate(() => window.__trackmate.replay.pause());

      // Hover on the track on the map → the chart's cursor at that point's time.
      const m = 120;
      await zoomTo(page, tr, m, 17);
      const p = await onMap(page, tr, m);
      await page.mouse.move(p.x, p.y);
      const under = await page.evaluate(([x, y]) => {
        const map = window.__trackmate.map;
        const r = map.getCanvas().getBoundingClientRect();
        return map.unproject([x - r.left, y - r.top]).toArray();
      }, [p.x, p.y]);
      const want = nearest(tr, under[0], under[1]);
      assert.equal(want, m);
      await page.waitForFunction((i) => window.__trackmate.chart.cursorPoint() === i, want);
      assert.equal(await page.evaluate(() => window.__trackmate.chart.cursorTime()), tr.time[want]);

    },
  },
  {
    name: "point inspector: packed fields at once, then the address; a click sets the paused replay's time",
    async run(ctx) {
      const { page } = ctx;
      const tr = await showTrips(ctx, [0], { commandLatency: { point_details: 700 } });
      const i = 57;
      await zoomTo(page, tr, i, 16);
      const p = await onMap(page, tr, i);
      await page.mouse.click(p.x, p.y);
      await page.waitForSelector('[data-testid="point-popup"]');
      const first = await page.innerText('[data-testid="point-popup"]');
      assert.match(first, /\d\d:\d\d:\d\d/);
      assert.match(first, /Speed: \d+ km\/h/);
      assert.match(first, /Altitude: -?\d+ m/);
      assert.match(first, /Satellites: \d+/);
      assert.match(first, /^Heading: \d+° (N|NE|E|SE|S|SW|W|NW)$/m);
      assert.equal(await page.getAttribute('[data-testid="point-details"]', "data-state"), "pending");
      assert.match(first, /Address: loading…/);
      // The paused replay moved to the clicked point.
      assert.equal((await state(page)).time, tr.time[i]);
      assertNear(await marker(page), [tr.lng[i], tr.lat[i]], 1e-12, "replay marker at the clicked point");
      // The details arrive.
      await page.waitForSelector('[data-testid="point-details"][data-state="done"]');
      const full = await page.innerText('[data-testid="point-popup"]');
      assert.match(full, /Address: Tempelhofer Damm 120, Berlin \(point 57\)/);
      assert.match(full, /Precision: 5 m/);
      assert.match(full, /Odometer: 48,213 km/);
      assert.deepEqual((await calls(page, "point_details")).at(-1).args, { slot: "main", index: i });
      await page.screenshot({ path: "/tmp/ui-inspector.png" });

      // A point without an address: "—". A failed lookup: an error line.
      await page.keyboard.press("Escape");
      const j = 59;
      let q = await onMap(page, tr, j);
      await page.mouse.click(q.x, q.y);
      await page.waitForSelector('[data-testid="point-details"][data-state="done"]');
      assert.match((await page.textContent('[data-testid="point-details"]')) ?? "", /Address: —/);
      await page.keyboard.press("Escape");
      await page.evaluate(() => window.__mockSet({ fail: { point_details: { kind: "timeout", message: "timed out", once: true } } }));
      q = await onMap(page, tr, 56);
      await page.mouse.click(q.x, q.y);
      await page.waitForSelector('[data-testid="point-details"][data-state="failed"]');
      assert.match((await page.textContent('[data-testid="point-details"]')) ?? "", /Address could not be loaded: The server did not answer in time/);

      // While playing, a click inspects without moving the replay.
      await page.keyboard.press("Escape");
      await blur(page);
      await page.keyboard.press("Space");
      assert.equal((await state(page)).playing, true);
      q = await onMap(page, tr, 55);
      await page.mouse.click(q.x, q.y);
      await page.waitForSelector('[data-testid="point-popup"]');
      assert.equal((await state(page)).playing, true);
    },
  },
  {
    name: "replay bar: Russian in a 1280-px window fits without overflow; the chart collapses",
    async run(ctx) {
      const { page } = ctx;
      await page.setViewportSize({ width: 1280, height: 800 });
      await showTrips(ctx, [0, 1, 3], { language: "ru" });
      const fit = await page.evaluate(() => {
        const bar = document.querySelector('[data-testid="replay-bar"]');
        const scrub = document.querySelector('[data-testid="replay-scrubber"]').getBoundingClientRect();
        const map = document.querySelector('[data-testid="map"]').getBoundingClientRect();
        const chart = document.querySelector('[data-testid="speed-chart"]').getBoundingClientRect();
        return { overflow: bar.scrollWidth - bar.clientWidth, scrub: scrub.width, mapBottom: map.bottom, barTop: bar.getBoundingClientRect().top, chartBottom: chart.bottom, chartHeight: chart.height };
      });
      assert.ok(fit.overflow <= 0, `bar overflows by ${fit.overflow}px`);
      assert.ok(fit.scrub >= 120, `scrubber ${fit.scrub}px wide`);
      assert.ok(fit.mapBottom <= fit.barTop + 1, "the bar is under the map, not over its controls");
      assert.ok(Math.abs(fit.chartBottom - 800) <= 1 && fit.chartHeight >= 140, JSON.stringify(fit));
      assert.match(await page.getAttribute('[data-testid="replay-play"]', "title"), /Воспроизвести/);
      assert.match((await page.textContent('[data-testid="speed-chart"]')) ?? "", /Скорость, км\/ч/);
      await page.waitForTimeout(300);
      await page.screenshot({ path: "/tmp/ui-replay-ru.png" });
      // Hiding the chart gives its height to the map.
      const before = (await page.locator('[data-testid="map"]').boundingBox()).height;
      await page.click('[data-testid="chart-toggle"]');
      await page.waitForSelector('[data-testid="speed-chart"]', { state: "detached" });
      const after = (await page.locator('[data-testid="map"]').boundingBox()).height;
      assert.ok(after - before >= 140, `map grew by ${after - before}px`);
      assert.equal(await page.evaluate(() => window.__trackmate.chart), undefined);
    },
  },
];
