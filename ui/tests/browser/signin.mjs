// Browser tests of what sign-in remembers: the three choices ("don't remember", "keep me signed
// in", "also remember my password") reach `sign_in` as chosen, each label says what is stored,
// an API key has no password to keep, and a remembered session that ended without a password
// opens the sign-in form with the server and login filled in and a line saying so.
import assert from "node:assert/strict";
import { calls, open, signInScreen } from "./helpers.mjs";

const LAST = { preset: "custom", customUrl: "https://gps.example.org/api-v2", login: "boss" };

/**
 * The card in every language and every choice of what to remember (each has its own note under it,
 * one to four lines): those whose box (`top`, `bottom`, the demo's `note` and the `submit` button's
 * bottoms, the window's `height`, the screen's `scroll`) does not pass `fits`.
 */
async function cardsOver(page, fits) {
  const langs = await page.$$eval('[data-testid="language"] option', (os) => os.map((o) => o.value));
  assert.ok(langs.length >= 8, `languages: ${langs}`);
  const over = [];
  for (const lang of langs) {
    await page.selectOption('[data-testid="language"]', lang);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    for (const choice of ["remember-nothing", "remember-password", "remember-session"]) {
      await page.check(`[data-testid="${choice}"]`);
      const box = await page.evaluate(() => {
        const screen = document.querySelector(".screen");
        const card = document.querySelector("main.card").getBoundingClientRect();
        const bottom = (sel) => Math.ceil(document.querySelector(sel)?.getBoundingClientRect().bottom ?? Infinity);
        return { top: card.top, bottom: Math.ceil(card.bottom), note: bottom('[data-testid="demo"] ~ p'), submit: bottom('[data-testid="submit"]'), height: innerHeight, scroll: screen.scrollHeight - screen.clientHeight };
      });
      if (!fits(box)) over.push(`${lang} ${choice}: ${JSON.stringify(box)}`);
    }
  }
  return over;
}

