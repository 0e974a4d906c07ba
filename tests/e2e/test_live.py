"""End-to-end: the live fleet in the real app. Signed in to a separately started trackmate-sim, the
indicator says live, demo objects move on the map as the stream reports them, and the server sees
no `tracker/get_states` polling while the stream is up (its `/__sim/hits/...` admin route)."""

import datetime
import json
import subprocess
import time
import urllib.request

from selenium.webdriver.support.ui import WebDriverWait

from test_app import SIM, App, free_port, profile, sign_in, wait_port  # noqa: F401 (fixture)


def hits(root, endpoint):
    with urllib.request.urlopen(f"{root}/__sim/hits/{endpoint}", timeout=10) as r:
        return json.load(r)["hits"]


def advance(root, seconds):
    req = urllib.request.Request(f"{root}/__sim/advance_clock/{int(seconds)}", method="POST")
    urllib.request.urlopen(req, timeout=10).read()


def markers(app):
    """Every object's marker position as the map's live overlay last drew it, by id (empty while
    none is drawn)."""
    return app.d.execute_script(
        "const live = window.__trackmate && window.__trackmate.live;"
        "if (!live || live.stats.draws === 0) return {};"
        "const out = {};"
        "for (const m of live.markers()) out[m.id] = [m.lng, m.lat];"
        "return out;"
    )


def test_objects_move_on_the_map_from_the_stream_without_polling(profile):  # noqa: F811
    port = free_port()
    proc = subprocess.Popen(
        [SIM, "--port", str(port), "--seed", "7", "--heartbeat-ms", "2000"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_port(port)
        root = f"http://127.0.0.1:{port}"
        # The fleet works by day (Asia/Almaty): bring the emulator's clock to 11:00 there, so
        # objects drive whatever hour the test runs at.
        now = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=5)))
        eleven = now.replace(hour=11, minute=0, second=0, microsecond=0)
        advance(root, (eleven - now).total_seconds() % 86400)
        app = App(profile)
        try:
            app.d.execute_script("window.__TRACKMATE_TEST__ = true;")
            sign_in(app, f"{root}/v2", "demo@trackmate.app", "demo", False)
            WebDriverWait(app.d, 60).until(
                lambda d: app.find("live-indicator").get_attribute("data-mode") == "live")
            first = WebDriverWait(app.d, 60).until(lambda d: markers(app) or None)
            # A quarter of an hour of the working day later the stream reports new positions,
            # and the markers go there.
            advance(root, 15 * 60)
            moved = WebDriverWait(app.d, 60).until(
                lambda d: [i for i, p in markers(app).items() if i in first and p != first[i]] or None)
            assert moved
            app.shot("live-fleet.png")
            assert hits(root, "event/subscription") >= 1
            assert hits(root, "tracker/get_states") == 0, "no polling while the stream is up"
        finally:
            app.quit()
    finally:
        proc.terminate()
        proc.wait(10)
