"""Benchmark of the real app's web view (WebKitGTK, driven through tauri-driver like test_app.py)
against a scale-mode trackmate-sim: for each point count,

  (a) command → drawn: from the "Whole period" click to the first frame with a window of the
      track (GPU path: windows are drawn as they are read), to the first frame with the whole
      track line rendered (and to the map being idle after the fit animation), with the track build's own
      timings (window.__trackmate.trackStats, TrackLayer.svelte);
  (b) pan frame rate: 3 s linear map.panBy animations, frames counted with requestAnimationFrame
      (frames per second and the longest frame): before the track is loaded (baseline), over the
      whole track at its fitted zoom (there and back), and 3 zoom levels closer;
  (c) replay: the whole track played at ×60 for 5 s with the chart shown, follow mode off and
      on; frames counted by the replay's own requestAnimationFrame loop (fps, p95 and longest
      frame; window.__trackmate.replay.frameStats, ui/src/replay/frameStats.ts);
  (d) idle memory: RSS (and PSS) from /proc of the app process and of its WebKit processes after
      10 s idle with the map shown and no track yet, again 10 s after the track is shown and
      fitted, and after the pans, zooms and replays both 10 s and a minute later (their garbage,
      ~150 MB of it on llvmpipe, is collected some 20-30 s after them, not at a fixed time); beside
      them, once a run, MiniBrowser on about:blank (WebKitGTK's floor, as bench_signin.py) and
      MiniBrowser showing a bare MapLibre map (the floor of any page with this map).

Run through bench.sh (release builds, Xvfb, private D-Bus). Prints a Markdown table.
"""

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import shutil
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_app import App, SIM, free_port, sign_in, wait_port  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

# In-page probe (either renderer: GeoJSON, the line's features rendered; GPU, a frame the custom
# layer drew with the track's points): clicks "Whole period" and records, with performance.now(), when the track
# summary shows (the load_track reply is in), when the layer got its data (trackStats), on the GPU
# path the first frame with a window of the track being read, the first rendered frame with the
# whole track, and the next idle map (after the 400 ms fit).
MEASURE_LOAD = r"""
const tm = window.__trackmate, m = tm.map;
const r = window.__bench = { done: false, error: null };
tm.trackStats = undefined;
const t0 = performance.now();
const since = () => Math.round(performance.now() - t0);
const fail = (e) => { r.error = String(e && e.stack || e); r.done = true; };
function onRender() {
  try {
    const gpu = tm.trackRenderer === 'gpu';
    // The GPU path draws the windows of the track as they come: the first such frame.
    if (r.window === undefined && gpu && tm.trackDrawn?.windows > 0) r.window = since();
    // Each frame that drew one more window (the last of them shows the whole line, in parts).
    while (gpu && tm.trackDrawn?.windows > (r.windowsDrawn ||= []).length) r.windowsDrawn.push(since());
    const drawn = gpu ? (tm.trackDrawn?.points > 0 && tm.trackDrawn.frames > 0 && !tm.trackDrawn.windows)
      : (m.isSourceLoaded('track-lines') && m.queryRenderedFeatures({ layers: ['track-line'] }).length > 0);
    if (r.drawn === undefined && tm.trackStats && drawn) {
      r.drawn = since();
      m.off('render', onRender);
      m.once('idle', () => {
        r.idle = since(); r.stats = tm.trackStats; r.frame = tm.trackDrawn;
        // When each part of the load reached the page and what ran after it (testMark, test
        // mode), from the click.
        const last = (tm.loadStages || []).filter(s => s.what === 'asked').pop();
        r.stages = (tm.loadStages || []).filter(s => last && s.at >= last.at).map(s => `${s.what}${s.points !== undefined ? ' ' + s.points : ''} @${Math.round(s.at - t0)}`);
        r.done = true;
      });
      m.triggerRepaint();
    }
  } catch (e) { m.off('render', onRender); fail(e); }
}
function poll() {
  if (r.done) return;
  if (r.summary === undefined && document.querySelector('[data-testid=track-summary]')) r.summary = since();
  if (r.built === undefined && tm.trackStats) { r.built = since(); m.triggerRepaint(); }
  if (document.querySelector('[data-testid=track-error]')) return fail('track error: ' + document.querySelector('[data-testid=track-error]').textContent);
  requestAnimationFrame(poll);
}
m.on('render', onRender);
requestAnimationFrame(poll);
document.querySelector('[data-testid=whole-period]').click();
"""

