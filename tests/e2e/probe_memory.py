"""Where the web process's memory is, by mapping, for the app's signed-in map (no track) against
MiniBrowser showing a bare MapLibre map and a busier one (the app's kinds of layers — fill, line,
circle, icons, an image — and an animated 2D canvas over the map, as the app's live overlay).
Issue 16's memory bound: what of the app's map is the engine's and what is the app's own
(BENCHMARKS.md, "What the bare map costs"). With `gdb` on the machine, the app's web process is
also asked to `malloc_trim(0)`, which tells freed-but-kept heap from live heap, and measured again
with its map removed and its page hidden (what no visible layer explains).

Run through the harness: `TRACKMATE_APP=target/release/trackmate-app
TRACKMATE_SIM=target/release/trackmate-sim bash tests/e2e/harness.sh python3
tests/e2e/probe_memory.py`.
"""

import collections
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_signin  # noqa: E402
from bench_webview import proc_tree, start_sim, web_mappings as mappings  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402
from test_app import App, sign_in  # noqa: E402

IDLE_S = 12

# Added to the bare map's page once it has loaded: the kinds of layers the app's map has, and a 2D
# canvas redrawn ten times a second over it.
BUSIER = """
  const ring = { type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates:
    [features.map(f => f.geometry.coordinates).concat([features[0].geometry.coordinates])] } };
  map.addSource("ring", { type: "geojson", data: ring });
  map.addLayer({ id: "fill", type: "fill", source: "ring", paint: { "fill-color": "#f00", "fill-opacity": 0.2 } });
  map.addLayer({ id: "line", type: "line", source: "ring", paint: { "line-color": "#0a0", "line-width": 3 } });
  map.addImage("pin", { width: 16, height: 16, data: new Uint8Array(16 * 16 * 4).fill(200) });
  map.addLayer({ id: "icons", type: "symbol", source: "dots",
    layout: { "icon-image": "pin", "icon-allow-overlap": true, "icon-offset": [0, -12] } });
  const tile = document.createElement("canvas"); tile.width = tile.height = 256;
  const t2 = tile.getContext("2d"); t2.fillStyle = "#ccd"; t2.fillRect(0, 0, 256, 256);
  map.addSource("img", { type: "image", url: tile.toDataURL(),
    coordinates: [[71.2, 51.3], [71.7, 51.3], [71.7, 51.0], [71.2, 51.0]] });
  map.addLayer({ id: "raster", type: "raster", source: "img" }, "fill");
  const ov = document.createElement("canvas"); ov.width = innerWidth; ov.height = innerHeight;
  ov.style = "position:absolute;left:0;top:0;pointer-events:none"; document.body.appendChild(ov);
  const c2 = ov.getContext("2d");
  setInterval(() => { c2.clearRect(0, 0, ov.width, ov.height); c2.fillStyle = "#f80";
    for (let i = 0; i < 30; i++) c2.fillRect((Date.now() / 10 + i * 30) % ov.width, 100 + i * 10, 8, 8); }, 100);
"""

PAGE_FACTS = """
const canvases = [...document.querySelectorAll('canvas')].map(c => `${c.className} ${c.width}×${c.height}`);
return {canvases, elements: document.querySelectorAll('*').length,
        layers: window.__trackmate.map.getStyle().layers.map(l => l.type)};
"""


def report(label, maps):
    """Prints the RSS by kind of mapping (libraries by file), largest first."""
    print(f"\n{label}: web process RSS {sum(m[3] for m in maps) // 1024} MB")
    kinds = collections.Counter()
    for perms, name, _size, rss in maps:
        if name.startswith("/usr") or name.startswith("/lib"):
            kinds["library " + os.path.basename(name)] += rss
        else:
            kinds[f"{perms} {name or '(anonymous)'}"] += rss
    for kind, rss in kinds.most_common(10):
        print(f"  {rss // 1024:5d} MB  {kind}")


def trim(root):
    """Asks the web processes under `root` to give freed heap back (gdb calls malloc_trim)."""
    for pid, (_, comm, exe) in proc_tree(root).items():
        if "WebKitWebProces" in (os.path.basename(exe) or comm):
            subprocess.run(["gdb", "-p", str(pid), "-batch", "-ex", "call (int)malloc_trim(0)"],
                           capture_output=True, timeout=60)


def minibrowser(label, page):
    proc = subprocess.Popen([bench_signin.MINIBROWSER, bench_signin.serve_map_page(page)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(IDLE_S)
        report(label, mappings(proc.pid))
    finally:
        proc.terminate()
        proc.wait(10)


def main():
    sim, url, _ = start_sim(1000)
    profile = tempfile.mkdtemp(prefix="trackmate-probe-memory-")
    app = App(profile)
    try:
        app.d.execute_script("window.__TRACKMATE_TEST__ = true;")
        sign_in(app, url, "demo@trackmate.app", "demo", remember=False)
        WebDriverWait(app.d, 120).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="object-row"]'))
        time.sleep(IDLE_S)
        print("the app's page:", app.d.execute_script(PAGE_FACTS))
        report("the app, signed in, the map with no track", mappings(app.driver_proc.pid))
        if shutil.which("gdb"):
            trim(app.driver_proc.pid)
            report("the same after malloc_trim(0) in its web process", mappings(app.driver_proc.pid))
            # What stays when nothing of the page is shown: not the map, not a layer on screen.
            app.d.execute_script("window.__trackmate.map.remove(); document.body.style.display = 'none';")
            time.sleep(6)
            trim(app.driver_proc.pid)
            report("the same with the map removed and the page hidden, trimmed", mappings(app.driver_proc.pid))
    finally:
        app.quit()
        sim.terminate()
        shutil.rmtree(profile, ignore_errors=True)
    bare = bench_signin.MAP_PAGE
    minibrowser("MiniBrowser, the bare map", bare)
    anchor = '  map.addLayer({ id: "dots"'
    end = bare.index("\n", bare.index(anchor)) + 1
    minibrowser("MiniBrowser, the busier map", bare[:end] + BUSIER + bare[end:])


if __name__ == "__main__":
    main()
