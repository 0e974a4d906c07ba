"""End-to-end: the real app binary under Xvfb, driven through tauri-driver + WebKitWebDriver,
against the embedded demo and a separately started trackmate-sim. Run by tests/e2e/run.sh."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
import json
import ctypes

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.options import ArgOptions
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# Where cargo put the binaries run.sh built (CARGO_TARGET_DIR when set, as cargo itself reads it).
TARGET = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
APP = os.environ.get("TRACKMATE_APP", os.path.join(TARGET, "debug", "trackmate-app"))
SIM = os.environ.get("TRACKMATE_SIM", os.path.join(TARGET, "debug", "trackmate-sim"))
SHOTS = os.environ.get("TRACKMATE_SHOTS", os.path.join(ROOT, "target", "e2e-shots"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"port {port} did not open")


class App:
    """One run of the app: tauri-driver (and through it WebKitWebDriver and the app) with its
    own data folders; `profile` keeps the folders across restarts."""

    def __init__(self, profile, extra_env=None, log=None):
        """`log`: an open file for the driver's and so the app's and web process's stderr (a
        bench reading WebKit's own logs); nothing is kept otherwise."""
        self.profile = profile
        env = dict(os.environ)
        env.update(extra_env or {})
        for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            env[k] = os.path.join(profile, k.lower())
            os.makedirs(env[k], exist_ok=True)
        # One service for the suite (a test may set its own to start with nothing remembered).
        env["TRACKMATE_KEYRING_SERVICE"] = (extra_env or {}).get("TRACKMATE_KEYRING_SERVICE", "app.trackmate.e2e")
        self.port = free_port()
        self.native = free_port()
        self.driver_proc = subprocess.Popen(
            ["tauri-driver", "--port", str(self.port), "--native-port", str(self.native)],
            env=env, stdout=subprocess.DEVNULL, stderr=log or subprocess.DEVNULL,
        )
        # tauri-driver answers before the WebKitWebDriver it starts does; a session asked for in
        # between is dropped (RECIPES.md): wait for both, and retry once if it still happens.
        wait_port(self.port)
        wait_port(self.native)
        opts = ArgOptions()
        opts.set_capability("browserName", "wry")
        opts.set_capability("tauri:options", {"application": APP})
        for attempt in range(3):
            try:
                self.d = webdriver.Remote(command_executor=f"http://127.0.0.1:{self.port}", options=opts)
                break
            except Exception:  # connection dropped while the native driver came up
                if attempt == 2:
                    raise
                time.sleep(1)
        self.d.implicitly_wait(0)

    def find(self, testid, timeout=30):
        return WebDriverWait(self.d, timeout).until(
            lambda d: next(iter(d.find_elements(By.CSS_SELECTOR, f'[data-testid="{testid}"]')), None)
        )

    def click(self, selector, timeout=30):
        """Clicks the first element matching the CSS `selector`, found again if the page replaced
        it meanwhile (the live fleet re-renders rows as states stream in)."""
        def go(d):
            el = next(iter(d.find_elements(By.CSS_SELECTOR, selector)), None)
            if el is None:
                return False
            el.click()
            return True
        WebDriverWait(self.d, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(go)

    def all(self, testid):
        return self.d.find_elements(By.CSS_SELECTOR, f'[data-testid="{testid}"]')

    def gone(self, testid, timeout=30):
        WebDriverWait(self.d, timeout).until(lambda d: not d.find_elements(By.CSS_SELECTOR, f'[data-testid="{testid}"]'))

    def type(self, testid, text):
        el = self.find(testid)
        el.clear()
        el.send_keys(text)

    def shot(self, name):
        # WebKitWebDriver's screenshot waits for the page's next paint, and a page where nothing
        # changes (the sign-in card once it fits the window: no scrollbar either) never paints
        # again: keep one near-transparent pixel in the corner changing for a second.
        self.d.execute_script(
            "const d = document.createElement('div');"
            "d.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none;opacity:0.01;z-index:2147483647';"
            "document.body.append(d); let n = 0;"
            "const tick = () => { d.style.background = n++ % 2 ? '#000' : '#fff'; if (n < 60) requestAnimationFrame(tick); else d.remove(); };"
            "requestAnimationFrame(tick);"
        )
        # Under load the web process may not have painted the last DOM change yet.
        time.sleep(0.5)
        os.makedirs(SHOTS, exist_ok=True)
        path = os.path.join(SHOTS, name)
        self.d.save_screenshot(path)
        return path

    def close_window(self, timeout=30):
        """Closes the window as a window manager would (WM_DELETE_WINDOW), so the app exits the
        normal way (window-state saves on exit), then ends the driver. WebDriver's own close only
        destroys the web view, and quit() kills the app."""
        wid = int(subprocess.check_output(["xdotool", "search", "--sync", "--onlyvisible", "--name", "^Trackmate$"], timeout=timeout).split()[0])
        send_wm_delete(wid)
        app_pids = [p for p in descendants(self.driver_proc.pid) if os.path.basename(exe_of(p)) == os.path.basename(APP)]
        end = time.time() + timeout
        while time.time() < end and any(alive(p) for p in app_pids):
            time.sleep(0.2)
        assert not any(alive(p) for p in app_pids), "the app did not exit when its window was closed"
        try:
            self.d.quit()
        except Exception:
            pass  # the browser is gone already
        self.driver_proc.terminate()
        self.driver_proc.wait(10)

    def quit(self):
        try:
            self.d.quit()
        finally:
            time.sleep(1)  # let the driver close the app before it goes (RECIPES.md)
            self.driver_proc.terminate()
            self.driver_proc.wait(10)


def exe_of(pid):
    try:
        return os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return ""


def alive(pid):
    """Running (a zombie counts as gone: PID 1 does not reap here)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def descendants(root):
    children = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(d))
            except (OSError, ValueError, IndexError):
                pass
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


class _ClientMessage(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
                ("format", ctypes.c_int), ("l", ctypes.c_long * 5)]


class _XEvent(ctypes.Union):
    _fields_ = [("xclient", _ClientMessage), ("pad", ctypes.c_long * 24)]


def send_wm_delete(window):
    """The WM_DELETE_WINDOW client message a window manager sends when the user closes a window
    (there is no window manager under Xvfb)."""
    x = ctypes.cdll.LoadLibrary("libX11.so.6")
    x.XOpenDisplay.restype = ctypes.c_void_p
    x.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x.XInternAtom.restype = ctypes.c_ulong
    x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.POINTER(_XEvent)]
    x.XFlush.argtypes = x.XCloseDisplay.argtypes = [ctypes.c_void_p]
    dpy = x.XOpenDisplay(None)
    assert dpy, "no X display"
    ev = _XEvent()
    ev.xclient.type = 33  # ClientMessage
    ev.xclient.window = window
    ev.xclient.message_type = x.XInternAtom(dpy, b"WM_PROTOCOLS", 0)
    ev.xclient.format = 32
    ev.xclient.l[0] = x.XInternAtom(dpy, b"WM_DELETE_WINDOW", 0)
    ev.xclient.l[1] = 0  # CurrentTime
    x.XSendEvent(dpy, window, 0, 0, ctypes.byref(ev))
    x.XFlush(dpy)
    x.XCloseDisplay(dpy)


@pytest.fixture
def profile():
    p = tempfile.mkdtemp(prefix="trackmate-e2e-")
    yield p
    shutil.rmtree(p, ignore_errors=True)


@pytest.fixture
def sim():
    port = free_port()
    proc = subprocess.Popen([SIM, "--port", str(port), "--seed", "7"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    wait_port(port)
    yield f"http://127.0.0.1:{port}/v2"
    proc.terminate()
    proc.wait(10)


def track_features(app):
    """How much of the shown track is drawn: the line's rendered features (GeoJSON renderer), or
    the vertices of the last frame the GPU layer drew (test hooks on); 0 while nothing is."""
    return app.d.execute_script(
        "const t = window.__trackmate, m = t && t.map;"
        "if (!m) return 0;"
        "if (t.trackRenderer === 'gpu') { const d = t.trackDrawn; return d && d.frames > 0 && d.points > 0 ? d.vertices : 0; }"
        "if (!m.getLayer('track-line')) return 0;"
        "return m.queryRenderedFeatures({layers: ['track-line']}).length;"
    )


def open_van_trip(app):
    """Demo → Van 01 → yesterday's first regular trip shown and drawn (test hooks on)."""
    app.d.execute_script("window.__TRACKMATE_TEST__ = true;")
    app.find("demo").click()
    rows = WebDriverWait(app.d, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="object-row"]'))
    assert len(rows) >= 12
    app.type("object-search", "Van 01")
    WebDriverWait(app.d, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, '[data-testid="object-row"]')) == 1)
    app.click('[data-testid="object-row"]')
    trips = yesterdays_trips(app)
    assert trips, "the demo van drove yesterday"
    app.click('[data-testid="trip-row"][data-kind="regular"]')
    app.find("show-selected").click()
    WebDriverWait(app.d, 60).until(lambda d: track_features(app) > 0)