# In-page probe: a linear panBy over `ms`, every requestAnimationFrame timestamp recorded.
MEASURE_PAN = r"""
const [dx, dy, ms] = arguments;
const m = window.__trackmate.map;
const r = window.__bench = { done: false, frames: [] };
let running = true;
function frame(ts) { r.frames.push(ts); if (running) requestAnimationFrame(frame); }
requestAnimationFrame((ts) => {
  r.frames.push(ts);
  m.once('moveend', () => { running = false; r.end = performance.now(); setTimeout(() => { r.done = true; }, 50); });
  m.panBy([dx, dy], { duration: ms, easing: (t) => t });
  requestAnimationFrame(frame);
});
"""


# The track drawn in the detail of the zoom: GeoJSON, the area's finer geometry built; GPU, a
# frame from the zoom's own level (as the browser tests' waitTrackDetail).
ZOOMED_DRAWN = r"""
const t = window.__trackmate;
if (t.map.isMoving()) return false;
if (t.trackRenderer !== 'gpu') return t.trackStats.area === 1;
return t.trackDrawn?.level === Math.max(0, Math.min(17, Math.floor(t.map.getZoom())));
"""


def wait_bench(app, timeout):
    end = time.time() + timeout
    while time.time() < end:
        r = app.d.execute_script("return window.__bench;")
        if r and r.get("done"):
            if r.get("error"):
                raise RuntimeError(r["error"])
            return r
        time.sleep(0.2)
    raise TimeoutError("benchmark probe did not finish")


def pan(app, dx, dy, ms=3000):
    app.d.execute_script(MEASURE_PAN, dx, dy, ms)
    r = wait_bench(app, ms / 1000 + 60)
    ts = [t for t in r["frames"] if t <= r["end"]]
    deltas = [b - a for a, b in zip(ts, ts[1:])]
    span = ts[-1] - ts[0]
    return {"fps": round(len(deltas) * 1000 / span, 1) if span > 0 else 0.0, "longest_ms": round(max(deltas), 1) if deltas else None, "frames": len(deltas), "span_ms": round(span)}


def both(a, b):
    """Two pans as one: frames over their summed duration, the longer of the longest frames."""
    frames, span = a["frames"] + b["frames"], a["span_ms"] + b["span_ms"]
    return {"fps": round(frames * 1000 / span, 1) if span else 0.0, "longest_ms": max(a["longest_ms"] or 0, b["longest_ms"] or 0), "frames": frames, "span_ms": span}


# In-page probe: the web view's own frame rate for `ms`: requestAnimationFrame with nothing changing,
# or moving a small div across the map every frame (what the replay marker costs at the least).
MEASURE_RAF = r"""
const [ms, move] = arguments;
const r = window.__bench = { done: false, frames: [] };
const box = document.createElement('div');
if (move) {
  Object.assign(box.style, { position: 'absolute', left: '0', top: '0', width: '20px', height: '20px', background: '#2563eb', borderRadius: '50%', zIndex: 4, willChange: 'transform' });
  document.querySelector('[data-testid=map]').appendChild(box);
}
const t0 = performance.now();
function frame(ts) {
  r.frames.push(ts);
  if (move) box.style.transform = `translate(${(ts - t0) / 10 % 400}px, ${(ts - t0) / 20 % 300}px)`;
  if (ts - t0 < ms) requestAnimationFrame(frame); else { box.remove(); r.end = ts; r.done = true; }
}
requestAnimationFrame(frame);
"""


def raf_fps(app, move, ms=3000):
    app.d.execute_script(MEASURE_RAF, ms, move)
    r = wait_bench(app, ms / 1000 + 30)
    ts = r["frames"]
    deltas = [b - a for a, b in zip(ts, ts[1:])]
    span = ts[-1] - ts[0] if len(ts) > 1 else 0
    return {"fps": round(len(deltas) * 1000 / span, 1) if span else 0.0, "longest_ms": round(max(deltas), 1) if deltas else None}


