"""Diagnosis probe (issue 14 soak), run with the system Python and PyGObject (python3-gi,
gir1.2-webkit2-4.1) under xvfb-run: `xvfb-run -a /usr/bin/python3 tests/e2e/probe_webkit_dom.py rows 30 240`.
Does WebKitGTK's web process keep memory per DOM update of the kind a live batch makes — a dozen
rows whose status, speed and "N s ago" texts are replaced (`rows`), the same with the numbers
written by `Number#toLocaleString` (`intl`), or the same texts set again (`same`)? Runs N updates a second for S seconds, delivered as the app's are (a distinct
evaluate_javascript each); RSS every 10 s."""
import json
import random
import sys
from probe_webkit import run_scripts, web_view

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


def script(k):
    states = [{"label": f"Truck {i}", "movement": random.choice(["moving", "parked", "stopped"]) if mode != "same" else "moving",
               "speed": random.randint(0, 110) if mode != "same" else 42, "ago": k % 600 if mode != "same" else 5} for i in range(12)]
    return f"window.apply({json.dumps({'states': states, 'intl': mode == 'intl'})}); // {k}"


run_scripts(view, rate, secs, script, "updates")
