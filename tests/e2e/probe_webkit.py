"""What the WebKitGTK probes (probe_webkit_*.py, issue 14's soak) share: a window with one web
view in WebKitGTK 2.50 through PyGObject (the app's cache model), and its web process's RSS."""
import os
import time

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402


def web_view(ctx=None):
    """A shown window holding a web view (on `ctx`, the default context when None)."""
    ctx = ctx or WebKit2.WebContext.get_default()
    ctx.set_cache_model(WebKit2.CacheModel.DOCUMENT_VIEWER)
    view = WebKit2.WebView.new_with_context(ctx)
    win = Gtk.Window()
    win.add(view)
    win.set_default_size(800, 600)
    win.show_all()
    return view


def web_rss():
    """RSS in MB of this process's WebKitWebProcess children."""
    tot = 0
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            if "WebKitWebProces" in open(f"/proc/{p}/comm").read() and int(open(f"/proc/{p}/stat").read().split(")")[1].split()[1]) == os.getpid():
                tot += int([line for line in open(f"/proc/{p}/status") if line.startswith("VmRSS")][0].split()[1])
        except (OSError, ValueError, IndexError):
            pass
    return tot // 1024


def run_scripts(view, rate, secs, script, what):
    """After 2 s, evaluates `script(k)` in `view` `rate` times a second (k = 1, 2, …) for `secs`
    seconds, printing the count and the web process's RSS every 10 s; then quits."""
    state = {"k": 0, "t0": time.time(), "next": time.time()}

    def tick():
        state["k"] += 1
        view.evaluate_javascript(script(state["k"]), -1, None, None, None, None, None)
        now = time.time()
        if now >= state["next"]:
            print(f"{now - state['t0']:6.0f} s  {what} {state['k']:6d}  web RSS {web_rss()} MB", flush=True)
            state["next"] += 10
        if now - state["t0"] > secs:
            Gtk.main_quit()
            return False
        return True

    GLib.timeout_add(2000, lambda: (GLib.timeout_add(1000 // rate, tick), False)[1])
    Gtk.main()