def yesterdays_trips(app):
    """Yesterday's regular trips of the selected object: "today" may have none yet (just after
    midnight in the demo's time zone, Asia/Almaty)."""
    app.find("period-yesterday").click()
    # Yesterday's list, not today's still on screen while it loads.
    WebDriverWait(app.d, 60).until(lambda d: app.find("trip-list").get_attribute("aria-busy") == "false")
    return WebDriverWait(app.d, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="trip-row"][data-kind="regular"]'))


def sign_in(app, server, login, password, remember):
    app.find("preset")
    app.d.execute_script(
        "const s = document.querySelector('[data-testid=preset]');"
        "s.value = s.querySelector('option:last-child').value; s.dispatchEvent(new Event('change'));"
    )
    app.type("custom-url", server)
    app.type("login", login)
    app.type("password", password)
    box = app.find("remember")
    if box.is_selected() != remember:
        box.click()
    app.find("submit").click()


def test_demo_object_trip_track_on_the_map(profile):
    app = App(profile)
    try:
        open_van_trip(app)
        summary = app.find("track-summary", timeout=60)
        assert "point" in summary.text.lower() or "точ" in summary.text.lower()
        app.find("speed-legend")
        time.sleep(1)
        path = app.shot("main-window-track.png")
        assert os.path.getsize(path) > 10_000
    finally:
        app.quit()


