"""Diagnosis probe (issue 14 soak), run with the system Python and PyGObject (python3-gi,
gir1.2-webkit2-4.1) under xvfb-run: `xvfb-run -a /usr/bin/python3 tests/e2e/probe_webkit_eval.py distinct 50 240`.
Does WebKitGTK's web process keep memory per evaluate_javascript with a distinct script (as
Tauri's Channel delivers each message)? Runs N evals a second for S seconds; RSS every 10 s."""
import json
import random
import sys
from probe_webkit import run_scripts, web_view

mode, rate, secs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
view = web_view()
view.load_html("<script>window.__TAURI_INTERNALS__={runCallback(id,m){window.last=m;window.n=(window.n||0)+1;}}</script><p>x</p>", "http://localhost/")


obj = [{"id": 1000 + i, "lat": 43.2, "lng": 76.9, "speed": 42, "heading": 90, "movement": "moving", "connection": "active", "updated": "2026-12-06T04:00:00+05:00", "label": f"Truck {i}"} for i in range(12)]
def script(k):
    if mode == "distinct":
        for o in obj:
            o["lat"] = 43.2 + random.random() / 100
        return f"window.__TAURI_INTERNALS__.runCallback(7, {{ message: {json.dumps({'states': obj})}, index: {k} }})"
    return "window.__TAURI_INTERNALS__.runCallback(7, { message: window.last, index: 0 })"


run_scripts(view, rate, secs, script, "evals")
