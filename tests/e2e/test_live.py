"""End-to-end: the live fleet in the real app. Signed in to a separately started trackmate-sim, the
indicator says live, an object that reports every second moves on the map, and the server sees no
`tracker/get_states` polling while the stream is up (its `/__sim/hits/...` admin route)."""

import json
import subprocess
import time
import urllib.request

from selenium.webdriver.support.ui import WebDriverWait

from test_app import SIM, App, free_port, profile, sign_in, wait_port  # noqa: F401 (fixture)


def hits(root, endpoint):
    with urllib.request.urlopen(f"{root}/__sim/hits/{endpoint}", timeout=10) as r:
        return json.load(r)["hits"]


def marker(app, object_id):
    """The object's marker position on the map (lng, lat), or None while it is not drawn."""
    return app.d.execute_script(
        "const m = window.__trackmate && window.__trackmate.map;"
        "if (!m || !m.getSource('objects')) return null;"
        "const f = m.querySourceFeatures('objects').find(f => f.properties && f.properties.id === arguments[0]);"
        "return f ? f.geometry.coordinates : null;",
        object_id,
    )


def test_an_object_moves_on_the_map_from_the_stream_without_polling(profile):  # noqa: F811
    port = free_port()
    # One fix a second for the scale object: it moves whatever the hour (the demo fleet may still
    # be parked at dawn in its time zone).
    proc = subprocess.Popen(
        [SIM, "--port", str(port), "--seed", "7", "--scale-points", "86400", "--heartbeat-ms", "2000"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        wait_port(port)
        root = f"http://127.0.0.1:{port}"
        scale_id = None
        for line in proc.stdout:
            if "scale tracker:" in line:
                scale_id = int(line.split(":")[1])
                break
        assert scale_id, "the emulator names its scale tracker"
        app = App(profile)
        try:
            app.d.execute_script("window.__TRACKMATE_TEST__ = true;")
            sign_in(app, f"{root}/v2", "demo@trackmate.app", "demo", False)
            WebDriverWait(app.d, 60).until(
                lambda d: app.find("live-indicator").get_attribute("data-mode") == "live")
            first = WebDriverWait(app.d, 60).until(lambda d: marker(app, scale_id))
            moved = WebDriverWait(app.d, 60).until(
                lambda d: (lambda p: p if p and p != first else None)(marker(app, scale_id)))
            assert moved != first
            app.shot("live-fleet.png")
            assert hits(root, "event/subscription") >= 1
            assert hits(root, "tracker/get_states") == 0, "no polling while the stream is up"
        finally:
            app.quit()
    finally:
        proc.terminate()
        proc.wait(10)
