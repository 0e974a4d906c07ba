"""End-to-end, issue "the map at the speed of the machine" (first part): the GPU track renderer
(a MapLibre custom layer over the packed columns, chosen with localStorage
`trackmate.trackRenderer=gpu`) draws a demo trip in the real web view (WebKitGTK's WebGL2 on
Mesa): frames drawn, and the canvas shows speed colours at the track's points (screenshot)."""

import json
import os

from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from test_app import App, profile, yesterdays_trips  # noqa: F401 (profile is a fixture)

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


def test_the_gpu_renderer_draws_a_trip_in_the_real_web_view(profile):
    app = App(profile)
    try:
        app.find("demo")
        app.d.execute_script("localStorage.setItem('trackmate.trackRenderer', 'gpu'); location.reload();")
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
    finally:
        app.quit()
