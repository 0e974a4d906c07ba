"""End-to-end, issue 12: the real GTK file dialogs, opened by Rust (the page has no dialog
permission). Export a demo trip as CSV through the native save dialog and open it again through
the native open dialog, typing the paths with xdotool (Ctrl+L, the path, Enter; X input is
delivered in order, so no pauses are needed once the dialog has the focus). The CSV is read with
Python's csv module: no cell starts a spreadsheet formula unless it is a number.

test_insight.py answers the dialogs from TRACKMATE_TEST_DIALOG instead; this test covers the
native picker itself, with the debug build's switch left unset."""

import csv
import math
import os
import subprocess
import tempfile

from selenium.webdriver.support.ui import WebDriverWait

from test_app import App, open_van_trip, profile  # noqa: F401 (profile is a fixture)

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def xdotool(*args):
    return subprocess.run(["xdotool", *args], capture_output=True, text=True, check=True).stdout


def dialog(title, timeout=30):
    """The visible native dialog window titled `title`, once it is shown, with the focus."""
    out = subprocess.run(
        ["timeout", str(timeout), "xdotool", "search", "--sync", "--onlyvisible", "--name", f"^{title}$"],
        capture_output=True, text=True,
    ).stdout.split()
    assert out, f"no dialog {title!r}"
    xdotool("windowfocus", "--sync", out[0])
    return out[0]


def body_has(app, text):
    return WebDriverWait(app.d, 30).until(lambda d: text in d.execute_script("return document.body.innerText;"))


def is_number(cell):
    try:
        return math.isfinite(float(cell)) and cell == cell.strip()
    except ValueError:
        return False


def test_export_and_open_through_the_native_dialogs(profile):
    out = tempfile.mkdtemp(prefix="trackmate-native-")
    target = os.path.join(out, "van-native.csv")
    app = App(profile)
    try:
        open_van_trip(app)
        app.find("stats-summary", timeout=30)
        n = app.d.execute_script("return window.__trackmate.replay.state().points;")

        app.find("export-open").click()
        app.find("export-format-csv").click()
        app.find("export-save").click()
        dialog("Export the track")
        # The name field has the focus: replace the offered name with a whole path.
        xdotool("key", "ctrl+a")
        xdotool("type", target)
        xdotool("key", "Return")
        done = app.find("export-done", timeout=30)
        assert target in done.text
        with open(target, newline="") as f:
            rows = list(csv.reader(f))
        assert len(rows) == n + 1, (len(rows), n)
        for row in rows:
            for cell in row:
                assert not cell.startswith(TRIGGERS) or is_number(cell), cell

        app.find("open-file").click()
        dialog("Open a track file")
        xdotool("key", "ctrl+l")
        xdotool("type", target)
        xdotool("key", "Return")
        body_has(app, "van-native.csv")
        WebDriverWait(app.d, 30).until(
            lambda d: d.execute_script("return window.__trackmate.replay.state().points;") == n
        )
        app.shot("native-dialog-reopened.png")
    finally:
        app.quit()
