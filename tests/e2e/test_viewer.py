"""End-to-end, issue "a native quick viewer": the real `trackmate view` window under Xvfb.
A demo trip is exported as GPX through the CLI from a running emulator, opened in the viewer
(no tiles: the machine is offline), and the screenshot is checked against our own projection of
the file's points: the line's pixels are where the points project and the plain background is
everywhere else, the window is not blank; Q closes it. `trackmate view --demo` draws the
offline basemap (walkers' vector tiles on wgpu) under the demo vehicle's day: screenshot,
looked at."""

import json
import math
import os
import random
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from test_app import SHOTS, SIM, TARGET, free_port, wait_port

CLI = os.environ.get("TRACKMATE_CLI", os.path.join(TARGET, "debug", "trackmate"))
PLAIN = (0xE9, 0xE6, 0xDF)  # the viewer's background without a map
GPX_NS = {"g": "http://www.topografix.com/GPX/1/1"}


def merc(lat, lng):
    lat = max(-85.05112878, min(85.05112878, lat))
    x = (lng + 180.0) / 360.0
    y = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0
    return x, y


@pytest.fixture
def demo_gpx():
    port = free_port()
    sim = subprocess.Popen([SIM, "--port", str(port), "--seed", "42"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port(port)
        server = f"http://127.0.0.1:{port}/v2"
        env = {**os.environ, "TRACKMATE_PASSWORD": "demo"}
        hash_ = subprocess.run(
            [CLI, "login", "--server", server, "--login", "demo@trackmate.app", "--print-hash", "--no-remember"],
            env=env, check=True, capture_output=True, text=True, timeout=60,
        ).stdout.strip().splitlines()[-1]
        trips = json.loads(subprocess.run(
            [CLI, "--json", "--server", server, "--hash", hash_, "trips", "Van 01", "--from", "2000-01-01"],
            check=True, capture_output=True, text=True, timeout=60,
        ).stdout)["list"]
        assert trips, "the demo van has trips"
        out = os.path.join(tempfile.mkdtemp(prefix="trackmate-view-"), "van01.gpx")
        # Yesterday (today may have just begun): dozens of trips, stops and parkings between them.
        days = sorted({t["start_date"][:10] for t in trips})
        day = days[-2]
        subprocess.run(
            [CLI, "--server", server, "--hash", hash_, "track", "Van 01", "--from", day, "--to", day, "-o", out],
            check=True, capture_output=True, text=True, timeout=120,
        )
        yield out
    finally:
        sim.terminate()
        sim.wait(10)


def gpx_points(path):
    root = ET.parse(path).getroot()
    return [(float(p.get("lat")), float(p.get("lon"))) for p in root.iterfind(".//g:trkpt", GPX_NS)]


def start_viewer(args, probe):
    env = {**os.environ, "TRACKMATE_VIEW_PROBE": probe}
    return subprocess.Popen([CLI, "view", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_probe(proc, probe, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        if os.path.exists(probe) and os.path.getsize(probe) > 0:
            # The pointer (Xvfb puts it mid-screen) over the side panel, so no hover tooltip
            # covers the map. Only now: Xvfb resets the pointer when its last client leaves.
            subprocess.run(["xdotool", "mousemove", "5", "5"], check=True)
            with open(probe) as f:
                return json.load(f)
        if proc.poll() is not None:
            raise AssertionError(f"the viewer exited ({proc.returncode}): {proc.stderr.read()}")
        time.sleep(0.1)
    raise AssertionError("the viewer never drew the track")


def screenshot(name):
    os.makedirs(SHOTS, exist_ok=True)
    path = os.path.join(SHOTS, name)
    subprocess.run(["import", "-window", "root", path], check=True)
    return Image.open(path).convert("RGB")


def near_plain(c):
    return sum(abs(a - b) for a, b in zip(c, PLAIN)) <= 6


@pytest.mark.parametrize("renderer", ["auto", "gl"])
def test_a_gpx_file_is_drawn_where_its_points_project(demo_gpx, renderer):
    """The same checks on both painters: the CPU one (the default) and OpenGL."""
    points = gpx_points(demo_gpx)
    assert len(points) > 500
    probe = demo_gpx + f".{renderer}.probe.json"
    proc = start_viewer([demo_gpx, "--map", "none", "--renderer", renderer], probe)
    tag = "" if renderer == "auto" else f"-{renderer}"
    try:
        view = wait_probe(proc, probe)
        time.sleep(1.5)  # the frame after the probe is on screen
        img = screenshot(f"viewer-gpx{tag}.png")
        with open(f"/proc/{proc.pid}/maps") as f:
            maps = f.read()
        if renderer == "auto":
            # Painted on the CPU: no OpenGL driver (Mesa, LLVM) in the process at all.
            assert "libLLVM" not in maps and "_dri.so" not in maps and "libGL" not in maps
        ppp = view["pixels_per_point"]
        x0, y0, x1, y1 = view["rect"]
        wx, wy = view["window"]
        cx, cy = merc(*view["center"])
        world = 256.0 * 2.0 ** view["zoom"]

        def to_px(lat, lng):
            mx, my = merc(lat, lng)
            sx = (x0 + x1) / 2 + (mx - cx) * world
            sy = (y0 + y1) / 2 + (my - cy) * world
            return ((wx + sx) * ppp, (wy + sy) * ppp)

        inside = lambda x, y: (x0 + wx) * ppp + 3 < x < (x1 + wx) * ppp - 3 and (y0 + wy) * ppp + 3 < y < (y1 + wy) * ppp - 3

        def drawn_near(x, y, r=2):
            for dx in range(-r, r + 1):
                for dy in range(-r, r + 1):
                    if not near_plain(img.getpixel((int(x) + dx, int(y) + dy))):
                        return True
            return False

        projected = [to_px(lat, lng) for lat, lng in points]
        sample = [p for p in projected[:: max(1, len(projected) // 400)] if inside(*p)]
        assert len(sample) > 100, "the fitted track is inside the map"
        hits = sum(drawn_near(x, y) for x, y in sample)
        assert hits / len(sample) >= 0.98, f"line pixels at {hits} of {len(sample)} projected points"

        # Away from the track (≥ 25 px from every projected point) the background is plain:
        # the line is where the points are, not everywhere.
        rnd = random.Random(7)
        grid = {(int(x) // 25, int(y) // 25) for x, y in projected}
        controls = []
        while len(controls) < 300:
            x = rnd.uniform((x0 + wx) * ppp + 5, (x1 + wx) * ppp - 120)
            y = rnd.uniform((y0 + wy) * ppp + 5, (y1 + wy) * ppp - 40)
            gx, gy = int(x) // 25, int(y) // 25
            if any((gx + i, gy + j) in grid for i in (-1, 0, 1) for j in (-1, 0, 1)):
                continue
            controls.append((x, y))
        plain = sum(near_plain(img.getpixel((int(x), int(y)))) for x, y in controls)
        assert plain / len(controls) >= 0.97, f"only {plain} of {len(controls)} points away from the track are background"

        # Keys: + zooms in, → pans, F fits again (the first frame back, pixel for pixel).
        map_box = (int((x0 + wx) * ppp), int((y0 + wy) * ppp), int((x1 + wx) * ppp), int((y1 + wy) * ppp))

        def changed(a, b):
            pa, pb = a.crop(map_box).getdata(), b.crop(map_box).getdata()
            return sum(1 for u, v in zip(pa, pb) if u != v)

        win = subprocess.run(["xdotool", "search", "--name", "van01.gpx"], capture_output=True, text=True).stdout.split()
        assert win, "the window is titled after the file"
        # Focused, so xdotool types through XTEST (real key events, not synthetic ones).
        subprocess.run(["xdotool", "windowfocus", "--sync", win[0]], check=False)
        for keys, name in ((["plus"], "zoomed"), (["Right"], "panned"), (["f"], "fitted")):
            subprocess.run(["xdotool", "key", *keys], check=True)
            time.sleep(1.0)
            shot = screenshot(f"viewer-gpx{tag}-{name}.png")
            if name == "fitted":
                assert changed(img, shot) < 50, "F brings back the fitted view"
            else:
                assert changed(img, shot) > 5000, f"{keys} changed the map"
                img_after = shot
        before_hover = screenshot(f"viewer-gpx{tag}-fitted-2.png")
        assert changed(img_after, before_hover) > 5000

        # Hovering the line shows the nearest point's figures in a tooltip beside it (light or
        # dark as the system's theme): the box beside the pointer is mostly a new, plain panel.
        hx, hy = sample[len(sample) // 2]
        subprocess.run(["xdotool", "mousemove", str(int(hx)), str(int(hy))], check=True)
        time.sleep(1.0)
        hovered = screenshot(f"viewer-gpx{tag}-hover.png")
        near = (int(hx) + 20, int(hy) + 20, int(hx) + 150, int(hy) + 80)
        new_pixels = sum(1 for u, v in zip(hovered.crop(near).getdata(), before_hover.crop(near).getdata()) if u != v)
        assert new_pixels > 2000, f"no tooltip next to the pointer ({new_pixels} pixels changed)"

        # Not blank: the panel, the speed colours, the markers.
        colours = set(img.crop((0, 0, img.width, img.height)).getdata())
        assert len(colours) > 50

        # Q closes the window.
        subprocess.run(["xdotool", "key", "q"], check=True)
        assert proc.wait(15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()


def test_a_file_that_cannot_be_read_is_named_in_the_window_and_the_others_show(demo_gpx, tmp_path):
    broken = tmp_path / "broken.gpx"
    broken.write_text("<gpx><trk><trkseg><trkpt lat=")
    probe = str(tmp_path / "probe.json")
    proc = start_viewer([str(broken), demo_gpx, "--map", "none"], probe)
    try:
        view = wait_probe(proc, probe)
        time.sleep(1.0)
        img = screenshot("viewer-bad-file.png")
        panel_right = int((view["rect"][0] + view["window"][0]) * view["pixels_per_point"])
        panel = img.crop((0, 0, panel_right, img.height))
        red = sum(1 for c in panel.getdata() if c[0] > 170 and c[1] < 80 and c[2] < 80)
        assert red > 300, f"the panel shows the failure in red ({red} red pixels)"
        # the good file is drawn all the same
        x0, y0, x1, y1 = (int(v) for v in view["rect"])
        area = img.crop((x0, y0, x1, y1))
        assert sum(1 for c in area.getdata() if not near_plain(c)) > 2000
    finally:
        proc.kill()
        proc.wait(10)


def test_the_demo_draws_the_offline_basemap_under_the_track(tmp_path):
    probe = str(tmp_path / "probe.json")
    proc = start_viewer(["--demo"], probe)
    try:
        view = wait_probe(proc, probe, timeout=120)
        time.sleep(4)  # vector tiles are decoded off the UI thread
        img = screenshot("viewer-demo-basemap.png")
        x0, y0, x1, y1 = (int(v * view["pixels_per_point"]) for v in view["rect"])
        wx, wy = (int(v) for v in view["window"])
        area = img.crop((x0 + wx, y0 + wy, x1 + wx, y1 + wy))
        counts = {}
        for c in area.getdata():
            counts[c] = counts.get(c, 0) + 1
        # Streets, water, land use, buildings, labels and the track: many colours, and no one
        # of them (a plain background) covers most of the map.
        assert len(counts) > 200, len(counts)
        assert max(counts.values()) / sum(counts.values()) < 0.8
        # The basemap's water colour is there (the Esil river and the lakes).
        water = sum(n for c, n in counts.items() if sum(abs(a - b) for a, b in zip(c, (0xC5, 0xD9, 0xE5))) <= 6)
        assert water > 500, water
    finally:
        proc.kill()
        proc.wait(10)