def replay_fps(app, follow, seconds=5.0):
    """Plays the shown track from its start for `seconds` and returns the replay's frame stats."""
    box = app.find("replay-follow")
    if box.is_selected() != follow:
        box.click()
    app.d.execute_script("const r = window.__trackmate.replay; r.pause(); r.seek(r.state().start); r.resetFrameStats(); r.play();")
    time.sleep(seconds)
    stats = app.d.execute_script("const r = window.__trackmate.replay; const s = r.frameStats(); r.pause(); return s;")
    return {"fps": stats["fps"], "p95_ms": stats["p95Ms"], "longest_ms": stats["maxMs"], "frames": stats["frames"]}


def proc_tree(root):
    """pid → (ppid, comm, exe) of `root` and all its descendants."""
    procs = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
            comm = stat[stat.index("(") + 1 : stat.rindex(")")]
            ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
            try:
                exe = os.readlink(f"/proc/{pid}/exe")
            except OSError:
                exe = ""
            procs[int(pid)] = (ppid, comm, exe)
        except (OSError, ValueError):
            continue
    keep, frontier = {}, [root]
    while frontier:
        p = frontier.pop()
        if p in procs and p not in keep:
            keep[p] = procs[p]
            frontier.extend(c for c, v in procs.items() if v[0] == p)
    return keep


def mem_mb(pid):
    """(RSS, PSS) in MB; PSS splits shared pages (libraries, GL) between the processes using them."""
    rss = pss = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return round(rss / 1024), round(pss / 1024)


def web_maps(app):
    """The web process's RSS by kind of mapping, MB: where a growth lives. `heap` is glibc's
    main arena, `anon` every other anonymous mapping (JavaScriptCore's heap, malloc's other arenas,
    Mesa's buffers), `shm` shared memory (the compositor's buffers), `files` the libraries."""
    return web_maps_under(app.driver_proc.pid)


def web_maps_under(root):
    """[`web_maps`] of the web processes under process `root`."""
    kinds = {"heap": 0, "anon": 0, "shm": 0, "files": 0}
    for _perms, name, _size, rss in web_mappings(root):
        kind = ("heap" if name == "[heap]" else "anon" if name in ("", "[anon]") or name.startswith("[anon:")
                else "shm" if name.startswith(("/memfd:", "/dev/shm", "/SYSV", "/dev/dri")) else "files")
        kinds[kind] += rss
    return {k: round(v / 1024) for k, v in kinds.items()}


