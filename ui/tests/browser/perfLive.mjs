// Ad-hoc (not in the suite unless filtered): the page's cost of one change batch of a big fleet in
// Chromium (SwiftShader): the channel message → the first frame; → the live overlay's scene set;
// → its first draw; and the frame intervals while the markers glide.
import { demo } from "./helpers.mjs";

const N = Number(process.env.PERF_OBJECTS ?? 10000);
const MOVED = Number(process.env.PERF_MOVED ?? 2500);

export const perfTests = [
  {
    name: "perf: live batch",
    async run(ctx) {
      const { page } = ctx;
      await demo(ctx, { objects: N });
      await page.waitForSelector('[data-testid="live-indicator"][data-mode="live"]');
      await page.waitForFunction(() => (window.__trackmate?.live?.stats.draws ?? 0) > 0);
      await page.waitForTimeout(2000);
      await page.screenshot({ path: "/tmp/perf-live.png" });
      const base = await page.evaluate(() => new Promise((done) => {
        const map = window.__trackmate.map; const t0 = performance.now(); let n = 0;
        const loop = () => { n++; map.triggerRepaint(); if (performance.now() - t0 < 3000) requestAnimationFrame(loop); else done({ frames: n, msPerFrame: (performance.now() - t0) / n, zoom: map.getZoom() }); };
        requestAnimationFrame(loop);
      }));
      console.log("repaint only:", JSON.stringify(base));
      const cdp = process.env.PERF_PROFILE ? await page.context().newCDPSession(page) : null;
      if (cdp) { await cdp.send("Profiler.enable"); await cdp.send("Profiler.setSamplingInterval", { interval: 500 }); }
      for (let round = 0; round < 4; round++) {
        if (cdp && round === 2) await cdp.send("Profiler.start");
        const r = await page.evaluate(([moved, round]) => new Promise((done) => {
          const ids = [];
          for (let id = 1001; ids.length < moved; id++) if (window.__mockLive.state(id)) ids.push(id);
          const stats = window.__trackmate.live.stats;
          let firstFrame = null;
          const frames = [];
          const t0 = performance.now();
          // One batch: `moved` objects a little north-east, fixes 20 s later.
          const states = ids.map((id) => { const s = window.__mockLive.state(id); return { ...s, status: "moving", lat: s.lat + 0.002 * (round + 1), lng: s.lng + 0.002 * (round + 1), fixTime: new Date(Date.parse(s.fixTime) + 20000).toISOString(), heading: 45 }; });
          const t1 = performance.now();
          window.__mockLive.send({ type: "states", full: false, states, userTime: new Date().toISOString() });
          const sent = performance.now();
          let last = sent;
          const loop = () => {
            const now = performance.now();
            if (firstFrame === null) firstFrame = now - t1;
            frames.push(now - last);
            last = now;
            if (now - t1 < 4000) requestAnimationFrame(loop);
            else {
              frames.sort((a, b) => a - b);
              done({ sendMs: sent - t1, firstFrame, sceneAt: stats.setAt - t1, drawnAt: stats.firstDrawAt && stats.firstDrawAt - t1, frames: frames.length, medFrame: frames[frames.length >> 1], maxFrame: frames[frames.length - 1] });
            }
          };
          requestAnimationFrame(loop);
          void t0;
        }), [MOVED, round]);
        console.log(JSON.stringify(r));
        if (cdp && round === 2) {
          const { profile } = await cdp.send("Profiler.stop");
          const self = new Map();
          const dt = profile.timeDeltas;
          const byId = new Map(profile.nodes.map((n) => [n.id, n]));
          const t = new Map();
          profile.samples.forEach((id, i) => t.set(id, (t.get(id) ?? 0) + (dt[i] ?? 0)));
          for (const [id, us] of t) { const n = byId.get(id); const k = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + us); }
          const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
          for (const [k, us] of top) console.log(`${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
        }
      }
    },
  },
];

const SOAK_S = Number(process.env.PERF_SOAK_S ?? 180);

/** The page's memory under a fast live stream: JS heap after a forced collection, DOM nodes. */
perfTests.push({
  name: "perf: live soak",
  async run(ctx) {
    const { page } = ctx;
    await demo(ctx, { objects: 60, liveAuto: 100, notifyPermission: true });
    await page.waitForSelector('[data-testid="live-indicator"][data-mode="live"]');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("HeapProfiler.enable");
    let nextEvent = 1;
    const sample = async () => {
      await cdp.send("HeapProfiler.collectGarbage");
      const { usedSize } = await cdp.send("Runtime.getHeapUsage");
      const nodes = await page.evaluate(() => document.getElementsByTagName("*").length);
      const { documents, jsEventListeners, nodes: allNodes } = (await cdp.send("Memory.getDOMCounters"));
      return { heapMB: +(usedSize / 1048576).toFixed(2), elements: nodes, documents, listeners: jsEventListeners, allNodes };
    };
    const t0 = Date.now();
    const rows = [];
    while (Date.now() - t0 < SOAK_S * 1000) {
      // An alert every 2 s (the feed refreshes every 30 s).
      await page.evaluate((id) => window.__mockFeed.add({ id: 10_000 + id, objectId: 1001 + (id % 50), time: new Date().toISOString(), event: "speedup", message: `Speed ${100 + id} km/h`, lat: 52.5, lng: 13.4 }), nextEvent++);
      if ((Date.now() - t0) % 30000 < 2100 || rows.length === 0) rows.push({ s: Math.round((Date.now() - t0) / 1000), ...(await sample()) });
      await page.waitForTimeout(2000);
    }
    rows.push({ s: Math.round((Date.now() - t0) / 1000), ...(await sample()) });
    for (const r of rows) console.log(JSON.stringify(r));
    console.log("batches seen:", await page.evaluate(() => window.__trackmate.liveBatches?.length));
  },
});
