// Keyboard shortcuts and keyboard navigation in real Chromium: each window shortcut does its action
// (zoom, fit, layers, follow, previous/next trip, export, replay), none fires while typing in a
// field, the shortcut sheet lists every shortcut, keeps focus inside and gives it back on Escape,
// the object tree and the trip listbox are driven by arrows/Home/End/Enter/Space, and the alerts
// panel takes focus and returns it to the bell.
import assert from "node:assert/strict";
import { calls, demo, selectObjectAndTrips } from "./helpers.mjs";

/** Every shortcut the sheet must list (lib/shortcuts.ts SHORTCUTS), list keys included. */
const ALL_SHORTCUTS = [
  "search", "help", "escape",
  "listMove", "listEnds", "listSelect", "listGroup", "prevTrip", "nextTrip",
  "zoomIn", "zoomOut", "fit", "follow", "layers", "export",
  "playPause", "stepBack", "stepForward", "pointBack", "pointForward", "faster", "slower",
];

const active = (page) => page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? document.activeElement?.tagName ?? null);
const blur = (page) => page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
const zoom = (page) => page.evaluate(() => window.__trackmate.map.getZoom());
const still = (page) => page.waitForFunction(() => !window.__trackmate.map.isMoving());
/** A shown track's layout has settled: the chart is in (the panel, replay bar and chart come a
 * frame after the map draws the track, and the map refits as they take space), and the map has
 * stood at one zoom for two frames in a row. */
const settled = (page) =>
  page.waitForFunction(() => {
    const m = window.__trackmate.map, z = m.getZoom(), was = window.__settledZoom;
    window.__settledZoom = z;
    return document.querySelector('[data-testid="speed-chart"]') !== null && !m.isMoving() && was === z;
  }, null, { polling: "raf" });

