"""End-to-end, issue "see what happened on a trip": in the real app under Xvfb, replay a demo
trip (the marker moves with track time, the chart follows), export it as GPX through the export
dialog, check the file with an independent parser, and open it again as a local file: the same
points and distance. Screenshots of replay with the chart and of the reopened file.

The file dialogs are Rust's own and the page only gets handles (docs/ipc.md). A debug build reads
the dialogs' answers from the JSON file named by TRACKMATE_TEST_DIALOG (each answer used once):
the real GTK chooser is not clicked, because typing into it under Xvfb depends on focus and
timing, and a wrong guess would hang the test instead of failing it. Everything after the choice
(handles, purpose checks, the atomic write) is the app's real code."""

import json
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


def answer_dialog(script, **answers):
    """The next open (`open=[paths]`) or save (`save=path`) dialog chooses these."""
    with open(script, "w") as f:
        json.dump(answers, f)


def dialog_answered(script, key):
    with open(script) as f:
        return key not in json.load(f)


def test_replay_export_gpx_and_reopen(profile):
    out = tempfile.mkdtemp(prefix="trackmate-export-")
    script = os.path.join(out, "dialog.json")
    answer_dialog(script)
    app = App(profile, extra_env={"TRACKMATE_TEST_DIALOG": script})
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

        # Export as GPX through Rust's save dialog (answered from the script file).
        target = os.path.join(out, "van-trip.gpx")
        answer_dialog(script, save=target)
        app.find("export-open").click()
        app.find("export-format-gpx").click()
        app.find("export-save").click()
        done = app.find("export-done", timeout=30)
        assert dialog_answered(script, "save")
        assert target in done.text
        root = ET.parse(target).getroot()
        pts = root.findall(".//g:trkpt", GPX_NS)
        assert len(pts) == n, (len(pts), n)
        assert all(p.find("g:time", GPX_NS) is not None for p in pts)

        # Reopen it as a local file: the same points and distance, shown like a server track.
        # The page cannot read a file by naming it: only a handle from Rust opens one.
        err = app.d.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "window.__TAURI_INTERNALS__.invoke('open_track_file', {handle: arguments[0], slot: 'compare'})"
            ".then(() => done(null), (e) => done(e));",
            target,
        )
        assert err and err.get("kind") == "not_picked", err
        answer_dialog(script, open=[target])
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
