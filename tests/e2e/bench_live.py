"""Live fleet benchmarks of the real app's web view (WebKitGTK through tauri-driver, Xvfb), against
trackmate-sim streaming its WebSocket:

  batch: a fleet of N objects (default 10,000, `--scale-fleet`); after the full first batch, the
      emulator's clock is moved a minute at a time and each change batch is timed in the page:
      arrival (the channel message) → merged into the states (`mergeMs`) → the markers' source
      handed the new positions (`setData`/`updateData`) → the data processed by MapLibre's worker
      → the frame drawn with it (MapLibre's `render`). Medians and ranges.
  soak: the demo fleet (12 objects) streamed for `--soak-min` minutes (60 for the record), the
      feed refreshed by the page every 30 s; RSS and PSS of the app's processes every minute, and
      every notification the page raised (window.__trackmate.notified, test mode) against the
      fresh events: none twice, none lost. With `--soak-speed K` the emulator's clock runs K
      times faster (more events in the hour), moved from outside once a second.

Run through `bash tests/e2e/bench.sh live …` (release builds, Xvfb, private D-Bus). Prints Markdown tables.
"""

import argparse
import contextlib
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import shutil
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_app import App, SIM, free_port, sign_in, wait_port  # noqa: E402
from bench_webview import memory, web_maps  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

ALMATY = datetime.timezone(datetime.timedelta(hours=5))


