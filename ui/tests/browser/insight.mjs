// Browser tests of the track insight around the map: statistics and stops of the shown track
// (list → map and replay), events (list, icons, chart ticks, jump-to), geofences and places as
// toggled layers, export through the save dialog, local files (open, errors), and comparing two
// tracks. The dialogs are Rust's (pick_track_files, pick_export_target): the IPC mock answers
// them from window.__mockDialog and hands out handles, as Rust does (tests/browser/mock.ts).
import assert from "node:assert/strict";
import { calls, demo, selectObjectAndTrips, signInScreen, trackColors, waitTrackDrawn } from "./helpers.mjs";

const rendered = (page, layer) =>
  page.evaluate((l) => {
    const m = window.__trackmate.map;
    return m.getLayer(l) ? m.queryRenderedFeatures({ layers: [l] }).length : -1;
  }, layer);

async function showTrips(ctx, rows) {
  const { page } = ctx;
  await demo(ctx);
  await selectObjectAndTrips(page, "Truck 001");
  const list = page.locator('[data-testid="trip-row"]');
  for (const r of rows) await list.nth(r).click();
  await page.click('[data-testid="show-selected"]');
  await waitTrackDrawn(page);
  await page.waitForSelector('[data-testid="stats-summary"]');
}

/** Emits a Tauri event as Rust would (the IPC mock delivers it to the app's listeners). */
const emit = (page, event, payload) => page.evaluate(([e, p]) => window.__TAURI_INTERNALS__.invoke("plugin:event|emit", { event: e, payload: p }), [event, payload]);

const replayTime = (page) => page.evaluate(() => window.__trackmate.replay.state().time);

