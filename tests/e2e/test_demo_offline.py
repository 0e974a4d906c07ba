"""End-to-end, issue "a living demo on real streets": in demo mode the real app opens no
connection outside loopback — every client that honours proxy settings is pointed at a trap that
records any request, and the sockets of the app's processes (app, WebKit web and network
processes) are read from /proc while it works — and it draws the offline basemap (the bundled
PMTiles streets) under the fleet and a trip on Astana's streets (screenshot, looked at)."""

import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from selenium.webdriver.support.ui import WebDriverWait

from test_app import App, descendants, free_port, open_van_trip, profile, track_features  # noqa: F401 (profile is a fixture)

LOOPBACK = {"0100007F", "00000000", "00000000000000000000000001000000", "00000000000000000000000000000000",
            "0000000000000000FFFF00000100007F"}


class Trap(BaseHTTPRequestHandler):
    """Records every request (any method, CONNECT included) and refuses it."""

    seen = []

    def _any(self):
        Trap.seen.append(f"{self.command} {self.path}")
        self.send_response(403)
        self.end_headers()

    do_GET = do_POST = do_CONNECT = do_HEAD = do_PUT = do_OPTIONS = _any

    def log_message(self, *args):
        pass


def socket_inodes(pids):
    inodes = set()
    for pid in pids:
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                try:
                    target = os.readlink(f"/proc/{pid}/fd/{fd}")
                except OSError:
                    continue
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue
    return inodes


def remote_sockets(pids):
    """(protocol, remote address) of the processes' inet sockets whose peer is not loopback."""
    inodes = socket_inodes(pids)
    out = []
    for proto in ("tcp", "tcp6", "udp", "udp6"):
        try:
            with open(f"/proc/net/{proto}") as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            cols = row.split()
            remote, inode = cols[2], cols[9]
            host = remote.split(":")[0]
            if inode in inodes and host not in LOOPBACK:
                out.append((proto, remote))
    return out


def test_demo_uses_no_network_and_draws_the_offline_basemap(profile):
    trap_port = free_port()
    Trap.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", trap_port), Trap)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    proxy = f"http://127.0.0.1:{trap_port}"
    env = {k: proxy for k in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")}
    env.update({"NO_PROXY": "127.0.0.1,localhost,::1", "no_proxy": "127.0.0.1,localhost,::1"})
    app = App(profile, extra_env=env)
    seen_remote = []
    try:
        open_van_trip(app)
        # The basemap: the bundled streets are drawn (their layers render features offline).
        WebDriverWait(app.d, 60).until(lambda d: d.execute_script(
            "const m = window.__trackmate.map; const ids = m.getStyle().layers.filter(l => l.source === 'offline').map(l => l.id);"
            "return ids.length > 0 && m.queryRenderedFeatures({layers: ids}).length > 0;"))
        for _ in range(10):
            seen_remote += remote_sockets(descendants(app.driver_proc.pid))
            time.sleep(0.5)
        assert track_features(app) > 0
        path = app.shot("demo-offline-basemap.png")
        assert os.path.getsize(path) > 20_000
    finally:
        app.quit()
        server.shutdown()
    assert seen_remote == [], f"connections outside loopback: {seen_remote}"
    assert Trap.seen == [], f"requests that would have left the machine: {Trap.seen}"