def web_mappings(root):
    """(perms, name, size KB, RSS KB) of every mapping of the web processes under `root`."""
    out = []
    for pid, (_, comm, exe) in proc_tree(root).items():
        if "WebKitWebProces" not in (os.path.basename(exe) or comm):
            continue
        current = None
        with open(f"/proc/{pid}/smaps") as f:
            for line in f:
                head = line.split()
                if head and "-" in head[0] and not head[0].endswith(":") and len(head) >= 5:
                    lo, hi = (int(x, 16) for x in head[0].split("-"))
                    current = [head[1], head[5] if len(head) > 5 else "", (hi - lo) // 1024, 0]
                    out.append(current)
                elif head and head[0] == "Rss:" and current:
                    current[3] = int(head[1])
    return out


def memory(app):
    groups = {"app": [0, 0, 0], "web": [0, 0, 0], "network": [0, 0, 0]}
    for pid, (_, comm, exe) in proc_tree(app.driver_proc.pid).items():
        # A rebuilt binary leaves the running one as "… (deleted)".
        name = os.path.basename(exe).removesuffix(" (deleted)") or comm
        kind = "app" if name == "trackmate-app" else "web" if "WebKitWebProces" in name else "network" if "WebKitNetworkPr" in name else None
        if kind is None:
            continue
        rss, pss = mem_mb(pid)
        g = groups[kind]
        g[0] += rss
        g[1] += pss
        g[2] += 1
    return {k: {"rss_mb": v[0], "pss_mb": v[1], "processes": v[2]} for k, v in groups.items()}


# Set in the page's localStorage before sign-in (`--local-storage K=V`): a diagnosis run's
# setting, e.g. trackmate.layout={"chart":true} to fold the chart away.
LOCAL_STORAGE = {}


def start_sim(points, extra=()):
    """The emulator with a scale tracker of `points` points in the last day (and `extra`
    arguments, e.g. faults); its process, API URL and the scale tracker's id."""
    port = free_port()
    proc = subprocess.Popen([SIM, "--port", str(port), "--scale-points", str(points), *extra], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    scale_id = None
    for line in proc.stdout:
        m = re.search(r"scale tracker: (\d+)", line)
        if m:
            scale_id = int(m.group(1))
        if "admin:" in line:
            break
    wait_port(port)
    return proc, f"http://127.0.0.1:{port}/v2", scale_id


def run_one(points, idle_s, pan_ms, renderer, settle_s=60.0):
    sim, url, scale_id = start_sim(points)
    profile = tempfile.mkdtemp(prefix="trackmate-bench-")
    app = None
    try:
        app = App(profile)
        app.d.set_script_timeout(600)
        app.d.execute_script("window.__TRACKMATE_TEST__ = true;")
        # The track layer reads its renderer when it mounts, with the map after sign-in.
        app.d.execute_script("localStorage.setItem('trackmate.trackRenderer', arguments[0]);", renderer)
        for key, value in LOCAL_STORAGE.items():
            app.d.execute_script("localStorage.setItem(arguments[0], arguments[1]);", key, value)
        sign_in(app, url, "demo@trackmate.app", "demo", remember=False)
        WebDriverWait(app.d, 120).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="object-row"]'))
        WebDriverWait(app.d, 60).until(lambda d: d.execute_script("const t = window.__trackmate; return !!(t && t.map && (t.map.getLayer('track-line') || t.map.getLayer('track-gpu')));"))
        app.type("object-search", "Scale test")
        row = WebDriverWait(app.d, 30).until(lambda d: next(iter(d.find_elements(By.CSS_SELECTOR, f'[data-testid="object-row"][data-id="{scale_id}"]')), None))
        row.click()
        app.find("period-week").click()
        # The period's trip list is in (the scale tracker has one long trip).
        WebDriverWait(app.d, 300).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="trip-row"]') or d.find_elements(By.CSS_SELECTOR, '[data-testid="no-trips"]'))
        WebDriverWait(app.d, 60).until(lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="whole-period"]').is_enabled())
        time.sleep(2)  # let the trip list and the object states settle
        # Baseline: the same pans before any track is loaded (objects layer and background only).
        pan_empty = both(pan(app, 300, 150, pan_ms), pan(app, -300, -150, pan_ms))
        # The map with no track, left alone as long as the track will be: what the track adds
        # is the difference (issue 16 bounds the whole against MiniBrowser's floor).
        time.sleep(idle_s)
        mem_no_track = memory(app)
        maps_no_track = web_maps(app)

        app.d.execute_script(MEASURE_LOAD)
        load = wait_bench(app, 600)
        stats = load.get("stats") or {}
        # The track open and fitted, nothing else done: left alone as long as the map was. The
        # figure after the pans, the zooms and the replays below also holds the map tiles and
        # the finer levels they brought.
        time.sleep(idle_s)
        mem_open = memory(app)
        pan_fit = pan(app, 300, 150, pan_ms)
        pan_back = pan(app, -300, -150, pan_ms)
        # Closer in: the layer rebuilds finer geometry for the area after the zoom. Three zooms
        # closer than the whole track's geometry was built for (the fitted view can be further
        # out than that: the panels that came with the track took room).
        fitted_zoom = app.d.execute_script("const t = window.__trackmate, m = t.map, z = m.getZoom(); m.jumpTo({zoom: Math.max(z, t.trackStats.zoom) + 3}); return z;")
        try:
            WebDriverWait(app.d, 120).until(lambda d: d.execute_script(ZOOMED_DRAWN))
        except Exception:
            state = app.d.execute_script("const t = window.__trackmate; return {zoom: t.map.getZoom(), moving: t.map.isMoving(), stats: t.trackStats, drawn: t.trackDrawn, renderer: t.trackRenderer};")
            raise RuntimeError(f"the zoomed track was not drawn: {json.dumps(state)}")
        time.sleep(2)
        zoomed_stats = app.d.execute_script("return window.__trackmate.trackStats;")
        pan_zoomed = pan(app, 300, 150, pan_ms)
        app.d.execute_script("window.__trackmate.map.jumpTo({zoom: arguments[0]});", fitted_zoom)
        time.sleep(1)
        raf_idle = raf_fps(app, move=False)
        raf_div = raf_fps(app, move=True)
        replay_still = replay_fps(app, follow=False)
        replay_follow = replay_fps(app, follow=True)
        app.shot(f"bench-{points}.png")
        time.sleep(idle_s)
        mem = memory(app)
        # JavaScriptCore collects what the interactions left (MapLibre's tiles and buckets, the
        # finer level's arrays) some 20-30 s after them: the figure a user's idle app settles at.
        time.sleep(max(0.0, settle_s - idle_s))
        mem_settled = memory(app)
        assert app.d.execute_script("return window.__trackmate.trackRenderer;") == renderer, "the renderer asked for"
        return {
            "renderer": renderer,
            "points": points,
            "vertices": stats.get("vertices") or (load.get("frame") or {}).get("vertices"),
            "summary_ms": load.get("summary"),
            "built_ms": load.get("built"),
            "build_ms": stats.get("buildMs"),
            "setdata_ms": stats.get("setDataMs"),
            "window_ms": load.get("window"),
            "every_window_ms": every_window(load, points),
            "stages": (load.get("stages") or []) + [f"window {i + 1} drawn @{t}" for i, t in enumerate(load.get("windowsDrawn") or [])],
            "drawn_ms": load.get("drawn"),
            "idle_ms": load.get("idle"),
            "pan_no_track": pan_empty,
            "pan": both(pan_fit, pan_back),
            "zoomed_stats": zoomed_stats,
            "pan_zoomed": pan_zoomed,
            "raf_idle": raf_idle,
            "raf_div": raf_div,
            "replay": replay_still,
            "replay_follow": replay_follow,
            "memory": mem,
            "memory_settled": mem_settled,
            "memory_no_track": mem_no_track,
            "memory_open": mem_open,
            "web_maps": web_maps(app),
            "web_maps_no_track": maps_no_track,
        }
    finally:
        if app:
            app.quit()
        sim.terminate()
        sim.wait(10)
        shutil.rmtree(profile, ignore_errors=True)


