"""Diagnosis probe (issue 14 soak), run with the system Python and PyGObject (python3-gi,
gir1.2-webkit2-4.1) under xvfb-run: `xvfb-run -a /usr/bin/python3 tests/e2e/probe_webkit_dom.py rows 30 240`.
Does WebKitGTK's web process keep memory per DOM update of the kind a live batch makes — a dozen
rows whose status, speed and "N s ago" texts are replaced (`rows`), the same with the numbers
written by `Number#toLocaleString` (`intl`), or the same texts set again (`same`)? Runs N updates a second for S seconds, delivered as the app's are (a distinct
evaluate_javascript each); RSS every 10 s."""
import os, sys, time, json, random
from probe_webkit import web_rss, web_view
from gi.repository import Gtk, GLib, WebKit2

mode, rate, secs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
view = web_view()
page = """<ul id="l"></ul><script>
const l = document.getElementById('l');
window.apply = (m) => {
  l.replaceChildren(...m.states.map((s) => {
    const li = document.createElement('li');
    // `intl`: the numbers written as the app writes them (Number#toLocaleString with a locale).
    const speed = m.intl ? s.speed.toLocaleString('en') : s.speed, ago = m.intl ? s.ago.toLocaleString('en') : s.ago;
    li.innerHTML = `<b>${s.label}</b> <span>${s.movement}</span> <span>${speed} km/h</span> <span>${ago} s ago</span>`;
    return li;
  }));
};
</script>"""
view.load_html(page, "http://localhost/")


k = 0
t0 = time.time(); next_sample = t0
def tick():
    global k, next_sample
    k += 1
    states = [{"label": f"Truck {i}", "movement": random.choice(["moving", "parked", "stopped"]) if mode != "same" else "moving",
               "speed": random.randint(0, 110) if mode != "same" else 42, "ago": k % 600 if mode != "same" else 5} for i in range(12)]
    view.evaluate_javascript(f"window.apply({json.dumps({'states': states, 'intl': mode == 'intl'})}); // {k}", -1, None, None, None, None, None)
    now = time.time()
    if now >= next_sample:
        print(f"{now - t0:6.0f} s  updates {k:6d}  web RSS {web_rss()} MB", flush=True)
        next_sample += 10
    if now - t0 > secs:
        Gtk.main_quit(); return False
    return True
GLib.timeout_add(2000, lambda: (GLib.timeout_add(1000 // rate, tick), False)[1])
Gtk.main()
