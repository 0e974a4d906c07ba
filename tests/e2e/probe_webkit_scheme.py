"""Diagnosis probe (issue 14 soak), run with the system Python and PyGObject (python3-gi,
gir1.2-webkit2-4.1) under xvfb-run: `xvfb-run -a /usr/bin/python3 tests/e2e/probe_webkit_scheme.py 100 20 240`.
Does WebKitGTK's web process keep memory per custom-scheme fetch (Tauri's invoke on Linux is
a POST to ipc://localhost/<command>)? The page fetches a KB-sized JSON reply R times a second."""
import os, sys, time, json
from probe_webkit import web_rss, web_view
from gi.repository import Gtk, GLib, WebKit2, Gio

size_kb, rate, secs = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
ctx = WebKit2.WebContext.get_default()
body = json.dumps({"list": ["x" * 100] * (size_kb * 10)}).encode()
n = [0]
def on_req(req):
    n[0] += 1
    stream = Gio.MemoryInputStream.new_from_bytes(GLib.Bytes.new(body))
    resp = WebKit2.URISchemeResponse.new(stream, len(body))
    resp.set_content_type("application/json")
    req.finish_with_response(resp)
ctx.register_uri_scheme("ipc", on_req)
ctx.get_security_manager().register_uri_scheme_as_cors_enabled("ipc")
view = web_view(ctx)
page = f"""<script>
let k = 0;
setInterval(async () => {{
  const r = await fetch('ipc://localhost/events_feed', {{method: 'POST', body: JSON.stringify({{k: k++}})}});
  const j = await r.json(); window.last = j.list.length;
}}, {1000 // rate});
</script>"""
view.load_html(page, "ipc://localhost/")

t0 = time.time()
def sample():
    print(f"{time.time() - t0:6.0f} s  fetches {n[0]:6d}  web RSS {web_rss()} MB", flush=True)
    if time.time() - t0 > secs:
        Gtk.main_quit(); return False
    return True
GLib.timeout_add(10000, sample)
Gtk.main()
