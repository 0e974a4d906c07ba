// Ad-hoc (only with PERF_TRACK=1): packed track → first frame showing it, GPU layer vs GeoJSON, in
// Chromium (SwiftShader, not the app's web view), for a 100,000- and a 1,000,000-point period of
// the mock (4 trips). The renderer is switched by localStorage and a reload, in one run. "First
// frame": GPU, the layer's first drawn frame; GeoJSON, the first animation frame in which the line
// layer has rendered features (checked every frame). Both from the moment TrackLayer got the track.
// With PERF_ALLOC=1 too, V8's sampling heap profiler runs over the load and prints where the page
// allocated most, collected or not (how the picking grid's per-edge garbage was found; the
// profiler slows the load, so the timings of such a run are not comparable). With PERF_CPU=N,
// the CPU profiler samples the page every 0.1 ms from the click to the first frame and prints, in
// order, each run of ≥ 1 ms under the same N outer frames (build the UI unminified to read the
// names: `npx vite build --minify false`).
import { demo, selectObjectAndTrips, waitTrackDrawn } from "./helpers.mjs";

async function measure(ctx, renderer, perTrip) {
  const { page } = ctx;
  await page.addInitScript((r) => localStorage.setItem("trackmate.trackRenderer", r), renderer);
  await demo(ctx, { trackPoints: perTrip, loadDelay: 10 });
  await selectObjectAndTrips(page, "Van 005");
  await page.evaluate(() => {
    window.__gaps = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__gaps.push(Math.round(e.duration)); }).observe({ type: "longtask" });
    window.__firstFrame = new Promise((done) => {
      const tick = () => {
        const tm = window.__trackmate;
        const at = tm.trackShownAt;
        const drawn = tm.trackRenderer === "gpu"
          ? (tm.trackDrawn?.frames ?? 0) > 0
          : at !== undefined && tm.map.getLayer("track-line") && tm.map.queryRenderedFeatures({ layers: ["track-line"] }).length > 0;
        if (at !== undefined && drawn) done(performance.now() - at);
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
  });
  const cdp = process.env.PERF_ALLOC ? await startAllocations(page) : null;
  const cpu = process.env.PERF_CPU ? await startCpu(page) : null;
  await page.click('[data-testid="whole-period"]');
  const ms = await page.evaluate(() => window.__firstFrame);
  if (cdp) await printAllocations(page, cdp);
  if (cpu) await printCpu(cpu);
  // When each part of the load reached the page and what ran after it (testMark), from the load's start.
  const stages = await page.evaluate(() => {
    const tm = window.__trackmate;
    const asked = (tm.loadStages || []).filter((s) => s.what === "asked").pop();
    const own = (tm.loadStages || []).filter((s) => asked && s.at > asked.at);
    return own.map((s) => `${s.what}${s.points !== undefined ? " " + s.points : ""} @${Math.round(s.at - asked.at)}`);
  });
  console.log(`     ${renderer} ${4 * perTrip} points, ms from the load's start: ${stages.join(", ")}`);
  await waitTrackDrawn(page);
  const r = await page.evaluate(() => ({ gaps: window.__gaps, drawn: window.__trackmate.trackDrawn, stats: window.__trackmate.trackStats }));
  console.log(`     ${renderer} ${4 * perTrip} points: first frame ${Math.round(ms)} ms after the track reached the layer; long tasks ${JSON.stringify(r.gaps)}; vertices ${r.drawn.vertices}`);
}

async function startCpu(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
  await cdp.send("Profiler.start");
  return cdp;
}

/** Where the page's thread was from the click to the first frame: the samples in order, each
 * run of samples under one outer function (the frame right under the task's root) with its ms. */
async function printCpu(cdp) {
  const { profile } = await cdp.send("Profiler.stop");
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (id) => {
    const f = byId.get(id).callFrame;
    return `${f.functionName || "(anon)"}:${f.lineNumber + 1}`;
  };
  const stack = (id) => {
    const s = [];
    for (let x = id; x !== undefined; x = parent.get(x)) s.unshift(name(x));
    return s;
  };
  const runs = [];
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i];
    const s = stack(id).slice(1);
    if (s[0] === "(idle):0" || s[0] === "(program):0") return;
    const depth = Number(process.env.PERF_CPU) || 6;
    const key = s.slice(0, depth).join(" > ");
    const last = runs[runs.length - 1];
    if (last && last.key === key && t - last.end < 1000) { last.end = t; last.n++; }
    else runs.push({ key, start: t, end: t, n: 1 });
  });
  const t0 = runs[0]?.start ?? 0;
  for (const r of runs) if (r.n >= 10) console.log(`     @${((r.start - t0) / 1000).toFixed(1)} ${(r.n / 10).toFixed(1)} ms  ${r.key}`);
}

async function startAllocations(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.enable");
  await cdp.send("HeapProfiler.startSampling", { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  return cdp;
}

/** The load's allocations by their three innermost frames, largest first (the mock's included). */
async function printAllocations(page, cdp) {
  await waitTrackDrawn(page);
  const { profile } = await cdp.send("HeapProfiler.stopSampling");
  const bySite = new Map();
  let total = 0;
  const walk = (node, path) => {
    const f = node.callFrame;
    const here = [`${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber}`, ...path].slice(0, 3);
    if (node.selfSize) {
      total += node.selfSize;
      const k = here.join(" < ");
      bySite.set(k, (bySite.get(k) ?? 0) + node.selfSize);
    }
    for (const c of node.children) walk(c, here);
  };
  walk(profile.head, []);
  console.log(`     allocated during the load: ${(total / 1e6).toFixed(1)} MB`);
  for (const [k, v] of [...bySite.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`     ${(v / 1e6).toFixed(1).padStart(7)} MB  ${k}`);
}

export const perfTrackTests = [25000, 250000].flatMap((perTrip) => ["gpu", "geojson"].map((renderer) => ({
  name: `perf: track ${renderer} ${4 * perTrip} points`,
  run: (ctx) => measure(ctx, renderer, perTrip),
})));
