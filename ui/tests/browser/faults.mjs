// Browser tests of the faults' banner lines (each kind the client reports gets its own clear
// line, with the certificate's precise reason and the server's Retry-After) and of the sign-in
// form's company CA field (a TLS failure names the reason; the file is picked on the Rust side).
import assert from "node:assert/strict";
import { calls, demo, selectObjectAndTrips, signInScreen } from "./helpers.mjs";

/** Each fault kind as the Rust side reports it, and what its banner line must say. */
const FAULTS = [
  { kind: "connect", message: "Could not connect to the server (Connection refused).", line: /Connection to the server lost/ },
  { kind: "network", message: "The connection closed before the whole reply arrived, after 1024 bytes.", line: /connection broke while the server's reply was arriving/ },
  { kind: "timeout", message: "The server did not answer in time (the reply stopped arriving).", line: /server stopped answering \(no reply, or a reply that stalled\)/ },
  {
    kind: "tls",
    message: "The certificate of fleet.example.com has expired. The server's administrator must renew it.",
    line: /secure connection was refused\. The certificate of fleet\.example\.com has expired/,
  },
  { kind: "rate_limited", message: "Too many requests.", retryAfter: 30, line: /limiting how often .* It asks to wait 30 s before trying again\./ },
  { kind: "unavailable", message: "The server is temporarily unavailable.", retryAfter: 5, line: /temporarily unavailable.* It asks to wait 5 s/ },
  { kind: "server", message: "The server had an internal error (HTTP 500).", line: /server had an internal error/ },
  { kind: "too_large", message: "The server's reply was larger than 1000 MB.", line: /reply was too large to load\. Choose a shorter period/ },
  {
    kind: "redirect",
    message: "The server moved to https://new.example.com/v2 (HTTP 301). Use that as the server address.",
    line: /address has changed\. The server moved to https:\/\/new\.example\.com\/v2/,
  },
];

export const faultTests = [
  {
    name: "banner: every fault kind has its own line, the list stays on screen",
    async run(ctx) {
      const { page } = ctx;
      await demo(ctx);
      await selectObjectAndTrips(page, "Trailer 003");
      let first = true;
      for (const f of FAULTS) {
        const fail = { kind: f.kind, message: f.message, ...(f.retryAfter ? { retryAfter: f.retryAfter } : {}) };
        await page.evaluate((fl) => window.__mockSet({ fail: { list_trips: fl } }), fail);
        // The first failure comes from choosing a period; later ones from the banner's retry.
        if (first) await page.click('[data-testid="period-week"]');
        else await page.click('[data-testid="offline-banner"] button.btn.small:not(.link)');
        first = false;
        await page.waitForSelector(`[data-testid="offline-banner"][data-kind="${f.kind}"]`);
        const text = (await page.textContent('[data-testid="banner-text"]')) ?? "";
        assert.match(text, f.line, `${f.kind}: ${text}`);
        assert.ok((await page.locator('[data-testid="object-row"]').count()) > 0, `${f.kind}: objects stay`);
      }
      await page.screenshot({ path: "/tmp/ui-banner-redirect.png" });
      // Fixed: the next successful call clears the banner.
      await page.evaluate(() => window.__mockSet({ fail: {} }));
      await page.click('[data-testid="offline-banner"] button.btn.small:not(.link)');
      await page.waitForSelector('[data-testid="offline-banner"]', { state: "detached" });
    },
  },
  {
    name: "banner: the lines are translated (ru), the server's reason kept",
    async run(ctx) {
      const { page } = ctx;
      await demo(ctx, { language: "ru" });
      await selectObjectAndTrips(page, "Trailer 003");
      await page.evaluate(() =>
        window.__mockSet({ fail: { list_trips: { kind: "tls", message: "The certificate of fleet.example.com is for another name (other.example.com)." } } }),
      );
      await page.click('[data-testid="period-week"]');
      await page.waitForSelector('[data-testid="offline-banner"][data-kind="tls"]');
      const text = (await page.textContent('[data-testid="banner-text"]')) ?? "";
      assert.match(text, /Защищённое соединение не установлено\. The certificate of fleet\.example\.com is for another name/, text);
    },
  },
  {
    name: "sign-in: a TLS failure names the reason; a company CA file is picked and kept per server",
    async run(ctx) {
      const { page } = ctx;
      await signInScreen(ctx);
      // Hosted presets and plain http:// have no CA field.
      assert.equal(await page.locator('[data-testid="ca-field"]').count(), 0);
      await page.selectOption('[data-testid="preset"]', "custom");
      await page.fill('[data-testid="custom-url"]', "http://fleet.example.com/v2");
      assert.equal(await page.locator('[data-testid="ca-field"]').count(), 0);
      await page.fill('[data-testid="custom-url"]', "https://fleet.example.com/v2");
      await page.waitForSelector('[data-testid="ca-pick"]');

      const reason =
        "The certificate of fleet.example.com is not signed by an authority this computer trusts (it is self-signed or issued by a company CA). If your organisation has its own certificate authority, add its CA certificate file (PEM) when signing in; otherwise check the address.";
      await page.evaluate((message) => window.__mockSet({ fail: { sign_in: { kind: "tls", message, once: true } } }), reason);
      await page.fill('[data-testid="login"]', "boss");
      await page.fill('[data-testid="password"]', "secret");
      await page.click('[data-testid="submit"]');
      await page.waitForSelector('[data-testid="signin-error"]');
      const err = (await page.textContent('[data-testid="signin-error"]')) ?? "";
      assert.match(err, /secure \(TLS\) connection could not be established\. The certificate of fleet\.example\.com is not signed by an authority/, err);

      await page.click('[data-testid="ca-pick"]');
      await page.waitForSelector('[data-testid="ca-kept"]');
      assert.match((await page.textContent('[data-testid="ca-kept"]')) ?? "", /company-ca\.pem \(2 certificates\)/);
      const [pick] = await calls(page, "pick_ca_certificate");
      assert.deepEqual(pick.args, { server: "https://fleet.example.com/v2" }, "the page sends the server, never a path");
      await page.screenshot({ path: "/tmp/ui-signin-ca.png" });

      // Kept per server: another address shows none, the first one shows it again.
      await page.fill('[data-testid="custom-url"]', "https://other.example.com/v2");
      await page.waitForSelector('[data-testid="ca-pick"]');
      await page.fill('[data-testid="custom-url"]', "https://fleet.example.com/v2");
      await page.waitForSelector('[data-testid="ca-kept"]');

      await page.click('[data-testid="submit"]');
      await page.waitForSelector('[data-testid="map"]');
      await page.evaluate(() => window.__mockSet({ fail: {} }));
    },
  },
  {
    name: "sign-in: removing the company CA forgets it for that server",
    async run(ctx) {
      const { page } = ctx;
      await signInScreen(ctx);
      await page.selectOption('[data-testid="preset"]', "custom");
      await page.fill('[data-testid="custom-url"]', "https://fleet.example.com/v2");
      await page.click('[data-testid="ca-pick"]');
      await page.waitForSelector('[data-testid="ca-kept"]');
      await page.click('[data-testid="ca-remove"]');
      await page.waitForSelector('[data-testid="ca-pick"]');
      const [forget] = await calls(page, "forget_ca_certificate");
      assert.deepEqual(forget.args, { server: "https://fleet.example.com/v2" });
    },
  },
];
