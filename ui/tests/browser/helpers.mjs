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

/** Which renderer draws the track ("gpu" | "geojson"), as TrackLayer reports it in test mode. */
export const trackRenderer = (page) => page.evaluate(() => window.__trackmate?.trackRenderer ?? null);

/**
 * Evidence that the track is on screen, in the page: GeoJSON — the line layer's rendered features;
 * GPU (a custom layer has no features) — pixels of the map's canvas (kept in test mode,
 * preserveDrawingBuffer) at the track's own points that show one of the track's speed colours.
 * Returns { renderer, count, looked }: features, or pixels that matched out of points in view;
 * with `enough`, whether that is enough to call the track drawn (GeoJSON: a feature; GPU: a third
 * of its points in view, at least one). One function for both, as the page's CSP allows no eval.
 */
function trackEvidence(enough = false) {
  const verdict = (e) => (!enough ? e : e.renderer === "geojson" ? e.count > 0 : e.count > 0 && e.count >= e.looked / 3);
  const tm = window.__trackmate;
  const map = tm?.map;
  if (!map) return verdict({ renderer: null, count: 0, looked: 0 });
  if (tm.trackRenderer === "geojson") {
    const count = map.getLayer("track-line") ? map.queryRenderedFeatures({ layers: ["track-line"] }).length : 0;
    return verdict({ renderer: "geojson", count, looked: count });
  }
  const drawn = tm.trackDrawn;
  const sample = tm.trackSample?.(400);
  if (!drawn || !(drawn.frames > 0) || !sample) return verdict({ renderer: "gpu", count: 0, looked: 0 });
  const src = map.getCanvas();
  const c = document.createElement("canvas");
  c.width = src.width;
  c.height = src.height;
  const g = c.getContext("2d", { willReadFrequently: true });
  g.drawImage(src, 0, 0);
  const data = g.getImageData(0, 0, c.width, c.height).data;
  const ratio = src.width / src.clientWidth;
  const rgb = drawn.colors.map((h) => [1, 3, 5].map((k) => parseInt(h.slice(k, k + 2), 16)));
  let count = 0, looked = 0;
  for (let k = 0; k < sample.lng.length; k++) {
    const p = map.project([sample.lng[k], sample.lat[k]]);
    const x = Math.floor(p.x * ratio), y = Math.floor(p.y * ratio);
    if (x < 0 || y < 0 || x >= c.width || y >= c.height) continue;
    looked++;
    const at = 4 * (y * c.width + x);
    if (rgb.some(([r, gg, b]) => Math.abs(data[at] - r) + Math.abs(data[at + 1] - gg) + Math.abs(data[at + 2] - b) <= 24)) count++;
  }
  return verdict({ renderer: "gpu", count, looked });
}

/** How much of the track is seen drawn (> 0 when it is on screen); see trackEvidence. */
export async function renderedTrack(page) {
  return (await page.evaluate(trackEvidence, false)).count;
}

/** Waits until the track is on screen: GeoJSON, rendered features; GPU, a third of its points
 * in view (at least one) showing a speed colour in the canvas's pixels. */
export async function waitTrackDrawn(page) {
  await page.waitForFunction(trackEvidence, true, { timeout: 15000, polling: 100 });
}

/** Waits until the track is drawn in the detail of the map's zoom after a zoom: GeoJSON, the
 * geometry rebuilt for the viewed area; GPU, a frame drawn from the zoom's own level. */
export async function waitTrackDetail(page) {
  await page.waitForFunction(() => {
    const tm = window.__trackmate;
    if (tm.trackRenderer === "geojson") return tm.trackStats?.area === 1;
    const level = Math.max(0, Math.min(17, Math.floor(tm.map.getZoom())));
    return tm.trackDrawn?.level === level;
  }, null, { timeout: 15000 });
  await waitTrackDrawn(page);
}

/** The speed colours of the shown track: the line's features (GeoJSON) or the track's buckets as
 * the GPU layer reports them. */
export const trackColors = (page) =>
  page.evaluate(() => {
    const tm = window.__trackmate;
    if (tm.trackRenderer === "geojson") return tm.map.queryRenderedFeatures({ layers: ["track-line"] }).map((f) => f.properties.color);
    return tm.trackDrawn?.colors ?? [];
  });
