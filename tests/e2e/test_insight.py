"""End-to-end, issue "see what happened on a trip": in the real app under Xvfb, replay a demo
trip (the marker moves with track time, the chart follows), export it as GPX through the export
dialog, check the file with an independent parser, and open it again as a local file: the same
points and distance. Screenshots of replay with the chart and of the reopened file. The native
save/open dialogs are answered through window.__TRACKMATE_TEST_DIALOG__ (docs/ipc.md)."""

import os
import tempfile
import time
import xml.etree.ElementTree as ET

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from test_app import App, open_van_trip, profile, track_features  # noqa: F401 (profile is a fixture)

GPX_NS = {"g": "http://www.topografix.com/GPX/1/1"}


def replay_state(app):
    return app.d.execute_script("return window.__trackmate.replay.state();")


def stat(app, key):
    return app.find(f"stat-{key}").find_element(By.CSS_SELECTOR, "dd").text


def test_replay_export_gpx_and_reopen(profile):
    out = tempfile.mkdtemp(prefix="trackmate-export-")
    app = App(profile)
    try:
        open_van_trip(app)
        app.find("stats-summary", timeout=30)
        distance = stat(app, "distance")
        n = app.d.execute_script("return window.__trackmate.replay.state().points;")
        assert n > 10, n

        # Replay: play at ×60 for ~2 s of wall time → about 2 minutes of track time.
        app.find("replay-bar")
        start = replay_state(app)
        while app.find("replay-speed").text.strip() != "×60":
            before = app.find("replay-speed").text
            app.find("replay-faster" if int(before.strip("×")) < 60 else "replay-slower").click()
        app.find("replay-play").click()
        time.sleep(2.5)
        moved = replay_state(app)
        assert moved["playing"] is True
        advanced_s = (moved["time"] - start["time"]) / 1000
        assert 30 <= advanced_s <= 400, advanced_s  # ~150 s; generous for a loaded machine
        assert moved["marker"] != start["marker"], "the replay marker did not move"
        app.find("speed-chart")
        app.shot("replay-with-chart.png")
        app.find("replay-play").click()  # pause
        paused = replay_state(app)["time"]
        time.sleep(1)
        assert replay_state(app)["time"] == paused

        # Export as GPX through the dialog (answered by the test hook).
        target = os.path.join(out, "van-trip.gpx")
        app.d.execute_script("window.__TRACKMATE_TEST_DIALOG__ = {save: arguments[0]};", target)
        app.find("export-open").click()
        app.find("export-format-gpx").click()
        app.find("export-save").click()
        done = app.find("export-done", timeout=30)
        assert target in done.text
        root = ET.parse(target).getroot()
        pts = root.findall(".//g:trkpt", GPX_NS)
        assert len(pts) == n, (len(pts), n)
        assert all(p.find("g:time", GPX_NS) is not None for p in pts)

        # Reopen it as a local file: the same points and distance, shown like a server track.
        app.d.execute_script("window.__TRACKMATE_TEST_DIALOG__ = {open: [arguments[0]]};", target)
        app.find("open-file").click()
        WebDriverWait(app.d, 30).until(lambda d: "van-trip.gpx" in app.find("track-panel").text)
        WebDriverWait(app.d, 30).until(lambda d: track_features(app) > 0)
        assert app.d.execute_script("return window.__trackmate.replay.state().points;") == n
        assert stat(app, "distance") == distance
        app.find("replay-bar")
        path = app.shot("reopened-gpx.png")
        assert os.path.getsize(path) > 10_000
    finally:
        app.quit()
