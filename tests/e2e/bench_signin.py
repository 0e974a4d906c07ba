"""Memory at the sign-in screen against WebKitGTK's floor: the release app started as a user starts
it (fresh folders, so the sign-in screen shows) and WebKitGTK's own MiniBrowser on `about:blank`,
alternately, each left alone `--idle` seconds, then RSS and PSS summed over the process and all
its descendants (the web process, the network process). Prints a Markdown table, medians and
ranges; the app's margin over the floor is what issue 16 bounds (≤ 60 MB).

Run through the harness (Xvfb, private D-Bus, keyring): `TRACKMATE_APP=target/release/trackmate-app
bash tests/e2e/harness.sh python3 tests/e2e/bench_signin.py --runs 3`.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_webview import mem_mb, proc_tree  # noqa: E402
from test_app import APP  # noqa: E402

MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"


def measure(cmd, env, idle):
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(idle)
        assert proc.poll() is None, f"{cmd[0]} exited ({proc.returncode})"
        rss = pss = n = 0
        parts = {}
        for pid, (_, comm, exe) in proc_tree(proc.pid).items():
            r, p = mem_mb(pid)
            rss, pss, n = rss + r, pss + p, n + 1
            name = os.path.basename(exe).removesuffix(" (deleted)") or comm
            part = "web" if "WebKitWebProces" in name else "network" if "WebKitNetworkPr" in name else "ui"
            parts[part] = parts.get(part, 0) + r
        return {"rss": rss, "pss": pss, "processes": n, "parts": parts}
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def one(kind, idle):
    home = tempfile.mkdtemp(prefix=f"trackmate-signin-{kind}-")
    env = dict(os.environ)
    for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[k] = os.path.join(home, k.lower())
        os.makedirs(env[k], exist_ok=True)
    try:
        cmd = [APP] if kind == "app" else [MINIBROWSER, "about:blank"]
        return measure(cmd, env, idle)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def spread(xs):
    return f"{statistics.median(xs):.0f} ({min(xs)}–{max(xs)})"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--idle", type=float, default=10.0)
    a = ap.parse_args()
    got = {"app": [], "minibrowser": []}
    for _ in range(a.runs):
        for kind in got:
            got[kind].append(one(kind, a.idle))
    print("\n| what | RSS MB | PSS MB | processes | RSS MB: UI process / web / network |\n|---|---:|---:|---:|---:|")
    for kind, rows in got.items():
        parts = " / ".join(f"{statistics.median([r['parts'].get(k, 0) for r in rows]):.0f}" for k in ("ui", "web", "network"))
        print(f"| {kind} | {spread([r['rss'] for r in rows])} | {spread([r['pss'] for r in rows])} | {rows[0]['processes']} | {parts} |")
    app, floor = (statistics.median([r["rss"] for r in got[k]]) for k in ("app", "minibrowser"))
    app_p, floor_p = (statistics.median([r["pss"] for r in got[k]]) for k in ("app", "minibrowser"))
    print(f"\nthe app over the floor: RSS +{app - floor:.0f} MB, PSS +{app_p - floor_p:.0f} MB (medians of {a.runs})")


if __name__ == "__main__":
    main()
