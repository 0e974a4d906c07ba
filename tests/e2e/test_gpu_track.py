"""End-to-end, issue "the map at the speed of the machine": the GPU track renderer (a MapLibre
custom layer over the packed columns, the default) draws a demo trip in the real web view
(WebKitGTK's WebGL2 on Mesa): frames drawn, and the canvas shows speed colours at the track's
points (screenshot); a dense track read in windows from a slow server is on screen window by
window before the load ends, and in the end holds each window's points once."""

import json
import os

from PIL import Image
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from bench_webview import start_sim
from test_app import APP, App, descendants, exe_of, profile, sign_in, yesterdays_trips  # noqa: F401 (profile is a fixture)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
with open(os.path.join(ROOT, "data", "speed-scale.json")) as f:
    SCALE = json.load(f)
PALETTE = [[int(c[k:k + 2], 16) for k in (1, 3, 5)] for c in SCALE["colors"] + [SCALE["unknown"]]]

# In the page: the track's sampled points in view, in the page's CSS pixels.
POINTS = """
const tm = window.__trackmate, map = tm.map, s = tm.trackSample(400);
const box = map.getContainer().getBoundingClientRect(), out = [];
for (let i = 0; i < s.lat.length; i++) {
  const p = map.project([s.lng[i], s.lat[i]]);
  if (p.x >= 0 && p.y >= 0 && p.x < box.width && p.y < box.height) out.push([box.left + p.x, box.top + p.y]);
}
return {points: out, ratio: window.devicePixelRatio, drawn: tm.trackDrawn};
"""


def reloaded(d):
    """The reloaded sign-in page is up (not the one that asked for the reload)."""
    try:
        return d.execute_script("return !window.__old && !!document.querySelector('[data-testid=demo]');")
    except WebDriverException:
        return False  # between the two pages


def test_the_gpu_renderer_draws_a_trip_in_the_real_web_view(profile):
    app = App(profile)
    try:
        app.find("demo")
        # The renderer is read when the map mounts: set it, reload, and mark the new page as a
        # test's only once it is there (set at once, the mark could land on the page going away).
        app.d.execute_script("window.__old = true; localStorage.setItem('trackmate.trackRenderer', 'gpu'); location.reload();")
        WebDriverWait(app.d, 60).until(reloaded)
        app.d.execute_script("window.__TRACKMATE_TEST__ = true;")
        app.find("demo").click()
        WebDriverWait(app.d, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="object-row"]'))
        app.type("object-search", "Van 01")
        WebDriverWait(app.d, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, '[data-testid="object-row"]')) == 1)
        app.click('[data-testid="object-row"]')
        assert yesterdays_trips(app), "the demo van drove yesterday"
        app.click('[data-testid="whole-period"]')
        WebDriverWait(app.d, 60).until(lambda d: d.execute_script(
            "const t = window.__trackmate; return t && t.trackRenderer === 'gpu' && t.trackDrawn && t.trackDrawn.frames > 0;"))
        WebDriverWait(app.d, 30).until(lambda d: not d.execute_script("return window.__trackmate.map.isMoving();"))
        # A frame drawn after the camera came to rest (under load the whole fit can pass in the
        # first frame, and then nothing else asks for one): ask for it and wait for it.
        drawn = app.d.execute_script("const t = window.__trackmate; t.map.triggerRepaint(); return t.trackDrawn.frames;")
        WebDriverWait(app.d, 30).until(lambda d: d.execute_script("return window.__trackmate.trackDrawn.frames;") > drawn)
        seen = app.d.execute_script(POINTS)
        img = Image.open(app.shot("gpu-track.png")).convert("RGB")
        near = lambda c: any(all(abs(c[k] - q[k]) < 14 for k in range(3)) for q in PALETTE)  # noqa: E731
        pts = [(int(x * seen["ratio"]), int(y * seen["ratio"])) for x, y in seen["points"]]
        hits = sum(1 for x, y in pts if 0 <= x < img.width and 0 <= y < img.height and near(img.getpixel((x, y))))
        assert len(pts) > 50, seen
        assert hits >= len(pts) / 3, f"speed colours at {hits} of {len(pts)} points: {seen['drawn']}"
        # Without a GPU the app's own process goes without OpenGL (webview.rs `prepare`), while
        # the web process, which drew the WebGL above, has Mesa and an untouched environment.
        if not any(e.startswith("renderD") for e in (os.listdir("/dev/dri") if os.path.isdir("/dev/dri") else [])):
            pids = descendants(app.driver_proc.pid)
            own = [p for p in pids if os.path.basename(exe_of(p)) == os.path.basename(APP)]
            web = [p for p in pids if os.path.basename(exe_of(p)) == "WebKitWebProcess"]
            assert len(own) == 1 and len(web) == 1, (own, web)
            assert not mesa_in(own[0]), f"the app's process loaded OpenGL: {mesa_in(own[0])}"
            assert mesa_in(web[0]), "the web process drew WebGL without Mesa?"
            with open(f"/proc/{web[0]}/environ", "rb") as f:
                names = {v.split(b"=", 1)[0] for v in f.read().split(b"\0")}
            assert not names & {b"GDK_GL", b"__EGL_VENDOR_LIBRARY_FILENAMES"}, names
    finally:
        app.quit()