def test_sign_in_card_fits_the_first_window(profile):
    """At the app's first window size the whole sign-in card for a hosted server, "Try the demo" and
    its note included, shows without scrolling, whichever choice of what to remember (each has its
    own note); with a company's own server, the sign-in button is in view in every language. The
    browser tests check every language in Chromium; this checks WebKit's fonts."""
    # A keyring service of its own: nothing remembered by an earlier test (a session that ended
    # adds a notice; a custom server its address field).
    app = App(profile, extra_env={"TRACKMATE_KEYRING_SERVICE": f"app.trackmate.e2e.first-{time.time_ns()}"})
    try:
        app.find("signin-form", timeout=60)
        assert not app.d.find_elements(By.CSS_SELECTOR, '[data-testid="signin-error"]')
        for choice in ("remember-nothing", "remember-password", "remember-session"):
            app.find(choice)
            # The click's change reaches the DOM in a microtask, before the next command reads it.
            app.d.execute_script("document.querySelector(`[data-testid=${arguments[0]}]`).click();", choice)
            box = app.d.execute_script(
                "const s = document.querySelector('.screen'), c = document.querySelector('main.card').getBoundingClientRect();"
                "return {top: c.top, bottom: c.bottom, height: innerHeight, scroll: s.scrollHeight - s.clientHeight};")
            assert box["top"] >= 0 and box["bottom"] <= box["height"] and box["scroll"] <= 0, (choice, box)
        # A company's own server adds its address, a hint and the CA field: the sign-in button is
        # still in view, in every language (what is under it may take a scroll).
        Select(app.find("preset")).select_by_value("custom")
        app.type("custom-url", "https://api.fleet.example.com/")
        app.find("ca-field")
        over = []
        for lang in app.d.execute_script(
                "return [...document.querySelectorAll('[data-testid=language] option')].map((o) => o.value);"):
            Select(app.find("language")).select_by_value(lang)
            WebDriverWait(app.d, 10).until(lambda d: d.execute_script("return document.documentElement.lang;") == lang)
            for choice in ("remember-nothing", "remember-password", "remember-session"):
                app.d.execute_script("document.querySelector(`[data-testid=${arguments[0]}]`).click();", choice)
                box = app.d.execute_script(
                    "const c = document.querySelector('main.card').getBoundingClientRect(),"
                    " b = document.querySelector('[data-testid=submit]').getBoundingClientRect();"
                    "return {top: c.top, submit: b.bottom, height: innerHeight};")
                if not (box["top"] >= 0 and box["submit"] <= box["height"]):
                    over.append((lang, choice, box))
        assert not over, over
    finally:
        app.quit()