def start_sim(args):
    port = free_port()
    proc = subprocess.Popen([SIM, "--port", str(port), "--seed", "7", "--heartbeat-ms", "5000", "--rate-limit", "0", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port)
    return proc, f"http://127.0.0.1:{port}"


def advance(root, seconds):
    req = urllib.request.Request(f"{root}/__sim/advance_clock/{int(seconds)}", method="POST")
    urllib.request.urlopen(req, timeout=600).read()


def to_working_hours(root):
    now = datetime.datetime.now(ALMATY)
    eleven = now.replace(hour=11, minute=0, second=0, microsecond=0)
    advance(root, (eleven - now).total_seconds() % 86400)


@contextlib.contextmanager
def running(sim_args, prefix):
    """The emulator with `sim_args` at 11:00 in its zone and the app signed in to it (test
    mode); both ended afterwards."""
    sim, root = start_sim(sim_args)
    profile = tempfile.mkdtemp(prefix=prefix)
    app = None
    try:
        to_working_hours(root)
        app = signed_in(root, profile)
        yield root, app
    finally:
        if app:
            app.quit()
        sim.terminate()
        sim.wait(10)
        shutil.rmtree(profile, ignore_errors=True)


# What the app is started with (`--env`, `--app-log`): a diagnosis run's settings for WebKit.
APP_ENV = {}
APP_LOG = None
# Run in the page once it is signed in (`--page-js`): a diagnosis run's change to the page, e.g.
# the map's sources given nothing more, to tell the map's share of the memory from the page's.
PAGE_JS = None
# Evaluated in the page with every memory sample (`--sample-js`), its value printed beside it.
SAMPLE_JS = None


def signed_in(root, profile):
    app = App(profile, APP_ENV, APP_LOG)
    app.d.set_script_timeout(600)
    app.d.execute_script("window.__TRACKMATE_TEST__ = true;")
    sign_in(app, f"{root}/v2", "demo@trackmate.app", "demo", False)
    WebDriverWait(app.d, 600).until(lambda d: d.execute_script(
        "return (window.__trackmate && window.__trackmate.liveBatches || []).some(b => b.full);"))
    if PAGE_JS:
        app.d.execute_script(PAGE_JS)
    return app


# In-page probe for one change batch: waits for a batch after `seen`, then for the live overlay's
# scene to be set from it, the overlay's first draw of that scene and the browser's next frame.
PROBE = """
const [seen, done] = [arguments[0], arguments[arguments.length - 1]];
const live = window.__trackmate.live;
// The markers' layer is built again when the fleet crosses the clustering threshold: try anew.
if (!live) { done({retry: true}); return; }
const stats = live.stats;
const end = performance.now() + 300000;
const tick = () => {
  const log = window.__trackmate.liveBatches;
  const b = log.length > seen ? log[seen] : null;
  if (b && stats.setAt >= b.at && stats.firstDrawAt > 0) {
    const [setAt, drawnAt, drawMs, markers] = [stats.setAt, stats.firstDrawAt, stats.ms, stats.markers];
    requestAnimationFrame(() => {
      const frame = performance.now();
      done({n: b.n, full: b.full, mergeMs: b.mergeMs, sceneAt: setAt - b.at, drawnAt: drawnAt - b.at, drawMs, markers, frameAt: frame - b.at});
    });
  } else if (performance.now() > end) done(null);
  else setTimeout(tick, 2);
};
tick();
"""


def med(xs):
    return f"{statistics.median(xs):.0f} ({min(xs):.0f}–{max(xs):.0f})"


def bench_batches(n, rounds):
    with running(["--scale-fleet", str(n)], "trackmate-live-") as (root, app):
        rows = []
        for _ in range(rounds):
            seen = app.d.execute_script("return window.__trackmate.liveBatches.length;")
            advance(root, 60)
            r = app.d.execute_async_script(PROBE, seen)
            while r and r.get("retry"):
                time.sleep(0.5)
                r = app.d.execute_async_script(PROBE, seen)
            assert r, "a change batch reached the page"
            rows.append(r)
        mem = memory(app)
    print(f"\n{n} objects, {rounds} change batches (the emulator's clock a minute on each):\n")
    print("| objects changed | arrival → merged (ms) | → scene set (ms) | → overlay drawn (ms) | a draw (ms) | → next frame (ms) |")
    print("|---:|---:|---:|---:|---:|---:|")
    print(f"| {med([r['n'] for r in rows])} | {med([r['mergeMs'] for r in rows])} | {med([r['sceneAt'] for r in rows])} "
          f"| {med([r['drawnAt'] for r in rows])} | {med([r['drawMs'] for r in rows])} | {med([r['frameAt'] for r in rows])} |")
    print("markers drawn on their own (the rest in clusters or out of view): " + ", ".join(str(r['markers']) for r in rows))
    print(f"\nRSS/PSS MB after: app {mem['app']['rss_mb']}/{mem['app']['pss_mb']}, web {mem['web']['rss_mb']}/{mem['web']['pss_mb']}")
    return rows


# The page's default: routine events are listed but not notified (ui/src/state/alerts.svelte.ts).
QUIET = {"track_start", "track_end", "parking", "idle_start", "idle_end", "online", "gps_recover"}


def api(root, action, params):
    data = urllib.parse.urlencode(params).encode()
    with urllib.request.urlopen(f"{root}/v2/{action}", data=data, timeout=60) as r:
        return json.load(r)


def unread(root, hash_):
    """The events the server lists as unread now, by id."""
    return {e["id"]: e for e in api(root, "history/unread/list", {"hash": hash_, "limit": 1000})["list"]}


def soak(minutes, speed, maps=False):
    samples = []
    breakdown = []
    with running([], "trackmate-soak-") as (root, app):
        # The backlog: what was unread when the page read its first feed (not news, not notified).
        WebDriverWait(app.d, 120).until(lambda d: app.all("alerts-unread"))
        hash_ = api(root, "user/auth", {"login": "demo@trackmate.app", "password": "demo"})["hash"]
        backlog = set(unread(root, hash_))
        t0 = time.time()
        next_sample = t0
        while time.time() - t0 < minutes * 60:
            if speed > 1:
                advance(root, speed - 1)
            if time.time() >= next_sample:
                m = memory(app)
                notified = app.d.execute_script("return (window.__trackmate.notified || []).slice();")
                samples.append((round((time.time() - t0) / 60, 1), m, len(notified), len(set(notified))))
                if SAMPLE_JS:
                    print(f"sample {samples[-1][0]} min: web {m['web']['rss_mb']} MB:", json.dumps(app.d.execute_script(SAMPLE_JS)), flush=True)
                if maps:
                    breakdown.append((samples[-1][0], web_maps(app)))
                next_sample += 60
            time.sleep(1)
        # One more feed refresh (30 s) so the page has seen what the server has now.
        time.sleep(35)
        notified = app.d.execute_script("return (window.__trackmate.notified || []).slice();")
        batches = app.d.execute_script("return window.__trackmate.liveBatches.length;")
        news = {i for i, e in unread(root, hash_).items() if i not in backlog and e["event"] not in QUIET}
    print(f"\nSoak: {minutes} min, the emulator's clock ×{speed}, {batches} batches seen (log capped at 1000)\n")
    print("| minute | app RSS / PSS MB | web RSS / PSS MB | network RSS MB | notifications (unique) |")
    print("|---:|---:|---:|---:|---:|")
    for minute, m, count, unique in samples:
        print(f"| {minute} | {m['app']['rss_mb']} / {m['app']['pss_mb']} | {m['web']['rss_mb']} / {m['web']['pss_mb']} "
              f"| {m['network']['rss_mb']} | {count} ({unique}) |")
    if maps:
        print("\n| minute | web heap MB | web anon MB | web shm MB | web files MB |\n|---:|---:|---:|---:|---:|")
        for minute, k in breakdown:
            print(f"| {minute} | {k['heap']} | {k['anon']} | {k['shm']} | {k['files']} |")
    first, last = samples[1] if len(samples) > 1 else samples[0], samples[-1]
    total = lambda m: m["app"]["rss_mb"] + m["web"]["rss_mb"] + m["network"]["rss_mb"]  # noqa: E731
    growth = 100 * (total(last[1]) - total(first[1])) / total(first[1])
    print(f"\nRSS of all the app's processes, minute {first[0]} → {last[0]}: {total(first[1])} → {total(last[1])} MB ({growth:+.1f}%)")
    print(f"notifications: {len(notified)}, unique {len(set(notified))}, repeated {len(notified) - len(set(notified))}; "
          f"new alert events on the server {len(news)}, of them not notified (lost) {len(news - set(notified))}")
    return notified, samples


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--objects", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--soak-min", type=float, default=0, help="minutes of soak (0: no soak)")
    ap.add_argument("--soak-speed", type=int, default=1)
    ap.add_argument("--maps", action="store_true", help="also the web process's RSS by kind of mapping, each minute")
    ap.add_argument("--json", help="also write the raw results here")
    ap.add_argument("--env", action="append", default=[], metavar="K=V",
                    help="in the app's environment (and its web process's), e.g. JSC_logGC=1")
    ap.add_argument("--app-log", help="the app's and its web process's stderr go to this file")
    ap.add_argument("--page-js", help="script run in the page once signed in (a diagnosis run)")
    ap.add_argument("--sample-js", help="script whose value is printed with each memory sample (a diagnosis run)")
    a = ap.parse_args()
    global APP_LOG, PAGE_JS, SAMPLE_JS
    PAGE_JS, SAMPLE_JS = a.page_js, a.sample_js
    APP_ENV.update(kv.split("=", 1) for kv in a.env)
    if a.app_log:
        APP_LOG = open(a.app_log, "w")
    out = {}
    if a.objects:
        out["batches"] = bench_batches(a.objects, a.rounds)
    if a.soak_min:
        notified, samples = soak(a.soak_min, a.soak_speed, a.maps)
        out["soak"] = {"notified": notified, "samples": samples}
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f)


if __name__ == "__main__":
    main()
