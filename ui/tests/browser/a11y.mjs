// Accessibility of each screen, checked by axe-core (the npm package, injected into the page) in
// real Chromium: sign-in, the demo main window, an object selected with its trips, a track with the
// track panel and replay bar, the layer menu, the alerts panel, the shortcut sheet and the export dialog. No
// violation of "serious" or "critical" impact may remain; all of a run's findings are printed
// (milder ones too) so a failure names every screen at once.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { demo, selectObjectAndTrips, signInScreen } from "./helpers.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const BLOCKING = new Set(["serious", "critical"]);

/** axe's violations on the page as it is now (the script injected once per page). */
async function violations(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1).join(" ").trim()}`) }));
  });
}

/** Checks one screen; returns the blocking findings as text (empty when clean). */
async function screen(page, name) {
  const found = await violations(page);
  const blocking = found.filter((v) => BLOCKING.has(v.impact));
  const milder = found.filter((v) => !BLOCKING.has(v.impact)).map((v) => `${v.id} (${v.impact})`);
  console.log(`     axe ${name}: ${blocking.length} serious/critical${milder.length ? `; milder: ${milder.join(", ")}` : ""}`);
  return blocking.map((v) => `${name}: ${v.id} (${v.impact}) ${v.help}, ${v.nodes.length} elements\n        ${v.nodes.slice(0, 6).join("\n        ")}`);
}

const FEED = () => {
  const now = Date.now();
  return [
    { id: 701, objectId: 1001, time: new Date(now - 60_000).toISOString(), event: "speedup", message: "Speed 112 km/h", lat: 52.52, lng: 13.41, address: "" },
    { id: 702, objectId: 1002, time: new Date(now - 120_000).toISOString(), event: "inzone", message: "Entered Depot", lat: 52.5, lng: 13.35, address: "" },
  ];
};

export const a11yTests = [
  {
    name: "a11y: sign-in has no serious or critical axe violation",
    async run(ctx) {
      const { page } = ctx;
      await signInScreen(ctx);
      const problems = await screen(page, "sign-in");
      assert.deepEqual(problems, [], problems.join("\n"));
    },
  },
  {
    name: "a11y: main window, trips, track, alerts, shortcut sheet and export have no serious or critical axe violation",
    async run(ctx) {
      const { page } = ctx;
      const problems = [];
      await demo(ctx, { feed: FEED() });
      await page.waitForFunction(() => (window.__trackmate?.map.getStyle().layers.length ?? 0) > 3);
      problems.push(...(await screen(page, "main window")));
      // The bell and the sheet first: with an object shown, a narrow window may fold the list away.
      await page.click('[data-testid="alerts-bell"]');
      await page.waitForSelector('[data-testid="alert-row"]');
      problems.push(...(await screen(page, "alerts panel")));
      await page.keyboard.press("Escape");
      await page.waitForSelector('[data-testid="alerts-panel"]', { state: "detached" });

      await page.keyboard.press("?");
      await page.waitForSelector('[data-testid="shortcut-sheet"]');
      problems.push(...(await screen(page, "shortcut sheet")));
      await page.keyboard.press("Escape");
      await page.waitForSelector('[data-testid="shortcut-sheet"]', { state: "detached" });

      await selectObjectAndTrips(page, "Truck 001");
      problems.push(...(await screen(page, "object with trips")));

      await page.click('[data-testid="whole-period"]');
      await page.waitForSelector('[data-testid="replay-bar"]');
      await page.waitForSelector('[data-testid="export-open"]:not([disabled])');
      problems.push(...(await screen(page, "track, track panel, replay bar")));

      await page.click('[data-testid="layers-toggle"]');
      await page.waitForSelector('[data-testid="layers-menu"]');
      problems.push(...(await screen(page, "layer menu")));
      await page.keyboard.press("Escape");
      await page.waitForSelector('[data-testid="layers-menu"]', { state: "detached" });

      await page.click('[data-testid="export-open"]');
      await page.waitForSelector('[data-testid="export-dialog"]');
      problems.push(...(await screen(page, "export dialog")));

      assert.deepEqual(problems, [], `\n${problems.join("\n")}`);
    },
  },
];