def every_window(load, points):
    """The frame in which the GPU path had drawn every window of the track being read: the whole
    line on screen, in parts (the joined track, drawn next, looks the same). None when the
    windows' points do not add up to the track's or not all were drawn as windows."""
    sizes = [int(s.split()[1]) for s in load.get("stages") or [] if s.startswith("window ")]
    drawn = load.get("windowsDrawn") or []
    if sizes and sum(sizes) == points and len(drawn) >= len(sizes):
        return drawn[len(sizes) - 1]
    return None


def table(rows):
    out = [
        "| renderer | points | line vertices | click → IPC reply shown (ms) | → geometry built (ms) (build / setData) | → first window on screen (ms) | → every window on screen: the whole line (ms) | → first frame with the whole track joined (ms) | → map idle after fit (ms) | pan fps, no track yet (longest frame ms) | pan fps, whole track (longest frame ms) | pan fps, 3 zooms closer (longest frame ms) | app RSS MB | web process RSS MB | network process RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        m = r["memory"]
        out.append(
            f"| {r['renderer']} | {r['points']} | {r['vertices']} | {r['summary_ms']} | {r['built_ms']} ({r['build_ms']} / {r['setdata_ms']}) | {r.get('window_ms') or '—'} | {r.get('every_window_ms') or '—'} | {r['drawn_ms']} | {r['idle_ms']} "
            f"| {r['pan_no_track']['fps']} ({r['pan_no_track']['longest_ms']}) | {r['pan']['fps']} ({r['pan']['longest_ms']}) | {r['pan_zoomed']['fps']} ({r['pan_zoomed']['longest_ms']}) "
            f"| {m['app']['rss_mb']} | {m['web']['rss_mb']} | {m['network']['rss_mb']} |"
        )
    out.append("")
    for r in rows:
        out.append(f"- {r['renderer']} {r['points']}: the load's stages in the page (ms from the click): {', '.join(r.get('stages') or [])}")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--points", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--idle", type=float, default=10.0, help="seconds idle before reading memory")
    ap.add_argument("--settle", type=float, default=60.0, help="seconds after the interactions for the settled memory")
    ap.add_argument("--pan-ms", type=int, default=3000)
    ap.add_argument("--renderer", nargs="+", choices=["geojson", "gpu"], default=["geojson", "gpu"],
                    help="the track renderers, each run in turn for each size (side by side, one run)")
    ap.add_argument("--json", help="also write the raw results here")
    ap.add_argument("--local-storage", action="append", default=[], metavar="K=V",
                    help="set in the page's localStorage before sign-in (a diagnosis run)")
    args = ap.parse_args()
    LOCAL_STORAGE.update(kv.split("=", 1) for kv in args.local_storage)
    rows = []
    # WebKitGTK's own floor in the same run: MiniBrowser on about:blank (bench_signin.py).
    from bench_signin import one as floor_of  # noqa: E402 (it imports from this module)
    floor = floor_of("minibrowser", args.idle)
    # And the engine's floor for a page with this map: MiniBrowser showing a bare MapLibre map.
    map_floor = floor_of("maplibre", args.idle)
    for n in args.points:
        for renderer in args.renderer:
            r = run_one(n, args.idle, args.pan_ms, renderer, args.settle)
            print(json.dumps(r), file=sys.stderr, flush=True)
            rows.append(r)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=2)
    print(f"\nMachine: {os.cpu_count()} cores, {platform.platform()}; app {os.environ.get('TRACKMATE_APP', 'debug build')}\n")
    print(table(rows))
    print("\n| points | rAF, nothing changing fps | rAF moving one div fps | replay ×60 fps (p95 / longest frame ms) | replay ×60 with follow fps (p95 / longest ms) |\n|---:|---:|---:|---:|---:|")
    for r in rows:
        a, b = r["replay"], r["replay_follow"]
        print(f"| {r['points']} | {r['raf_idle']['fps']} | {r['raf_div']['fps']} | {a['fps']} ({a['p95_ms']} / {a['longest_ms']}) | {b['fps']} ({b['p95_ms']} / {b['longest_ms']}) |")
    print("\nMemory (RSS / PSS MB, processes): " + "; ".join(
        f"{r['points']}: " + ", ".join(f"{k} {v['rss_mb']} / {v['pss_mb']} ({v['processes']})" for k, v in r["memory"].items()) for r in rows))
    print(f"\nAgainst the floor (MiniBrowser on about:blank, same run: RSS {floor['rss']} / PSS {floor['pss']} MB, {floor['processes']} processes)\n")
    print("| renderer | points | map, no track: app / web / network RSS MB | all, RSS / PSS MB | over the floor | the track open, fitted: app / web / network RSS MB | all, RSS / PSS MB | over the floor | after pans, zooms and replays: app / web / network RSS MB | all, RSS / PSS MB | over the floor | a minute after them: app / web / network RSS MB | all, RSS / PSS MB | over the floor |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        cells = []
        for m in (r["memory_no_track"], r["memory_open"], r["memory"], r["memory_settled"]):
            rss = sum(v["rss_mb"] for v in m.values())
            pss = sum(v["pss_mb"] for v in m.values())
            parts = " / ".join(str(m[k]["rss_mb"]) for k in ("app", "web", "network"))
            cells += [parts, f"{rss} / {pss}", f"+{rss - floor['rss']} / +{pss - floor['pss']}"]
        print(f"| {r['renderer']} | {r['points']:,} | " + " | ".join(cells) + " |")
    print(f"\nThe bare map's floor (MiniBrowser showing MapLibre with a background and two dozen dots, same run): RSS {map_floor['rss']} / PSS {map_floor['pss']} MB "
          f"(+{map_floor['rss'] - floor['rss']} / +{map_floor['pss'] - floor['pss']} over about:blank; web process {map_floor['parts'].get('web', 0)} MB RSS)")
    print(f"- the bare map's web process by kind of mapping, RSS MB: {map_floor['web_maps']}")
    for r in rows:
        m = r["memory_no_track"]
        rss, pss = sum(v["rss_mb"] for v in m.values()), sum(v["pss_mb"] for v in m.values())
        print(f"- {r['renderer']} {r['points']:,}: the app's map with no track is +{rss - map_floor['rss']} / +{pss - map_floor['pss']} MB over the bare map; "
              f"its web process by kind of mapping, RSS MB: {r['web_maps_no_track']}, with the track {r['web_maps']}")


if __name__ == "__main__":
    main()
