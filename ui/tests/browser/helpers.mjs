// Shared steps of the browser tests: open the app with the IPC mock, sign in to the demo, pick an
// object and its trips, wait for the track to be drawn, read the recorded IPC calls.

/** Opens the app with the IPC mock steered by `config`. */
export async function open(ctx, config = {}) {
  const { page, baseUrl, mockPath } = ctx;
  await page.addInitScript(`window.__MOCK__ = ${JSON.stringify(config)};`);
  await page.addInitScript({ path: mockPath });
  await page.goto(baseUrl);
}

export const calls = (page, cmd) => page.evaluate((c) => window.__ipcCalls.filter((x) => x.cmd === c), cmd);

export async function signInScreen(ctx, config = {}) {
  await open(ctx, config);
  await ctx.page.waitForSelector('[data-testid="signin-form"]');
}

export async function demo(ctx, config = {}) {
  await signInScreen(ctx, config);
  await ctx.page.click('[data-testid="demo"]');
  await ctx.page.waitForSelector('[data-testid="object-row"]');
}

export async function selectObjectAndTrips(page, label = "Truck 001") {
  await page.fill('[data-testid="object-search"]', label);
  await page.click(`[data-testid="object-row"]:has-text("${label}")`);
  await page.waitForSelector('[data-testid="trip-row"]');
}

/** Rendered features of the track line (through the test hook on window). */
export async function renderedTrack(page) {
  return page.evaluate(() => {
    const map = window.__trackmate?.map;
    if (!map || !map.getLayer("track-line")) return 0;
    return map.queryRenderedFeatures({ layers: ["track-line"] }).length;
  });
}

export async function waitTrackDrawn(page) {
  await page.waitForFunction(() => {
    const map = window.__trackmate?.map;
    return !!map && !!map.getLayer("track-line") && map.queryRenderedFeatures({ layers: ["track-line"] }).length > 0;
  }, null, { timeout: 15000 });
}