def test_wrong_then_right_password(profile, sim):
    app = App(profile)
    try:
        sign_in(app, sim, "demo@trackmate.app", "not-it", remember=False)
        err = app.find("signin-error")
        WebDriverWait(app.d, 30).until(lambda d: err.text.strip() != "")
        assert "password" in err.text.lower() or "пароль" in err.text.lower()
        app.shot("signin-wrong-password.png")
        app.type("password", "demo")
        app.find("submit").click()
        rows = WebDriverWait(app.d, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="object-row"]'))
        assert len(rows) >= 12
    finally:
        app.quit()


def test_remember_me_survives_a_restart_and_sign_out_removes_it(profile, sim):
    app = App(profile)
    try:
        sign_in(app, sim, "demo@trackmate.app", "demo", remember=True)
        WebDriverWait(app.d, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="object-row"]'))
    finally:
        app.quit()
    app = App(profile)
    try:
        # Straight to the main window: the session came back from the OS keyring.
        WebDriverWait(app.d, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="object-row"]'))
        assert not app.all("signin-form")
        app.find("sign-out").click()
        app.find("signin-form", timeout=30)
    finally:
        app.quit()
    app = App(profile)
    try:
        app.find("signin-form", timeout=60)
        time.sleep(2)
        assert not app.all("object-row"), "after sign-out nothing is remembered"
    finally:
        app.quit()


def test_window_size_and_position_survive_a_restart(profile):
    app = App(profile)
    try:
        app.find("signin-form", timeout=60)
        first = app.d.get_window_rect()
        want = {"x": 60, "y": 40, "width": 1010, "height": 650}
        assert (first["width"], first["height"]) != (want["width"], want["height"])
        app.d.set_window_rect(**want)
        WebDriverWait(app.d, 10).until(lambda d: (d.get_window_rect()["width"], d.get_window_rect()["height"]) == (want["width"], want["height"]))
        time.sleep(1)  # the plugin records Moved/Resized as they come
        app.close_window()
    except BaseException:
        app.quit()
        raise
    saved = os.path.join(profile, "xdg_config_home", "app.trackmate", ".window-state.json")
    assert os.path.exists(saved), "the window state is saved when the app exits"
    app = App(profile)
    try:
        app.find("signin-form", timeout=60)
        time.sleep(1)
        got = app.d.get_window_rect()
        assert (got["width"], got["height"]) == (want["width"], want["height"]), (got, open(saved).read())
        assert (got["x"], got["y"]) == (want["x"], want["y"]), (got, open(saved).read())
    finally:
        app.quit()
