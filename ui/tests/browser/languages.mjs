// Browser tests of the eight languages and the user's habits: each language renders the main
// window translated (and sets lang/dir), Arabic mirrors the layout (panels, map controls, the
// legend clear of the scale bar, the replay bar), the server's clock and date format show and a
// choice in the display menu overrides them and is saved for the profile, and the server's
// language wins over the sign-in screen's while the profile's choice wins over both.
import assert from "node:assert/strict";
import { calls, demo, selectObjectAndTrips, waitTrackDrawn } from "./helpers.mjs";

/** The search field's placeholder in each language (from the catalogues). */
const SEARCH = {
  en: "Search by name, IMEI or phone",
  ru: "Поиск по имени, IMEI или телефону",
  es: "Buscar por nombre, IMEI o teléfono",
  ar: "البحث بالاسم أو IMEI أو رقم الهاتف",
  de: "Nach Name, IMEI oder Telefon suchen",
  pt: "Buscar por nome, IMEI ou telefone",
  ro: "Căutare după nume, IMEI sau telefon",
  uk: "Пошук за назвою, IMEI або телефоном",
};

const rect = (page, selector) => page.evaluate((s) => {
  const r = document.querySelector(s)?.getBoundingClientRect();
  return r ? { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height } : null;
}, selector);

const overlap = (a, b) => a && b && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Visible texts that look like a message key left untranslated ("trips.none"). */
const rawKeys = (page) => page.evaluate(() => {
  const out = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const s = n.textContent?.trim() ?? "";
    if (/^[a-z]+(\.[a-zA-Z_]+)+$/.test(s)) out.push(s);
  }
  return out;
});