def mesa_in(pid):
    """Mesa's OpenGL drivers mapped in process `pid`."""
    with open(f"/proc/{pid}/maps") as f:
        return sorted({ln.split()[-1] for ln in f if any(k in ln for k in ("swrast_dri", "libGLX_mesa", "libEGL_mesa", "libLLVM"))})


# In the page, once a frame: what the GPU layer drew while the load ran (windows of the track
# being read) and whether the load had ended (its summary shown) when the first window was drawn.
WATCH_WINDOWS = """
const tm = window.__trackmate, w = window.__windows = { most: 0, firstWhileLoading: null };
(function look() {
  const d = tm.trackDrawn, loading = !!document.querySelector('[data-testid=track-loading]');
  if (d && d.windows > 0) {
    w.most = Math.max(w.most, d.windows);
    if (w.firstWhileLoading === null) w.firstWhileLoading = loading;
  }
  if (!document.querySelector('[data-testid=track-summary]')) requestAnimationFrame(look);
})();
"""


def test_a_dense_track_is_drawn_window_by_window_as_it_is_read(profile):
    points = 200_000
    # Every track/read takes 1.5 s: the windows (~50,000 points each, 3 asked at once) come one
    # after another over seconds, the last well after the first.
    sim, url, scale_id = start_sim(points, ["--rate-limit", "0", "--fault", "latency=1500@track/read"])
    app = App(profile)
    try:
        app.d.execute_script("window.__TRACKMATE_TEST__ = true;")
        sign_in(app, url, "demo@trackmate.app", "demo", remember=False)
        WebDriverWait(app.d, 120).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="object-row"]'))
        app.type("object-search", "Scale test")
        row = WebDriverWait(app.d, 30).until(lambda d: next(iter(d.find_elements(By.CSS_SELECTOR, f'[data-testid="object-row"][data-id="{scale_id}"]')), None))
        row.click()
        # The last 7 days hold the whole 24 hours of points.
        app.find("period-week").click()
        WebDriverWait(app.d, 120).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="trip-row"]'))
        WebDriverWait(app.d, 60).until(lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="whole-period"]').is_enabled())
        app.d.execute_script(WATCH_WINDOWS)
        app.click('[data-testid="whole-period"]')
        WebDriverWait(app.d, 300).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="track-summary"]'))
        WebDriverWait(app.d, 60).until(lambda d: d.execute_script(
            "const d = window.__trackmate.trackDrawn; return d && d.windows === 0 && d.frames > 0;"))
        seen = app.d.execute_script("return {w: window.__windows, drawn: window.__trackmate.trackDrawn, n: window.__trackmate.trackSample(1e9).index.length};")
        assert seen["w"]["firstWhileLoading"] is True, f"no window drawn while the track was read: {seen}"
        assert seen["w"]["most"] >= 2, f"the line did not grow window by window: {seen}"
        # Each window once: the whole track is exactly the server's points.
        assert seen["drawn"]["points"] == points, seen
        assert seen["n"] == points, seen
        app.shot("gpu-track-windows.png")
    finally:
        app.quit()
        sim.terminate()
        sim.wait(10)