export const insightTests = [
  {
    name: "insight: statistics per trip and in total, stops listed and on the map, a stop click moves map and replay",
    async run(ctx) {
      const { page } = ctx;
      await showTrips(ctx, [0, 1]);
      const summary = (await calls(page, "track_summary")).at(-1);
      assert.equal(summary.args.slot, "main");
      for (const key of ["distance", "duration", "moving", "stopped", "max", "avg", "stops"]) {
        const text = await page.locator(`[data-testid="stat-${key}"] dd`).innerText();
        assert.ok(text.trim().length > 0 && text !== "—", `${key}: ${text}`);
      }
      assert.equal(await page.locator('[data-testid="stats-trips"] tbody tr').count(), 2);
      // The load asked for the object's name (exports are named after it).
      const load = (await calls(page, "load_track")).at(-1);
      assert.equal(load.args.request.name, "Truck 001");

      await page.click('[data-testid="tab-stops"]');
      const rows = page.locator('[data-testid="stop-row"]');
      assert.equal(await rows.count(), 3); // a stop in each trip, a parking between them
      await page.waitForFunction(() => window.__trackmate.map.queryRenderedFeatures({ layers: ["stops-icon", "stops-cluster"] }).length > 0);
      await rows.nth(1).click(); // the parking
      const popup = page.locator('[data-testid="stop-popup"]');
      await popup.waitFor();
      assert.match(await popup.innerText(), /Parking lot 1/);
      const stop = await page.evaluate(() => {
        const tr = window.__trackmate.replay.track();
        const i = tr.segmentStart[1] - 1;
        return { t: tr.time[i], lng: tr.lng[i], lat: tr.lat[i] };
      });
      assert.equal(await replayTime(page), stop.t);
      // The map went to the stop; a panel folded afterwards resizes the map but does not fit the
      // whole track again (that is for the fit the track came with, until the map is moved).
      const view = () => page.evaluate(() => {
        const m = window.__trackmate.map;
        const c = m.getCenter();
        return { moving: m.isMoving(), zoom: m.getZoom(), lng: c.lng, lat: c.lat };
      });
      await page.waitForFunction(() => !window.__trackmate.map.isMoving());
      const atStop = await view();
      assert.ok(Math.abs(atStop.lng - stop.lng) < 1e-6 && Math.abs(atStop.lat - stop.lat) < 1e-6, JSON.stringify({ atStop, stop }));
      const height = (await page.locator('[data-testid="map"]').boundingBox()).height;
      await page.evaluate(() => {
        window.__resized = new Promise((r) => window.__trackmate.map.once("resize", r));
      });
      await page.click('[data-testid="chart-toggle"]');
      await page.waitForFunction((h) => document.querySelector('[data-testid="map"]').getBoundingClientRect().height > h + 100, height);
      // A refit would come with the map's resize or within a frame of it (the overlay watch).
      await page.evaluate(async () => {
        await window.__resized;
        for (let k = 0; k < 3; k++) await new Promise((r) => requestAnimationFrame(r));
      });
      const after = await view();
      assert.equal(after.zoom, atStop.zoom, "zoom kept");
      assert.ok(Math.abs(after.lng - stop.lng) < 1e-6 && Math.abs(after.lat - stop.lat) < 1e-6, JSON.stringify({ after, stop }));
    },
  },
  {
    name: "insight: the track status shows the distance of the statistics (track_summary), each track's own",
    async run(ctx) {
      const { page } = ctx;
      // What the status line must read: the summary's distance as the app formats it (km, en).
      const expected = async () => {
        const reply = await page.evaluate(() => window.__TAURI_INTERNALS__.invoke("track_summary", { slot: "main" }));
        const km = reply.summary.distanceM / 1000;
        const digits = km < 10 ? 1 : 0;
        return `${km.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits })} km`;
      };
      const statusShows = async (want) => {
        await page.waitForFunction((w) => (document.querySelector('[data-testid="track-summary"]')?.textContent ?? "").includes(`· ${w}`), want, { timeout: 10000 });
        assert.equal((await page.locator('[data-testid="stat-distance"] dd').innerText()).trim(), want, "the panel and the status line show one number");
      };
      await showTrips(ctx, [0, 1]);
      const first = await expected();
      await statusShows(first);
      // Another trip: the status line follows its summary, never the previous track's.
      const points = async () => ((await page.textContent('[data-testid="track-summary"]')) ?? "").split("·")[0];
      const before = await points();
      // Rust's statistics come late this time: until they do, the status has no length of its
      // own to show (nor the previous track's), so it reads "—".
      await page.evaluate(() => window.__mockSet({ commandLatency: { track_summary: 1500 } }));
      await page.locator('[data-testid="trip-row"]').nth(3).click();
      await page.click('[data-testid="show-selected"]');
      const early = await (
        await page.waitForFunction((b) => {
          const text = document.querySelector('[data-testid="track-summary"]')?.textContent ?? "";
          return text.includes("·") && text.split("·")[0] !== b ? text : false;
        }, before)
      ).jsonValue();
      assert.match(early, /· —/, early);
      assert.deepEqual((await calls(page, "load_track")).at(-1).args.request.tripIds, [100101, 100102, 100103]);
      const second = await expected();
      assert.notEqual(second, first, "the two tracks differ in length");
      await statusShows(second);
    },
  },
  {
    name: "insight: events in a list, on the map and as chart ticks; a row jumps to the event",
    async run(ctx) {
      const { page } = ctx;
      await showTrips(ctx, [0, 1]);
      await page.click('[data-testid="tab-events"]');
      const rows = page.locator('[data-testid="event-row"]');
      await rows.first().waitFor();
      assert.equal(await rows.count(), 5);
      const ev = (await calls(page, "list_events")).at(-1);
      const load = (await calls(page, "load_track")).at(-1);
      assert.equal(ev.args.objectId, load.args.request.objectId);
      assert.equal(ev.args.from, load.args.request.from);
      await page.waitForFunction(() => window.__trackmate.map.queryRenderedFeatures({ layers: ["events-icon"] }).length > 0);
      assert.equal(await page.evaluate(() => window.__trackmate.chart.marks()), 5);
      await rows.nth(1).click(); // inzone
      const popup = page.locator('[data-testid="event-popup"]');
      await popup.waitFor();
      assert.match(await popup.innerText(), /Event inzone/);
      const t = await replayTime(page);
      // The mock puts event k at point floor((k + 1) · n / 6) of the shown track.
      const expected = await page.evaluate(() => {
        const tr = window.__trackmate.replay.track();
        return tr.time[Math.floor((2 * tr.time.length) / 6)];
      });
      assert.equal(t, expected);
      // Hidden with its switch: no icons, no chart ticks.
      await page.click('[data-testid="layers-toggle"]');
      await page.uncheck('[data-testid="layer-events"]');
      await page.waitForFunction(() => window.__trackmate.map.getLayoutProperty("events-icon", "visibility") === "none");
      assert.equal(await page.evaluate(() => window.__trackmate.chart.marks()), 0);
    },
  },
  {
    name: "insight: points the server sent without a position are named in a quiet note on the track",
    async run(ctx) {
      const { page } = ctx;
      await demo(ctx, { leftOut: [{ item: "point", reason: "no_position", count: 2 }, { item: "point", reason: "no_time", count: 1 }] });
      await selectObjectAndTrips(page, "Truck 001");
      await page.locator('[data-testid="trip-row"]').nth(0).click();
      await page.click('[data-testid="show-selected"]');
      await waitTrackDrawn(page);
      await page.waitForSelector('[data-testid="stats-summary"]');
      const note = page.locator('[data-testid="left-out"]');
      assert.equal(await note.count(), 1);
      assert.equal(await note.innerText(), "3 points the server sent could not be placed and were left out: 2 without a position, 1 without a time.");
      assert.equal(await page.locator('[role="alert"]').count(), 0, "a note, not an error");
    },
  },
  {
    name: "insight: layers the server does not offer (111/112) are named in the layers menu, with no red error",
    async run(ctx) {
      const { page } = ctx;
      await demo(ctx, { notOffered: ["places", "events"] });
      await selectObjectAndTrips(page, "Truck 001");
      await page.locator('[data-testid="trip-row"]').nth(0).click();
      await page.click('[data-testid="show-selected"]');
      await waitTrackDrawn(page);
      await page.waitForSelector('[data-testid="stats-summary"]');
      await page.click('[data-testid="layers-toggle"]');
      assert.match(await page.locator('[data-testid="layer-places-na"]').innerText(), /Places: not offered by this server/);
      assert.match(await page.locator('[data-testid="layer-events-na"]').innerText(), /Events: not offered by this server/);
      assert.equal(await page.locator('[data-testid="layer-places"]').count(), 0);
      assert.equal(await page.locator('[data-testid="layer-zones"]').count(), 1, "geofences are still offered");
      assert.equal(await page.locator('[data-testid="tab-events"]').count(), 0, "no events tab");
      assert.equal(await page.locator('[role="alert"]').count(), 0, "no error shown");
    },
  },
  {
    name: "insight: geofences (circle, polygon, corridor) and places are drawn and toggled, and the switches are remembered",
    async run(ctx) {
      const { page } = ctx;
      await demo(ctx);
      await page.evaluate(() => window.__trackmate.map.jumpTo({ center: [13.36, 52.505], zoom: 13 }));
      await page.waitForFunction(() => {
        const m = window.__trackmate.map;
        return m.getLayer("zones-fill") && m.queryRenderedFeatures({ layers: ["zones-fill"] }).length >= 2 && m.queryRenderedFeatures({ layers: ["zones-corridor"] }).length >= 1;
      }, null, { timeout: 15000 });
      await page.waitForFunction(() => window.__trackmate.map.queryRenderedFeatures({ layers: ["places-icon"] }).length === 2);
      // The corridor is as wide as its radius says: 2 × 60 m at this zoom and latitude.
      const { width, zoom } = await page.evaluate(() => {
        const m = window.__trackmate.map;
        return { width: m.queryRenderedFeatures({ layers: ["zones-corridor"] })[0].properties.widthZ0 * 2 ** m.getZoom(), zoom: m.getZoom() };
      });
      const metresPerPx = ((2 * Math.PI * 6378137) / (512 * 2 ** zoom)) * Math.cos((52.5 * Math.PI) / 180);
      assert.ok(Math.abs(width * metresPerPx - 120) < 1.5, `corridor ${width * metresPerPx} m`);
      await page.click('[data-testid="layers-toggle"]');
      await page.uncheck('[data-testid="layer-zones"]');
      await page.waitForFunction(() => window.__trackmate.map.getLayoutProperty("zones-fill", "visibility") === "none");
      assert.equal(await rendered(page, "places-icon"), 2);
      const saved = await page.evaluate(() => JSON.parse(localStorage.getItem("trackmate.layers") ?? "{}"));
      assert.equal(saved.zones, false);
      assert.equal(saved.places, true);
      // A click on a place names it.
      const pt = await page.evaluate(() => {
        const m = window.__trackmate.map;
        const p = m.project([13.37, 52.503]);
        const r = m.getCanvas().getBoundingClientRect();
        return { x: r.left + p.x, y: r.top + p.y };
      });
      await page.mouse.click(pt.x, pt.y);
      const popup = page.locator('[data-testid="geo-popup"]');
      await popup.waitFor();
      assert.match(await popup.innerText(), /Customer 1[\s\S]*Kundenweg 1[\s\S]*Gate 2/);
    },
  },
  {
    name: "insight: export asks where to save and writes the chosen format; a cancelled dialog writes nothing",
    async run(ctx) {
      const { page } = ctx;
      await showTrips(ctx, [0]);
      await page.evaluate(() => (window.__mockDialog = { save: null }));
      await page.click('[data-testid="export-open"]');
      await page.click('[data-testid="export-format-kml"]');
      await page.click('[data-testid="export-save"]');
      await page.waitForFunction(() => !("save" in window.__mockDialog));
      const [asked] = await calls(page, "pick_export_target");
      assert.equal(asked.args.format, "kml");
      assert.match(asked.args.suggestedName, /^Truck 001.*\.kml$/);
      assert.equal((await calls(page, "export_track")).length, 0);
      await page.evaluate(() => (window.__mockDialog = { save: "/home/me/Truck 001.kml" }));
      await page.click('[data-testid="export-save"]');
      const done = page.locator('[data-testid="export-done"]');
      await done.waitFor();
      const [call] = await calls(page, "export_track");
      // The page sends the handle Rust gave it, never a path; and the shown track's points, packed
      // (the app keeps no copy): the mock refuses points that are not the slot's track's.
      assert.deepEqual(Object.keys(call.args).sort(), ["body", "format", "handle", "slot"]);
      const shown = await page.evaluate(() => window.__mockShown?.("main"));
      assert.equal(call.args.body, `<${16 + 38 * shown.n + 12 * shown.s + 4} bytes>`);
      assert.deepEqual({ slot: call.args.slot, format: call.args.format }, { slot: "main", format: "kml" });
      assert.match(call.args.handle, /^file-/);
      assert.match(await done.innerText(), /Truck 001\.kml/);
      assert.equal(await page.locator('[data-testid="export-dialog"]').count(), 0);
    },
  },
  {
    name: "insight: a local file opens like a server track (statistics, replay, chart); a bad one, or a refused handle, says why",
    async run(ctx) {
      const { page } = ctx;
      await demo(ctx);
      await selectObjectAndTrips(page, "Truck 001"); // the file mock uses the listed day
      await page.evaluate(() => (window.__mockDialog = { open: ["/data/notes.txt"] }));
      await page.click('[data-testid="open-file"]');
      const err = page.locator('[data-testid="open-error"]');
      await err.waitFor();
      assert.match(await err.innerText(), /notes\.txt/);
      // Rust's typed refusal of a handle (kind not_picked) reaches the person in their language.
      await page.evaluate(() => window.__mockSet({ fail: { open_track_file: { kind: "not_picked", message: "Only a file chosen in Trackmate's file dialog can be used.", once: true } } }));
      await page.evaluate(() => (window.__mockDialog = { open: ["/data/ride.gpx"] }));
      await page.click('[data-testid="open-file"]');
      await page.waitForFunction(() => /not chosen in this window's file dialog/.test(document.querySelector('[data-testid="open-error"]')?.textContent ?? ""));
      await page.evaluate(() => (window.__mockDialog = { open: ["/data/ride.gpx"] }));
      await page.click('[data-testid="open-file"]');
      await waitTrackDrawn(page);
      await page.waitForSelector('[data-testid="stats-summary"]');
      assert.match(await page.locator('[data-testid="track-panel"] header').innerText(), /ride\.gpx/);
      const [call] = (await calls(page, "open_track_file")).slice(-1);
      assert.deepEqual(Object.keys(call.args).sort(), ["handle", "slot"]);
      assert.equal(call.args.slot, "main");
      assert.match(call.args.handle, /^file-/);
      await page.waitForSelector('[data-testid="replay-bar"]');
      await page.waitForSelector('[data-testid="speed-chart"] canvas');
      assert.equal(await page.locator('[data-testid="tab-events"]').count(), 0); // files have no server events
      assert.equal(await page.evaluate(() => window.__trackmate.replay.state().points), 600);
    },
  },
  {
    name: "insight: compare two trips in two colours, with both figures; ending the comparison clears it",
    async run(ctx) {
      const { page } = ctx;
      await showTrips(ctx, [0]);
      const list = page.locator('[data-testid="trip-row"]');
      await list.nth(0).click(); // unselect the shown trip
      await list.nth(2).click();
      await page.click('[data-testid="compare-selection"]');
      await page.waitForSelector('[data-testid="compare-table"]');
      const load = (await calls(page, "load_track")).at(-1);
      assert.equal(load.args.request.slot, "compare");
      await page.waitForFunction(() => window.__trackmate.map.queryRenderedFeatures({ layers: ["compare-line"] }).length > 0, null, { timeout: 15000 });
      const colors = {
        compare: await page.evaluate(() => window.__trackmate.map.getPaintProperty("compare-line", "line-color")),
        main: await trackColors(page),
      };
      assert.ok(colors.main.length > 0, "the main track's colours");
      assert.ok(!colors.main.includes(colors.compare), JSON.stringify(colors));
      assert.equal(await page.locator('[data-testid="compare-table"] tbody tr').count(), 6);
      await ctx.page.screenshot({ path: "/tmp/ui-compare.png" });
      await page.click('[data-testid="compare-end"]');
      await page.waitForFunction(() => window.__trackmate.map.queryRenderedFeatures({ layers: ["compare-line"] }).length === 0);
      const [close] = (await calls(page, "close_track")).slice(-1);
      assert.deepEqual(close.args, { slot: "compare" });
    },
  },
  {
    name: "insight: files dropped on the window open (the second is compared); the File menu opens and exports",
    async run(ctx) {
      const { page } = ctx;
      await demo(ctx);
      await selectObjectAndTrips(page, "Truck 001");
      await emit(page, "tauri://drag-enter", { paths: ["/data/a.gpx"], position: { x: 500, y: 300 } });
      await page.waitForSelector('[data-testid="drop-overlay"]');
      // The web view's own drop event ends the overlay; its paths open nothing (Rust's handles do).
      await emit(page, "tauri://drag-drop", { paths: ["/data/a.gpx", "/data/b.kml"], position: { x: 500, y: 300 } });
      await page.waitForSelector('[data-testid="drop-overlay"]', { state: "detached" });
      assert.equal((await calls(page, "open_track_file")).length, 0);
      const dropped = await page.evaluate(() => window.__mockDrop(["/data/a.gpx", "/data/b.kml"]));
      await emit(page, "files-dropped", dropped);
      await page.waitForSelector('[data-testid="compare-table"]');
      const opened = (await calls(page, "open_track_file")).map((c) => c.args);
      assert.deepEqual(opened, [{ handle: dropped[0].handle, slot: "main" }, { handle: dropped[1].handle, slot: "compare" }]);
      assert.match(await page.locator('[data-testid="track-panel"] header').innerText(), /a\.gpx/);
      assert.match(await page.locator('[data-testid="compare-box"]').innerText(), /b\.kml/);

      await emit(page, "menu", "export");
      await page.waitForSelector('[data-testid="export-dialog"]');
      await page.evaluate(() => (window.__mockDialog = { open: ["/data/c.geojson"] }));
      await emit(page, "menu", "open");
      await page.waitForFunction(() => /c\.geojson/.test(document.querySelector('[data-testid="track-panel"] header')?.textContent ?? ""));
    },
  },
  {
    name: "start-up: a system locale Intl refuses (LANG=C → navigator.language \"C\") still starts the app, chart included",
    async run(ctx) {
      const { page } = ctx;
      await page.addInitScript(() => {
        Object.defineProperty(Navigator.prototype, "language", { get: () => "C", configurable: true });
        Object.defineProperty(Navigator.prototype, "languages", { get: () => ["C"], configurable: true });
      });
      await signInScreen(ctx);
      assert.equal(await page.evaluate(() => navigator.language), "en-US");
      await page.click('[data-testid="demo"]');
      await selectObjectAndTrips(page, "Truck 001");
      await page.locator('[data-testid="trip-row"]').first().click();
      await page.click('[data-testid="show-selected"]');
      await page.waitForSelector('[data-testid="speed-chart"] canvas');
    },
  },
];