export const languageTests = [
  {
    name: "languages: each of the eight renders the main window translated, with lang and dir set",
    async run(ctx) {
      const { page } = ctx;
      for (const [lang, search] of Object.entries(SEARCH)) {
        await demo(ctx, { language: lang });
        assert.equal(await page.getAttribute('[data-testid="object-search"]', "placeholder"), search, lang);
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        assert.equal(await page.evaluate(() => document.documentElement.dir), lang === "ar" ? "rtl" : "ltr", lang);
        await selectObjectAndTrips(page);
        assert.deepEqual(await rawKeys(page), [], `${lang}: no message key shown`);
      }
    },
  },
  {
    name: "rtl: Arabic mirrors panels, map controls and replay bar; the legend stays clear of the scale bar",
    async run(ctx) {
      const { page } = ctx;
      await page.setViewportSize({ width: 1280, height: 800 });
      await demo(ctx, { language: "ar" });
      await selectObjectAndTrips(page);
      await page.click('[data-testid="whole-period"]');
      await waitTrackDrawn(page);
      const list = await rect(page, '[data-testid="object-search"]');
      const map = await rect(page, '[data-testid="map"]');
      assert.ok(list.left > map.right - 1, `the object list is right of the map (${list.left} vs ${map.right})`);
      const nav = await rect(page, ".maplibregl-ctrl-top-left .maplibregl-ctrl-zoom-in");
      assert.ok(nav && nav.left < map.left + 60, "zoom buttons on the map's left");
      const scale = await rect(page, ".maplibregl-ctrl-scale");
      assert.ok(scale && scale.left < map.left + map.width / 2, "scale bar on the left");
      const legend = await rect(page, '[data-testid="speed-legend"]');
      assert.ok(legend, "the speed legend is shown");
      assert.ok(!overlap(legend, scale), `legend ${JSON.stringify(legend)} clear of the scale bar ${JSON.stringify(scale)}`);
      assert.ok(!overlap(legend, await rect(page, ".maplibregl-ctrl-attrib")), "legend clear of the attribution");
      const speedAxis = await page.evaluate(() => [...document.querySelectorAll(".u-axis")].map((a) => a.getBoundingClientRect().left));
      assert.ok(speedAxis.length >= 2, "chart axes drawn");
      const play = await rect(page, '[data-testid="replay-play"]');
      const slider = await rect(page, '[data-testid="replay-scrubber"]');
      assert.ok(play && slider && play.left > slider.right - 1, "play button at the replay bar's right end");
      await page.screenshot({ path: "/tmp/ui-arabic.png" });
    },
  },
  {
    name: "habits: the server's 12-hour clock and date format show; the display menu overrides and saves them for the profile",
    async run(ctx) {
      const { page } = ctx;
      await demo(ctx, { serverHabits: { hourCycle: "h12", dateFormat: "MMddyyyy_hyphens" } });
      await selectObjectAndTrips(page);
      const time = () => page.textContent('[data-testid="trip-row"] .time');
      assert.match(await time(), /[AP]M/, "12-hour times from the server");
      await page.click('[data-testid="habits-button"]');
      assert.match(await page.textContent('[data-testid="habits-clock"] option[value=""]'), /12/);
      await page.selectOption('[data-testid="habits-clock"]', "h24");
      await page.waitForFunction(() => !/[AP]M/.test(document.querySelector('[data-testid="trip-row"] .time')?.textContent ?? "AM"));
      assert.match(await time(), /^\d{2}:\d{2}/, "24-hour once chosen");
      await page.selectOption('[data-testid="habits-units"]', "nautical");
      await page.waitForFunction(() => / (kn|nmi)\b/.test(document.querySelector('[data-testid="trip-row"] .stat')?.textContent ?? ""));
      const saved = (await calls(page, "set_settings")).at(-1)?.args.settings;
      assert.deepEqual(saved.habits["http://127.0.0.1:40123/v2|demo"], { language: null, units: "nautical", dateFormat: null, hourCycle: "h24" });
      // Back to the server's clock: the profile keeps only its units.
      await page.selectOption('[data-testid="habits-clock"]', "");
      await page.waitForFunction(() => /[AP]M/.test(document.querySelector('[data-testid="trip-row"] .time')?.textContent ?? ""));
      const again = (await calls(page, "set_settings")).at(-1)?.args.settings;
      assert.equal(again.habits["http://127.0.0.1:40123/v2|demo"].hourCycle, null);
      await page.keyboard.press("Escape");
      assert.equal(await page.isVisible('[data-testid="habits"]'), false, "Escape closes the menu");
    },
  },
  {
    name: "habits: the server's language wins over the sign-in screen's; the profile's choice over both",
    async run(ctx) {
      const { page } = ctx;
      await demo(ctx, { language: "de", serverHabits: { language: "ru" } });
      assert.equal(await page.getAttribute('[data-testid="object-search"]', "placeholder"), SEARCH.ru);
      await demo(ctx, { language: "de", serverHabits: { language: "ru" }, habitChoices: { "http://127.0.0.1:40123/v2|demo": { language: "uk", units: null, dateFormat: null, hourCycle: null } } });
      assert.equal(await page.getAttribute('[data-testid="object-search"]', "placeholder"), SEARCH.uk);
      // Picking a language in the menu makes it this profile's choice (and the sign-in screen's).
      await page.click('[data-testid="habits-button"]');
      await page.selectOption('[data-testid="habits-language"]', "es");
      await page.waitForFunction((s) => document.querySelector('[data-testid="object-search"]')?.getAttribute("placeholder") === s, SEARCH.es);
      const saved = (await calls(page, "set_settings")).at(-1)?.args.settings;
      assert.equal(saved.language, "es");
      assert.equal(saved.habits["http://127.0.0.1:40123/v2|demo"].language, "es");
      // The native menu bar follows.
      await page.waitForFunction(() => window.__ipcCalls.filter((c) => c.cmd === "set_menu_language").at(-1)?.args.language === "es");
    },
  },
  {
    name: "habits: when the web view's zone data disagrees with the app's, times use the app's offset and the zone keeps its name",
    async run(ctx) {
      const { page } = ctx;
      // Chromium's own data has Almaty at +05:00; an app that knows +06:00 wins.
      await demo(ctx, { zone: { timeZone: "Asia/Almaty", utcOffsetMinutes: 360 } });
      await selectObjectAndTrips(page);
      const note = await page.textContent('[data-testid="trips-panel"] .zone');
      assert.match(note, /Asia\/Almaty \(UTC\+06:00\)/);
      assert.doesNotMatch(note, /Etc\//);
    },
  },
];
