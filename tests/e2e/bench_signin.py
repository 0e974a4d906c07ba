"""Memory at the sign-in screen against WebKitGTK's floor: the release app started as a user starts
it (fresh folders, so the sign-in screen shows) and WebKitGTK's own MiniBrowser on `about:blank`,
alternately, each left alone `--idle` seconds, then RSS and PSS summed over the process and all
its descendants (the web process, the network process). Prints a Markdown table, medians and
ranges; the app's margin over the floor is what issue 16 bounds (≤ 60 MB).

`--maplibre` also measures MiniBrowser showing a bare MapLibre map (the app's MapLibre, a
background-only style like the app's before its basemap loads, WebGL on): the engine's floor for
any page with this map, which bench_webview.py sets the app's signed-in map beside.

Run through the harness (Xvfb, private D-Bus, keyring): `TRACKMATE_APP=target/release/trackmate-app
bash tests/e2e/harness.sh python3 tests/e2e/bench_signin.py --runs 3`.
"""

import argparse
import functools
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_webview import mem_mb, proc_tree, web_maps_under  # noqa: E402
from test_app import APP  # noqa: E402

MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
MAPLIBRE_DIST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../ui/node_modules/maplibre-gl/dist")

# The bare map: the whole window, the app's start (its background colour, the demo area at zoom
# 10) and a ring of two dozen dots. MapLibre 6 is ES modules; its worker is loaded from beside it.
MAP_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="maplibre-gl.css">
<style>html, body, #map { margin: 0; width: 100%; height: 100%; }</style></head>
<body><div id="map"></div><script type="module">
import * as maplibregl from "./maplibre-gl.mjs";
const map = new maplibregl.Map({
  container: "map",
  style: { version: 8, sources: {}, layers: [{ id: "background", type: "background", paint: { "background-color": "#eef1f4" } }] },
  center: [71.43, 51.13], zoom: 10, attributionControl: false,
});
// A ring of dots, so a screenshot shows that WebGL drew.
map.on("load", () => {
  const features = Array.from({ length: 24 }, (_, i) => ({ type: "Feature", properties: {}, geometry:
    { type: "Point", coordinates: [71.43 + 0.2 * Math.cos(i / 3.82), 51.13 + 0.12 * Math.sin(i / 3.82)] } }));
  map.addSource("dots", { type: "geojson", data: { type: "FeatureCollection", features } });
  map.addLayer({ id: "dots", type: "circle", source: "dots", paint: { "circle-radius": 6, "circle-color": "#2563eb" } });
});
</script></body></html>
"""


def serve_map_page(page=MAP_PAGE):
    """Serves `page` (the bare map by default) beside MapLibre's files from a folder of its own on
    a free loopback port (this process's thread, outside the measured process tree); returns its
    URL."""
    root = tempfile.mkdtemp(prefix="trackmate-maplibre-")
    for name in ("maplibre-gl.mjs", "maplibre-gl-shared.mjs", "maplibre-gl-worker.mjs", "maplibre-gl.css"):
        shutil.copy(os.path.join(MAPLIBRE_DIST, name), root)
    with open(os.path.join(root, "index.html"), "w") as f:
        f.write(page)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=root))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/index.html"


def measure(cmd, env, idle):
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(idle)
        assert proc.poll() is None, f"{cmd[0]} exited ({proc.returncode})"
        rss = pss = n = 0
        parts = {}
        for pid, (_, comm, exe) in proc_tree(proc.pid).items():
            r, p = mem_mb(pid)
            rss, pss, n = rss + r, pss + p, n + 1
            name = os.path.basename(exe).removesuffix(" (deleted)") or comm
            part = "web" if "WebKitWebProces" in name else "network" if "WebKitNetworkPr" in name else "ui"
            parts[part] = parts.get(part, 0) + r
        return {"rss": rss, "pss": pss, "processes": n, "parts": parts, "web_maps": web_maps_under(proc.pid)}
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def one(kind, idle):
    """`app` (the sign-in screen), `minibrowser` (about:blank) or `maplibre` (the bare map)."""
    home = tempfile.mkdtemp(prefix=f"trackmate-signin-{kind}-")
    env = dict(os.environ)
    for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[k] = os.path.join(home, k.lower())
        os.makedirs(env[k], exist_ok=True)
    try:
        cmd = {"app": [APP], "minibrowser": [MINIBROWSER, "about:blank"]}.get(kind) or [MINIBROWSER, serve_map_page()]
        return measure(cmd, env, idle)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def spread(xs):
    return f"{statistics.median(xs):.0f} ({min(xs)}–{max(xs)})"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--idle", type=float, default=10.0)
    ap.add_argument("--maplibre", action="store_true", help="also MiniBrowser with a bare MapLibre map")
    a = ap.parse_args()
    got = {"app": [], "minibrowser": []} | ({"maplibre": []} if a.maplibre else {})
    for _ in range(a.runs):
        for kind in got:
            got[kind].append(one(kind, a.idle))
    print("\n| what | RSS MB | PSS MB | processes | RSS MB: UI process / web / network |\n|---|---:|---:|---:|---:|")
    for kind, rows in got.items():
        parts = " / ".join(f"{statistics.median([r['parts'].get(k, 0) for r in rows]):.0f}" for k in ("ui", "web", "network"))
        print(f"| {kind} | {spread([r['rss'] for r in rows])} | {spread([r['pss'] for r in rows])} | {rows[0]['processes']} | {parts} |")
    app, floor = (statistics.median([r["rss"] for r in got[k]]) for k in ("app", "minibrowser"))
    app_p, floor_p = (statistics.median([r["pss"] for r in got[k]]) for k in ("app", "minibrowser"))
    print(f"\nthe app over the floor: RSS +{app - floor:.0f} MB, PSS +{app_p - floor_p:.0f} MB (medians of {a.runs})")


if __name__ == "__main__":
    main()