export const signInTests = [
  {
    name: "sign-in: the whole card, the demo's note included, fits the app's first window (1280×776 of web view) in every language",
    async run(ctx) {
      const { page } = ctx;
      await page.setViewportSize({ width: 1280, height: 776 });
      await signInScreen(ctx);
      const over = await cardsOver(page, (box) => box.top >= 0 && box.bottom <= box.height && box.note <= box.height && box.scroll <= 0);
      assert.deepEqual(over, [], over.join("\n"));
    },
  },
  {
    name: "sign-in: with the company's own server (its address, the hint and the CA field shown) the sign-in button is in the first window's view (1280×776), in every language",
    async run(ctx) {
      const { page } = ctx;
      await page.setViewportSize({ width: 1280, height: 776 });
      await signInScreen(ctx);
      await page.selectOption('[data-testid="preset"]', "custom");
      await page.fill('[data-testid="custom-url"]', "https://api.fleet.example.com/");
      await page.waitForSelector('[data-testid="ca-field"]');
      // What is below the button (the API-key link, the demo) may take a scroll.
      const over = await cardsOver(page, (box) => box.top >= 0 && box.submit <= box.height);
      assert.deepEqual(over, [], over.join("\n"));
    },
  },
  {
    name: "sign-in: the screen loads none of the map (MapLibre comes with the main window, once signed in, after the web view's compositing is turned on)",
    async run(ctx) {
      const { page } = ctx;
      await signInScreen(ctx);
      const scripts = () => page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name).filter((n) => /\.m?js(\?|$)/.test(n)));
      const before = await scripts();
      assert.ok(before.length > 0, "the page's own script is listed");
      assert.equal(before.filter((n) => n.includes("MainWindow")).length, 0, before.join("\n"));
      assert.equal(await page.evaluate(() => document.querySelector(".maplibregl-map")), null);
      assert.equal((await calls(page, "prepare_map")).length, 0, "no compositing asked for at the sign-in screen");
      await page.click('[data-testid="demo"]');
      await page.waitForSelector('[data-testid="object-row"]');
      await page.waitForSelector(".maplibregl-canvas");
      assert.ok((await scripts()).some((n) => n.includes("MainWindow")), "the main window's chunk loaded after sign-in");
      assert.equal((await calls(page, "prepare_map")).length, 1);
      assert.equal(await page.evaluate(() => window.__mapAtPrepare), false, "compositing was turned on before the map was made");
    },
  },
  {
    name: "sign-in: typing a server URL never moves the fields under it (http warning, CA field, errors)",
    async run(ctx) {
      const { page } = ctx;
      await signInScreen(ctx);
      await page.selectOption('[data-testid="preset"]', "custom");
      const top = () => page.evaluate(() => document.querySelector('[data-testid="login"]').getBoundingClientRect().top);
      const before = await top();
      const tops = new Set();
      for (const url of ["http://tracking.example.com/api-v2", "https://tracking.example.com/api-v2", "ftp:/x"]) {
        await page.fill('[data-testid="custom-url"]', "");
        for (const ch of url) {
          await page.type('[data-testid="custom-url"]', ch);
          tops.add(await top());
        }
        if (url.startsWith("http:")) await page.waitForSelector('[data-testid="http-warning"]');
        if (url.startsWith("https:")) await page.waitForSelector('[data-testid="ca-field"]');
      }
      await page.click('[data-testid="login"]');
      await page.waitForSelector('[data-testid="url-error"]');
      tops.add(await top());
      assert.deepEqual([...tops], [before], "the login field stays where it was");
    },
  },
  {
    name: "sign-in: each remember choice is sent as chosen and its label says what is stored",
    async run(ctx) {
      const { page } = ctx;
      await signInScreen(ctx);
      // The default keeps the session only, and says the password is not stored.
      assert.equal(await page.isChecked('[data-testid="remember-session"]'), true);
      const labels = (await page.textContent('[data-testid="remember"]')) ?? "";
      assert.match(labels, /Don't remember me.*Keep me signed in.*Also remember my password/s);
      // Under the choices, what the chosen one stores.
      const hint = async () => (await page.textContent('[data-testid="remember-hint"]')) ?? "";
      assert.match(await hint(), /session .*not the password/);
      await page.check('[data-testid="remember-password"]');
      assert.match(await hint(), /session and the password/);
      await page.check('[data-testid="remember-nothing"]');
      assert.match(await hint(), /Nothing is kept/);
      await page.check('[data-testid="remember-session"]');
      await page.fill('[data-testid="login"]', "fleet@example.com");
      // Each choice with a wrong password first (the call is recorded, nothing signs in).
      await page.fill('[data-testid="password"]', "wrong");
      for (const [radio, sent] of [
        ["nothing", "nothing"],
        ["password", "sessionAndPassword"],
        ["session", "session"],
      ]) {
        const before = (await calls(page, "sign_in")).length;
        await page.check(`[data-testid="remember-${radio}"]`);
        await page.click('[data-testid="submit"]');
        await page.waitForFunction((n) => window.__ipcCalls.filter((c) => c.cmd === "sign_in").length > n, before);
        const all = await calls(page, "sign_in");
        assert.equal(all.at(-1).args.remember, sent, radio);
      }
      // The password choice, then a real sign-in.
      await page.check('[data-testid="remember-password"]');
      await page.fill('[data-testid="password"]', "secret");
      await page.click('[data-testid="submit"]');
      await page.waitForSelector('[data-testid="object-row"]');
      const last = (await calls(page, "sign_in")).at(-1);
      assert.equal(last.args.remember, "sessionAndPassword");
      assert.equal(last.args.password, "secret");
    },
  },
  {
    name: "sign-in: with an API key there is no password to remember",
    async run(ctx) {
      const { page } = ctx;
      await signInScreen(ctx);
      await page.check('[data-testid="remember-password"]');
      await page.click('[data-testid="switch-mode"]');
      await page.waitForSelector('[data-testid="api-key"]');
      assert.equal(await page.$('[data-testid="remember-password"]'), null);
      // The password choice becomes "keep me signed in", which says the key is stored.
      assert.equal(await page.isChecked('[data-testid="remember-session"]'), true);
      assert.match((await page.textContent('[data-testid="remember"]')) ?? "", /server and this key/);
      await page.fill('[data-testid="api-key"]', "0123456789abcdef0123456789abcdef");
      await page.click('[data-testid="submit"]');
      await page.waitForSelector('[data-testid="object-row"]');
      const [call] = await calls(page, "sign_in_with_key");
      assert.equal(call.args.remember, "session");
    },
  },
  {
    name: "sign-in: not remembering is sent to verify_code too",
    async run(ctx) {
      const { page } = ctx;
      await signInScreen(ctx, { secondFactor: true });
      await page.check('[data-testid="remember-nothing"]');
      await page.fill('[data-testid="login"]', "boss");
      await page.fill('[data-testid="password"]', "secret");
      await page.click('[data-testid="submit"]');
      await page.fill('[data-testid="code"]', "123456");
      await page.keyboard.press("Enter");
      await page.waitForSelector('[data-testid="object-row"]');
      const [call] = await calls(page, "verify_code");
      assert.equal(call.args.remember, "nothing");
    },
  },
  {
    name: "start-up: a remembered session that ended opens sign-in with server and login filled",
    async run(ctx) {
      const { page } = ctx;
      await page.addInitScript((last) => localStorage.setItem("trackmate.lastSignIn", JSON.stringify(last)), LAST);
      await open(ctx, { fail: { restore_session: { kind: "session", code: 4, message: "Session expired. Sign in again." } } });
      await page.waitForSelector('[data-testid="signin-form"]');
      assert.match((await page.textContent('[data-testid="signin-error"]')) ?? "", /session has ended/i);
      assert.equal(await page.inputValue('[data-testid="custom-url"]'), LAST.customUrl);
      assert.equal(await page.inputValue('[data-testid="login"]'), LAST.login);
      assert.equal(await page.inputValue('[data-testid="password"]'), "");
    },
  },
];