export const keyTests = [
  {
    name: "keys: ? opens the shortcut sheet listing every shortcut; focus stays inside; Esc closes it and gives focus back",
    async run(ctx) {
      const { page } = ctx;
      await demo(ctx);
      await selectObjectAndTrips(page, "Truck 001");
      await page.focus('[data-testid="open-file"]');
      await page.keyboard.press("?");
      await page.waitForSelector('[data-testid="shortcut-sheet"]');
      const listed = await page.locator('[data-testid="shortcut-sheet"] [data-shortcut]').evaluateAll((rows) =>
        rows.map((r) => ({ id: r.getAttribute("data-shortcut"), keys: r.querySelectorAll("kbd").length, text: r.querySelector("dd")?.textContent?.trim() ?? "" })),
      );
      assert.deepEqual(listed.map((r) => r.id).sort(), [...ALL_SHORTCUTS].sort());
      for (const r of listed) {
        assert.ok(r.keys > 0, `${r.id} shows its keys`);
        assert.ok(r.text.length > 3 && !r.text.startsWith("keys."), `${r.id} is described: ${r.text}`);
      }
      assert.match((await page.textContent('[data-shortcut="zoomOut"] dt')) ?? "", /Shift\s*\+\s*Z/);
      // Focus starts inside and Tab / Shift+Tab never leave the dialog.
      assert.equal(await active(page), "shortcut-sheet-close");
      for (const key of ["Tab", "Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab"]) {
        await page.keyboard.press(key);
        assert.ok(await page.evaluate(() => document.querySelector('[data-testid="shortcut-sheet"]').contains(document.activeElement)), `focus inside after ${key}`);
      }
      // The window's shortcuts are asleep while the sheet is open.
      await page.keyboard.press("l");
      assert.equal(await page.locator('[data-testid="layers-menu"]').count(), 0);
      await page.keyboard.press("Escape");
      await page.waitForSelector('[data-testid="shortcut-sheet"]', { state: "detached" });
      assert.equal(await active(page), "open-file", "focus back on what had it");
      assert.equal(await page.locator('[data-testid="trips-panel"]').count(), 1, "Esc closed only the sheet");
      // The map's "?" button opens it too; its close button closes it, focus back on the "?".
      await page.click('[data-testid="shortcuts-open"]');
      await page.waitForSelector('[data-testid="shortcut-sheet"]');
      await page.click('[data-testid="shortcut-sheet-close"]');
      await page.waitForSelector('[data-testid="shortcut-sheet"]', { state: "detached" });
      assert.equal(await active(page), "shortcuts-open");
    },
  },
  {
    name: "keys: no shortcut fires while typing in a field",
    async run(ctx) {
      const { page } = ctx;
      await demo(ctx);
      await selectObjectAndTrips(page, "Truck 001");
      await page.click('[data-testid="whole-period"]');
      await page.waitForSelector('[data-testid="replay-bar"]');
      await settled(page);
      const z0 = await zoom(page);
      const speed = await page.textContent('[data-testid="replay-speed"]');
      await page.keyboard.press("/");
      assert.equal(await active(page), "object-search");
      await page.fill('[data-testid="object-search"]', "");
      await page.keyboard.type("?lze0f[] +-/");
      assert.equal(await page.inputValue('[data-testid="object-search"]'), "?lze0f[] +-/");
      assert.equal(await page.locator('[data-testid="shortcut-sheet"]').count(), 0, "? typed, no sheet");
      assert.equal(await page.locator('[data-testid="layers-menu"]').count(), 0, "l typed, no layers menu");
      assert.equal(await page.locator('[data-testid="export-dialog"]').count(), 0, "e typed, no export");
      assert.equal(await page.getAttribute('[data-testid="follow"]', "aria-pressed"), "false", "f typed, no follow");
      assert.equal(await page.getAttribute('[data-testid="replay-play"]', "data-playing"), "false", "space typed, replay still paused");
      assert.equal(await page.textContent('[data-testid="replay-speed"]'), speed, "+ - typed, same replay speed");
      assert.equal(await zoom(page), z0, "z typed, no zoom");
      assert.equal((await calls(page, "load_track")).length, 1, "[ ] typed, no other trip");
      // Ctrl+F is the one that works from a field (it selects the search text).
      await page.keyboard.press("Control+f");
      assert.equal(await page.evaluate(() => document.activeElement.selectionEnd - document.activeElement.selectionStart), 12);
    },
  },
  {
    name: "keys: Z / Shift+Z zoom, 0 fits the fleet, L toggles the layer menu, F follows",
    async run(ctx) {
      const { page } = ctx;
      await demo(ctx);
      await page.waitForFunction(() => (window.__trackmate?.live?.markers().filter((m) => m.x !== null).length ?? 0) > 10);
      await still(page);
      await blur(page);
      const z0 = await zoom(page);
      await page.keyboard.press("z");
      await page.waitForFunction((z) => window.__trackmate.map.getZoom() > z + 0.9, z0);
      await still(page);
      await page.keyboard.press("Shift+Z");
      await page.keyboard.press("Shift+Z");
      await page.waitForFunction((z) => window.__trackmate.map.getZoom() < z - 0.9, z0);
      // Far away and close in: 0 brings every reporting object back into view.
      await page.evaluate(() => window.__trackmate.map.jumpTo({ center: [0, 0], zoom: 15 }));
      await page.keyboard.press("0");
      await page.waitForFunction(() => {
        const m = window.__trackmate.map;
        // Drawn on their own, inside the map (the overlay also draws a little past its edges).
        const w = m.getCanvas().clientWidth, h = m.getCanvas().clientHeight;
        return !m.isMoving() && window.__trackmate.live.markers().filter((d) => d.x !== null && d.x >= 0 && d.x <= w && d.y >= 0 && d.y <= h).length > 10;
      }, null, { timeout: 10000 }).catch(async () => {
        assert.fail(`fit left the fleet out of view: zoom ${await zoom(page)}`);
      });
      // L opens the menu with focus in it; Esc closes it and focus goes to its button.
      await page.keyboard.press("l");
      await page.waitForSelector('[data-testid="layers-menu"]');
      assert.ok(await page.evaluate(() => document.querySelector('[data-testid="layers-menu"]').contains(document.activeElement)), "focus in the menu");
      assert.equal(await page.getAttribute('[data-testid="layers-toggle"]', "aria-expanded"), "true");
      await page.keyboard.press("Escape");
      await page.waitForSelector('[data-testid="layers-menu"]', { state: "detached" });
      assert.equal(await active(page), "layers-toggle");
      await page.keyboard.press("l");
      await page.waitForSelector('[data-testid="layers-menu"]');
      await page.keyboard.press("l");
      await page.waitForSelector('[data-testid="layers-menu"]', { state: "detached" });
      // F follows the selected object (nothing selected: nothing happens).
      await blur(page);
      await page.keyboard.press("f");
      assert.equal(await page.locator('[data-testid="follow"]').count(), 0);
      await page.fill('[data-testid="object-search"]', "Truck 001");
      await page.click('[data-testid="object-row"]:has-text("Truck 001")');
      await blur(page);
      await page.keyboard.press("f");
      await page.waitForSelector('[data-testid="follow"][aria-pressed="true"]');
      await page.keyboard.press("f");
      await page.waitForSelector('[data-testid="follow"][aria-pressed="false"]');
    },
  },
  {
    name: "keys: ] and [ show the next and previous trip, E opens the export dialog, 0 fits the track, replay keys",
    async run(ctx) {
      const { page } = ctx;
      await demo(ctx);
      await selectObjectAndTrips(page, "Truck 001");
      const ids = await page.locator('[data-testid="trip-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute("data-trip")));
      await blur(page);
      const shownTrips = async (n) => {
        await page.waitForFunction((k) => window.__ipcCalls.filter((c) => c.cmd === "load_track").length === k, n);
        await page.waitForSelector('[data-testid="track-summary"]');
        return (await calls(page, "load_track")).at(-1).args.request.tripIds;
      };
      const selectedRows = () => page.locator('[data-testid="trip-row"][aria-selected="true"]').evaluateAll((rows) => rows.map((r) => r.getAttribute("data-trip")));
      await page.keyboard.press("]");
      const first = await shownTrips(1);
      assert.deepEqual(await selectedRows(), [ids[0]]);
      assert.equal(first.length, 1);
      await page.keyboard.press("]");
      const second = await shownTrips(2);
      assert.deepEqual(await selectedRows(), [ids[1]]);
      assert.notDeepEqual(second, first);
      await page.keyboard.press("[");
      assert.deepEqual(await shownTrips(3), first);
      assert.deepEqual(await selectedRows(), [ids[0]]);
      // Before the first trip there is nothing: no load.
      await page.keyboard.press("[");
      await page.keyboard.press("?");
      await page.waitForSelector('[data-testid="shortcut-sheet"]');
      await page.keyboard.press("Escape");
      assert.equal((await calls(page, "load_track")).length, 3);
      // E: the export dialog, focus on the chosen format; Esc closes it, focus to its button.
      // (The panel folded: the dialog shows anyway.)
      await page.waitForSelector('[data-testid="export-open"]:not([disabled])');
      await page.click('[data-testid="track-panel-toggle"]');
      await page.waitForSelector('[data-testid="tab-summary"]', { state: "detached" });
      await blur(page);
      await page.keyboard.press("e");
      await page.waitForSelector('[data-testid="export-dialog"]');
      assert.equal(await active(page), "export-format-gpx");
      await page.keyboard.press("ArrowDown");
      assert.equal(await active(page), "export-format-kml", "arrows move between formats, not the replay");
      await page.keyboard.press("Escape");
      await page.waitForSelector('[data-testid="export-dialog"]', { state: "detached" });
      assert.equal(await active(page), "export-open");
      assert.equal(await page.locator('[data-testid="trips-panel"]').count(), 1, "Esc closed only the dialog");
      await page.click('[data-testid="track-panel-toggle"]');
      // The track panel's tabs: ←/→/Home/End choose and focus a tab; the replay does not step.
      const at = await page.evaluate(() => window.__trackmate.replay.state().time);
      await page.focus('[data-testid="tab-summary"]');
      await page.keyboard.press("ArrowRight");
      assert.equal(await active(page), "tab-stops");
      assert.equal(await page.getAttribute('[data-testid="tab-stops"]', "aria-selected"), "true");
      await page.keyboard.press("End");
      assert.equal(await page.getAttribute(`[data-testid="${await active(page)}"]`, "aria-selected"), "true");
      await page.keyboard.press("Home");
      assert.equal(await active(page), "tab-summary");
      assert.equal(await page.locator('[role="tab"][tabindex="0"]').count(), 1, "one tab stop");
      assert.equal(await page.evaluate(() => window.__trackmate.replay.state().time), at);
      // 0 fits the shown track again after zooming in: back out by most of the three zooms, the
      // whole track in view. (Not "the zoom of the first fit": a panel that grows after the
      // user zoomed in — the summary's statistics arriving — rightly gives 0 a smaller view.)
      await page.waitForSelector('[data-testid="replay-bar"]');
      await settled(page);
      const fitted = await zoom(page);
      await blur(page);
      for (let i = 0; i < 3; i++) await page.keyboard.press("z");
      await page.waitForFunction((z) => window.__trackmate.map.getZoom() > z + 2, fitted);
      await still(page);
      const zoomedIn = await zoom(page);
      await page.keyboard.press("0");
      await page.waitForFunction(
        ([zin, zfit]) => {
          const tm = window.__trackmate, m = tm.map, z = m.getZoom();
          if (m.isMoving() || z > zin - 2 || z < zfit - 1.5) return false;
          const tr = tm.replay.track(), b = m.getBounds();
          for (let i = 0; i < tr.lng.length; i++) if (Number.isFinite(tr.lng[i]) && !b.contains([tr.lng[i], tr.lat[i]])) return false;
          return true;
        },
        [zoomedIn, fitted],
        { timeout: 10000 },
      );
      // Replay keys from the same table: speed, play/pause.
      const speed = (await page.textContent('[data-testid="replay-speed"]'))?.trim();
      await page.keyboard.press("+");
      await page.waitForFunction((s) => document.querySelector('[data-testid="replay-speed"]')?.textContent?.trim() !== s, speed);
      await page.keyboard.press("-");
      await page.waitForFunction((s) => document.querySelector('[data-testid="replay-speed"]')?.textContent?.trim() === s, speed);
      await page.keyboard.press("Space");
      await page.waitForSelector('[data-testid="replay-play"][data-playing="true"]');
      await page.keyboard.press("Space");
      await page.waitForSelector('[data-testid="replay-play"][data-playing="false"]');
    },
  },
  {
    name: "keys: the object tree moves with arrows/Home/End, Enter selects, ←/→ close and open a group",
    async run(ctx) {
      const { page } = ctx;
      await demo(ctx);
      await page.focus('[data-testid="object-list"]');
      // The row the list points at (rendered once the list has scrolled to it).
      const activeRow = async () => (await page.waitForFunction(() => {
        const list = document.querySelector('[data-testid="object-list"]');
        const el = document.getElementById(list.getAttribute("aria-activedescendant") ?? "");
        return el ? { testid: el.getAttribute("data-testid"), id: el.getAttribute("data-id"), text: el.textContent.trim(), expanded: el.getAttribute("aria-expanded") } : null;
      })).jsonValue();
      assert.equal((await activeRow())?.testid, "group-row", "starts on the first row");
      await page.keyboard.press("ArrowDown");
      const firstObject = await activeRow();
      assert.equal(firstObject?.testid, "object-row");
      await page.keyboard.press("ArrowDown");
      const second = await activeRow();
      assert.notEqual(second?.id, firstObject?.id);
      assert.equal(await page.locator('[data-testid="trips-panel"]').count(), 0, "moving does not select");
      await page.keyboard.press("Enter");
      await page.waitForSelector(`[data-testid="object-row"][data-id="${second.id}"][aria-selected="true"]`);
      await page.waitForSelector('[data-testid="trips-panel"]');
      assert.equal(await active(page), "object-list", "focus stays in the list");
      // The ring is drawn on the keyboard's row.
      const ring = await page.evaluate((id) => getComputedStyle(document.querySelector(`[data-testid="object-row"][data-id="${id}"]`)).outlineStyle, second.id);
      assert.equal(ring, "solid");
      await page.keyboard.press("End");
      const last = await activeRow();
      assert.ok(last && last.id !== second.id);
      // Scrolled away by the mouse, the keyboard's row is no element: the list points at nothing.
      await page.evaluate(() => (document.querySelector('[data-testid="object-list"]').scrollTop = 0));
      await page.waitForFunction(() => {
        const id = document.querySelector('[data-testid="object-list"]').getAttribute("aria-activedescendant");
        return id === null || document.getElementById(id) !== null;
      });
      await page.keyboard.press("Home");
      const top = await activeRow();
      assert.equal(top?.testid, "group-row");
      assert.equal(top?.expanded, "true");
      await page.keyboard.press("ArrowLeft");
      await page.waitForFunction(() => document.querySelector('[data-testid="group-row"]')?.getAttribute("aria-expanded") === "false");
      await page.keyboard.press("ArrowRight");
      await page.waitForFunction(() => document.querySelector('[data-testid="group-row"]')?.getAttribute("aria-expanded") === "true");
      // Space selects as Enter does.
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Space");
      await page.waitForSelector(`[data-testid="object-row"][data-id="${firstObject.id}"][aria-selected="true"]`);
    },
  },
  {
    name: "keys: the trip list is one tab stop; arrows/Home/End move, Space ticks, Shift+Space ticks a range",
    async run(ctx) {
      const { page } = ctx;
      await demo(ctx);
      await selectObjectAndTrips(page, "Truck 001");
      const rows = page.locator('[data-testid="trip-row"]');
      const n = await rows.count();
      assert.ok(n >= 4);
      assert.equal(await page.locator('[data-testid="trip-row"][tabindex="0"]').count(), 1);
      await page.focus('[data-testid="trip-row"][tabindex="0"]');
      const focused = () => page.evaluate(() => document.activeElement?.getAttribute("data-trip"));
      const ids = await rows.evaluateAll((r) => r.map((x) => x.getAttribute("data-trip")));
      assert.equal(await focused(), ids[0]);
      await page.keyboard.press("ArrowDown");
      assert.equal(await focused(), ids[1]);
      await page.keyboard.press("Space");
      await page.waitForSelector(`[data-trip="${ids[1]}"][aria-selected="true"]`);
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Shift+Space");
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="trip-row"][aria-selected="true"]').length === 3);
      assert.match((await page.textContent('[data-testid="show-selected"]')) ?? "", /Show 3 trips/);
      await page.keyboard.press("End");
      assert.equal(await focused(), ids[n - 1]);
      await page.keyboard.press("Home");
      assert.equal(await focused(), ids[0]);
      assert.equal(await page.locator('[data-testid="trip-row"][tabindex="0"]').count(), 1, "still one tab stop");
      await page.keyboard.press("Enter");
      await page.waitForSelector(`[data-trip="${ids[0]}"][aria-selected="true"]`);
      assert.equal((await calls(page, "load_track")).length, 0, "ticking does not load");
    },
  },
  {
    name: "keys: the alerts panel takes focus, arrows move through the events, Esc gives focus back to the bell",
    async run(ctx) {
      const { page } = ctx;
      const now = Date.now();
      const feed = [
        { id: 601, objectId: 1001, time: new Date(now - 60_000).toISOString(), event: "speedup", message: "Speed 112 km/h", lat: 52.52, lng: 13.41, address: "" },
        { id: 602, objectId: 1002, time: new Date(now - 120_000).toISOString(), event: "inzone", message: "Entered Depot", lat: 52.5, lng: 13.35, address: "" },
      ];
      await demo(ctx, { feed });
      await page.waitForSelector('[data-testid="alerts-unread"]');
      // Reached with the keyboard (Tab away and back), the bell shows a focus ring.
      await page.focus('[data-testid="alerts-bell"]');
      await page.keyboard.press("Tab");
      await page.keyboard.press("Shift+Tab");
      assert.equal(await active(page), "alerts-bell");
      assert.equal(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), "solid", "the keyboard's focus shows");
      await page.keyboard.press("Enter");
      await page.waitForSelector('[data-testid="alert-row"]');
      const inRow = () => page.evaluate(() => document.activeElement?.closest('[data-testid="alert-row"]')?.getAttribute("data-id") ?? null);
      assert.equal(await inRow(), "601");
      await page.keyboard.press("ArrowDown");
      assert.equal(await inRow(), "602");
      await page.keyboard.press("Home");
      assert.equal(await inRow(), "601");
      await page.keyboard.press("Escape");
      await page.waitForSelector('[data-testid="alerts-panel"]', { state: "detached" });
      assert.equal(await active(page), "alerts-bell");
    },
  },
];
