#!/usr/bin/env bash
# Benchmarks the native viewer (`trackmate view`) against Debian's Viking on the same track
# files, under Xvfb, and prints a markdown table (see BENCHMARKS.md, "Native viewer").
#
#   bash scripts/bench-viewer.sh [--runs N] [--pans N] [--key-pans N] [--no-viking] [--no-build]
#
# What it does:
# - installs what it needs with apt-get when run as root (Xvfb, a C compiler and the X11/XTest/
#   DAMAGE headers for the probe, mesa-utils for the renderer string, and viking; Viking is skipped
#   when it cannot be installed);
# - builds the release CLI (`cargo build --release -p trackmate-cli`) unless --no-build;
# - writes two deterministic GPX 1.1 files (fixed seed) into target/bench-viewer/: 100,000
#   and 1,000,000 one-second fixes of a vehicle around Astana (51.16, 71.43), five <trkseg>,
#   with elevation, time, speed and course (Garmin TrackPointExtension);
# - compiles a small X11 probe (target/bench-viewer/probe) that starts a viewer, grabs the
#   window's map area through the X server each time the server reports it drawn (DAMAGE;
#   the first look when the window appears) and reports when the map area first shows the
#   track (≥ 300 saturated pixels, which neither viewer's empty map has), when the picture
#   stops changing, the idle RSS/PSS of the process tree 5 s later, and the latency of
#   alternating Right/Left arrow-key pans (key sent → last change of the picture);
# - runs each viewer N times per file (median reported) and trackmate's own instrumentation
#   (TRACKMATE_VIEW_BENCH=1 and pan:N).
# Everything it starts (Xvfb, viewers) is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/bench-viewer
RUNS=3
PANS=300
KEY_PANS=20
VIKING=1
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --pans) PANS=$2; shift 2 ;;
    --key-pans) KEY_PANS=$2; shift 2 ;;
    --no-viking) VIKING=0; shift ;;
    --no-build) BUILD=0; shift ;;
    *) echo "usage: $0 [--runs N] [--pans N] [--key-pans N] [--no-viking] [--no-build]" >&2; exit 2 ;;
  esac
done
mkdir -p "$OUT"
log() { echo "bench-viewer: $*" >&2; }

# --- tools -------------------------------------------------------------------------------
need=()
for p in xvfb gcc libx11-dev libxtst-dev libxdamage-dev libxfixes-dev mesa-utils; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
want_viking=0
if [ "$VIKING" = 1 ] && ! command -v viking >/dev/null; then want_viking=1; fi
if [ ${#need[@]} -gt 0 ] || [ $want_viking = 1 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    if [ ${#need[@]} -gt 0 ]; then
      log "installing ${need[*]}"
      apt-get install -y --no-install-recommends "${need[@]}" >/dev/null 2>&1 \
        || { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends "${need[@]}" >/dev/null; }
    fi
    if [ $want_viking = 1 ]; then
      log "installing viking"
      apt-get install -y viking >/dev/null 2>&1 || log "viking could not be installed; skipping it"
    fi
  else
    log "not root: install ${need[*]} (and viking) first"
  fi
fi
if [ "$VIKING" = 1 ] && ! command -v viking >/dev/null; then VIKING=0; fi
for t in Xvfb gcc; do command -v $t >/dev/null || { log "$t is required"; exit 1; }; done

if [ "$BUILD" = 1 ]; then
  log "building the release CLI"
  cargo build --release -p trackmate-cli >&2
fi
TM=$ROOT/target/release/trackmate
[ -x "$TM" ] || { log "$TM not built"; exit 1; }

# --- test files --------------------------------------------------------------------------
cat > "$OUT/gen.py" <<'EOF'
"""Deterministic GPX 1.1 vehicle track: a random walk around Astana, one fix a second."""
import datetime, math, random, sys

def gen(n, path, seed=20261127):
    rnd = random.Random(seed)
    lat, lon, ele = 51.16, 71.43, 347.0
    heading, speed, target, stop_left = rnd.uniform(0, 360), 0.0, rnd.uniform(5, 25), 0
    t = datetime.datetime(2026, 11, 20, tzinfo=datetime.timezone.utc)
    nseg = 5
    per = n // nseg
    with open(path, "w", buffering=1 << 20) as out:
        w = out.write
        w('<?xml version="1.0" encoding="UTF-8"?>\n')
        w('<gpx version="1.1" creator="trackmate bench-viewer" xmlns="http://www.topografix.com/GPX/1/1" '
          'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v2">\n')
        w("<trk><name>bench %d points</name>\n" % n)
        for s in range(nseg):
            w("<trkseg>\n")
            for _ in range(per if s < nseg - 1 else n - per * (nseg - 1)):
                if stop_left > 0:  # stopped (lights, parking): brake to zero
                    stop_left -= 1
                    speed = max(0.0, speed - 3.0)
                else:
                    if rnd.random() < 0.002:
                        stop_left = rnd.randint(10, 90)
                    if rnd.random() < 0.01:
                        target = rnd.uniform(3, 30)
                    speed += max(-2.5, min(1.5, (target - speed) * 0.1)) + rnd.gauss(0, 0.2)
                    speed = max(0.0, min(33.0, speed))  # m/s, up to ~120 km/h
                if speed > 0.5:
                    heading += rnd.gauss(0, 2.0)
                    if rnd.random() < 0.003:
                        heading += rnd.choice((-90, 90))  # a turn at a crossing
                dy = (lat - 51.16) * 111320
                dx = (lon - 71.43) * 111320 * math.cos(math.radians(51.16))
                if math.hypot(dx, dy) > 25000:  # stay within ~25 km of the centre
                    back = math.degrees(math.atan2(-dx, -dy)) % 360
                    heading += ((back - heading + 180) % 360 - 180) * 0.05
                h = math.radians(heading)
                lat += speed * math.cos(h) / 111320
                lon += speed * math.sin(h) / (111320 * math.cos(math.radians(lat)))
                ele = min(450.0, max(300.0, ele + rnd.gauss(0, 0.15)))
                w('<trkpt lat="%.7f" lon="%.7f"><ele>%.1f</ele><time>%s</time>'
                  "<extensions><gpxtpx:TrackPointExtension><gpxtpx:speed>%.2f</gpxtpx:speed>"
                  "<gpxtpx:course>%.0f</gpxtpx:course></gpxtpx:TrackPointExtension></extensions></trkpt>\n"
                  % (lat + rnd.gauss(0, 1.5) / 111320, lon + rnd.gauss(0, 1.5) / 70000, ele,
                     t.strftime("%Y-%m-%dT%H:%M:%SZ"), speed, heading % 360))
                t += datetime.timedelta(seconds=1)
            w("</trkseg>\n")
            t += datetime.timedelta(minutes=rnd.randint(20, 120))  # parked between trips
        w("</trk>\n</gpx>\n")

gen(int(sys.argv[1]), sys.argv[2])
EOF
GEN_SUM=$(sha256sum "$OUT/gen.py" | cut -c1-16)
for spec in 100000:100k 1000000:1m; do
  n=${spec%%:*}; tag=${spec##*:}; f=$OUT/pts-$tag.gpx
  if [ ! -s "$f" ] || [ "$(cat "$f.gen" 2>/dev/null)" != "$GEN_SUM" ]; then
    log "writing $f ($n points)"
    python3 "$OUT/gen.py" "$n" "$f.tmp" && mv "$f.tmp" "$f" && echo "$GEN_SUM" > "$f.gen"
  fi
done

# --- the probe ---------------------------------------------------------------------------
cat > "$OUT/probe.c" <<'EOF'
/* bench-viewer probe: starts a viewer, watches its window through the X server and reports
 * when the track becomes visible, when the picture settles, the idle RSS of the process tree,
 * and the latency of arrow-key pans. Output: key=value lines on stdout. */
#define _GNU_SOURCE
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XTest.h>
#include <X11/extensions/Xdamage.h>
#include <X11/extensions/Xfixes.h>
#include <dirent.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double t0;
static double now_ms(void) {
  struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}
static void sleep_ms(double ms) {
  struct timespec ts = {(time_t)(ms / 1e3), (long)(((long long)(ms * 1e6)) % 1000000000LL)};
  nanosleep(&ts, 0);
}

static Display *dpy;
static int L = 0, T = 0, R = 0, B = 0; /* insets of the watched map area inside the window */
static int minpix = 300, sat = 70;
static pid_t child;

/* The largest viewable top-level window: the viewer's main window (no window manager). */
static Window main_window(int *x, int *y, int *w, int *h) {
  Window root = DefaultRootWindow(dpy), r, p, *kids = 0, best = 0; unsigned n = 0; long area = 0;
  if (!XQueryTree(dpy, root, &r, &p, &kids, &n)) return 0;
  for (unsigned i = 0; i < n; i++) {
    XWindowAttributes a;
    if (!XGetWindowAttributes(dpy, kids[i], &a) || a.map_state != IsViewable || a.class == InputOnly) continue;
    if (a.width >= DisplayWidth(dpy, 0) && a.height >= DisplayHeight(dpy, 0)) continue;
    long ar = (long)a.width * a.height;
    if (ar > area) { area = ar; best = kids[i]; *x = a.x; *y = a.y; *w = a.width; *h = a.height; }
  }
  if (kids) XFree(kids);
  return best;
}

/* The map area: how many saturated pixels (the track; both viewers' empty maps are grey)
 * and a hash of the whole area (to see when it changes). */
struct shot { int ok; long track; unsigned long long hash; };
static int g_x, g_y, g_w, g_h;
static struct shot grab(void) {
  struct shot s = {0, 0, 1469598103934665603ULL};
  if (!main_window(&g_x, &g_y, &g_w, &g_h)) return s;
  int x = g_x + L, y = g_y + T, w = g_w - L - R, h = g_h - T - B;
  int sw = DisplayWidth(dpy, 0), sh = DisplayHeight(dpy, 0);
  if (x < 0) { w += x; x = 0; }
  if (y < 0) { h += y; y = 0; }
  if (x + w > sw) w = sw - x;
  if (y + h > sh) h = sh - y;
  if (w <= 0 || h <= 0) return s;
  XImage *im = XGetImage(dpy, DefaultRootWindow(dpy), x, y, w, h, AllPlanes, ZPixmap);
  if (!im) return s;
  for (int j = 0; j < h; j++) {
    unsigned int *row = (unsigned int *)(im->data + (long)j * im->bytes_per_line);
    for (int i = 0; i < w; i++) {
      unsigned int px = row[i] & 0xffffff;
      int r = px >> 16, g = (px >> 8) & 255, b = px & 255;
      int mx = r > g ? (r > b ? r : b) : (g > b ? g : b), mn = r < g ? (r < b ? r : b) : (g < b ? g : b);
      if (mx - mn >= sat) s.track++;
      s.hash = (s.hash ^ px) * 1099511628211ULL;
    }
  }
  XDestroyImage(im);
  s.ok = 1;
  return s;
}

static void save_ppm(const char *path) {
  int sw = DisplayWidth(dpy, 0), sh = DisplayHeight(dpy, 0);
  XImage *im = XGetImage(dpy, DefaultRootWindow(dpy), 0, 0, sw, sh, AllPlanes, ZPixmap);
  FILE *f = fopen(path, "wb");
  if (!f || !im) return;
  fprintf(f, "P6\n%d %d\n255\n", sw, sh);
  for (int j = 0; j < sh; j++)
    for (int i = 0; i < sw; i++) {
      unsigned long px = XGetPixel(im, i, j);
      fputc((px >> 16) & 255, f); fputc((px >> 8) & 255, f); fputc(px & 255, f);
    }
  fclose(f); XDestroyImage(im);
}

/* VmRSS and Pss summed over the process and its descendants. */
static long proc_kb(int pid, const char *file, const char *key) {
  char p[64], line[256]; snprintf(p, sizeof p, "/proc/%d/%s", pid, file);
  FILE *f = fopen(p, "r"); if (!f) return 0;
  long v = 0;
  while (fgets(line, sizeof line, f))
    if (!strncmp(line, key, strlen(key))) { v = atol(line + strlen(key)); break; }
  fclose(f); return v;
}
static int ppid_of(int pid) {
  char p[64], buf[1024]; snprintf(p, sizeof p, "/proc/%d/stat", pid);
  FILE *f = fopen(p, "r"); if (!f) return -1;
  size_t n = fread(buf, 1, sizeof buf - 1, f); fclose(f); buf[n] = 0;
  char *c = strrchr(buf, ')'); if (!c) return -1;
  int pp; char st;
  return sscanf(c + 2, "%c %d", &st, &pp) == 2 ? pp : -1;
}
static void tree_mem(int root, long *rss, long *pss, int *procs) {
  int pids[4096], n = 0; pids[n++] = root; *rss = *pss = 0; *procs = 0;
  for (int changed = 1; changed;) {
    changed = 0;
    DIR *d = opendir("/proc"); struct dirent *e;
    while ((e = readdir(d))) {
      int pid = atoi(e->d_name), known = 0;
      if (pid <= 0) continue;
      for (int k = 0; k < n; k++) if (pids[k] == pid) known = 1;
      if (known) continue;
      int pp = ppid_of(pid);
      for (int k = 0; k < n; k++) if (pids[k] == pp && n < 4096) { pids[n++] = pid; changed = 1; break; }
    }
    closedir(d);
  }
  for (int k = 0; k < n; k++) {
    long r = proc_kb(pids[k], "status", "VmRSS:");
    if (r > 0) { *rss += r; (*procs)++; }
    *pss += proc_kb(pids[k], "smaps_rollup", "Pss:");
  }
}

static void stop_child(void) {
  if (child <= 0) return;
  kill(-child, SIGTERM);
  for (int i = 0; i < 40; i++) {
    if (waitpid(child, 0, WNOHANG) == child) { child = 0; return; }
    sleep_ms(50);
  }
  kill(-child, SIGKILL); waitpid(child, 0, 0); child = 0;
}
static void on_signal(int sig) { (void)sig; if (child > 0) kill(-child, SIGKILL); _exit(1); }

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  int settle = 600, timeout = 180, idle = 0, pans = 0, poll_ms = 15;
  const char *key = "Right", *out = 0;
  int o;
  while ((o = getopt(argc, argv, "r:m:c:s:T:i:k:K:o:p:")) != -1) switch (o) {
    case 'r': sscanf(optarg, "%d,%d,%d,%d", &L, &T, &R, &B); break;
    case 'm': minpix = atoi(optarg); break;
    case 'c': sat = atoi(optarg); break;
    case 's': settle = atoi(optarg); break;
    case 'T': timeout = atoi(optarg); break;
    case 'i': idle = atoi(optarg); break;
    case 'k': pans = atoi(optarg); break;
    case 'K': key = optarg; break;
    case 'o': out = optarg; break;
    case 'p': poll_ms = atoi(optarg); break;
    default:
      fprintf(stderr, "usage: probe [-r l,t,r,b] [-m px] [-s ms] [-i s] [-k n -K key,key] [-o ppm] -- cmd...\n");
      return 2;
  }
  if (optind >= argc) return 2;
  if (!(dpy = XOpenDisplay(0))) { fprintf(stderr, "probe: no display\n"); return 2; }
  signal(SIGINT, on_signal); signal(SIGTERM, on_signal); signal(SIGHUP, on_signal);
  t0 = now_ms();
  child = fork();
  if (child == 0) { setpgid(0, 0); dup2(2, 1); execvp(argv[optind], argv + optind); perror("exec"); _exit(127); }
  setpgid(child, child);
  /* start → first grab with the track → last change before `settle` ms of no change.
   * The map area is grabbed when the X server reports it drawn (DAMAGE), not every few ms:
   * a grab costs the X server and the probe some milliseconds of the two cores, and polling
   * took ~120 ms from trackmate's reading threads at 1M (its own first-frame mark, under the
   * polling probe and without it). Both viewers are watched the same way. */
  int dmg_event, dmg_error;
  if (!XDamageQueryExtension(dpy, &dmg_event, &dmg_error)) { fprintf(stderr, "probe: no DAMAGE\n"); return 2; }
  Window watched = 0; Damage damage = 0; XserverRegion parts = XFixesCreateRegion(dpy, 0, 0);
  double visible = -1, last_change = -1; unsigned long long prev = 0; long track = 0;
  for (;;) {
    double t = now_ms() - t0;
    if (t > timeout * 1e3) { printf("error=timeout\n"); stop_child(); return 1; }
    if (waitpid(child, 0, WNOHANG) == child) { child = 0; printf("error=exited at %.0f ms\n", t); return 1; }
    int drawn = 0;
    Window w = main_window(&g_x, &g_y, &g_w, &g_h);
    if (w && w != watched) {
      /* a new main window: watch it, and look at it once as it is */
      if (damage) XDamageDestroy(dpy, damage);
      damage = XDamageCreate(dpy, w, XDamageReportNonEmpty);
      watched = w; drawn = 1;
    }
    while (XPending(dpy)) {
      XEvent ev; XNextEvent(dpy, &ev);
      if (ev.type != dmg_event + XDamageNotify) continue;
      /* what was drawn since the last look: does it touch the map area (window coordinates)? */
      XDamageSubtract(dpy, ((XDamageNotifyEvent *)&ev)->damage, None, parts);
      int n = 0; XRectangle *r = XFixesFetchRegion(dpy, parts, &n);
      for (int k = 0; k < n; k++)
        if (r[k].x + r[k].width > L && r[k].x < g_w - R && r[k].y + r[k].height > T && r[k].y < g_h - B) drawn = 1;
      if (r) XFree(r);
    }
    if (drawn) {
      struct shot s = grab();
      if (s.ok) {
        if (visible < 0 && s.track >= minpix) { visible = t; last_change = t; prev = s.hash; track = s.track; }
        else if (visible >= 0 && s.hash != prev) { last_change = t; prev = s.hash; track = s.track; }
      }
    }
    if (visible >= 0 && now_ms() - t0 - last_change >= settle) break;
    /* until the X server has news, or `poll_ms` ms (for the child and the clock) */
    struct pollfd pfd = {ConnectionNumber(dpy), POLLIN, 0};
    if (!XPending(dpy)) poll(&pfd, 1, poll_ms);
  }
  if (damage) XDamageDestroy(dpy, damage);
  printf("window=%dx%d+%d+%d\nvisible_ms=%.0f\nsettled_ms=%.0f\ntrack_pixels=%ld\n",
         g_w, g_h, g_x, g_y, visible, last_change, track);
  fflush(stdout);
  if (idle > 0) {
    sleep_ms(idle * 1e3);
    long rss, pss; int procs; tree_mem(child, &rss, &pss, &procs);
    printf("idle_rss_kb=%ld\nidle_pss_kb=%ld\nprocs=%d\n", rss, pss, procs);
    fflush(stdout);
  }
  if (pans > 0) {
    KeyCode kcs[8]; int nk = 0; char keys[256]; snprintf(keys, sizeof keys, "%s", key);
    for (char *tok = strtok(keys, ","); tok && nk < 8; tok = strtok(0, ","))
      kcs[nk++] = XKeysymToKeycode(dpy, XStringToKeysym(tok));
    Window w = main_window(&g_x, &g_y, &g_w, &g_h);
    /* pointer into the map area, then the keyboard focus on the window */
    XTestFakeMotionEvent(dpy, 0, g_x + L + (g_w - L - R) / 2, g_y + T + (g_h - T - B) / 2, 0);
    XSetInputFocus(dpy, w, RevertToParent, CurrentTime); XSync(dpy, False); sleep_ms(300);
    double *lat = calloc(pans, sizeof(double)); int got = 0, quiet = 250;
    for (int k = 0; k < pans; k++) {
      struct shot s0 = grab(); prev = s0.hash;
      KeyCode kc = kcs[k % nk];
      double sent = now_ms(), changed = -1;
      XTestFakeKeyEvent(dpy, kc, True, 0); XTestFakeKeyEvent(dpy, kc, False, 0); XFlush(dpy);
      for (;;) {
        double t = now_ms();
        struct shot s = grab();
        if (s.hash != prev) { changed = t; prev = s.hash; }
        if (changed < 0 && t - sent > 20000) break;
        if (changed >= 0 && t - changed >= quiet) break;
        sleep_ms(5);
      }
      if (changed >= 0) lat[got++] = changed - sent;
    }
    qsort(lat, got, sizeof(double), cmp);
    double sum = 0; for (int k = 0; k < got; k++) sum += lat[k];
    printf("pans=%d\npans_redrawn=%d\n", pans, got);
    if (got)
      printf("pan_mean_ms=%.1f\npan_median_ms=%.1f\npan_p95_ms=%.1f\npan_max_ms=%.1f\n", sum / got,
             lat[got / 2], lat[(got * 95) / 100 < got ? (got * 95) / 100 : got - 1], lat[got - 1]);
    fflush(stdout);
  }
  if (out) save_ppm(out);
  stop_child();
  return 0;
}
EOF
gcc -O2 -Wall -o "$OUT/probe" "$OUT/probe.c" -lX11 -lXtst -lXdamage -lXfixes
PROBE=$OUT/probe

# --- the display -------------------------------------------------------------------------
D=91
while [ -e /tmp/.X$D-lock ] || [ -e /tmp/.X11-unix/X$D ]; do D=$((D + 1)); done
Xvfb :$D -screen 0 1400x900x24 -nolisten tcp >"$OUT/xvfb.log" 2>&1 &
XVFB_PID=$!
RUNNING=()
cleanup() {
  for p in "${RUNNING[@]}"; do kill "$p" 2>/dev/null || true; done
  kill "$XVFB_PID" 2>/dev/null || true
  wait "$XVFB_PID" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export DISPLAY=:$D XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}
for _ in $(seq 50); do [ -e /tmp/.X11-unix/X$D ] && break; sleep 0.1; done
RENDERER=$(glxinfo -B 2>/dev/null | sed -n 's/^OpenGL renderer string: //p' || true)
MESA=$(glxinfo -B 2>/dev/null | sed -n 's/^OpenGL version string: .*\(Mesa [0-9.]*\).*/\1/p' || true)
CPU=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
VIKING_VERSION=$( [ "$VIKING" = 1 ] && dpkg-query -W -f='${Version}' viking 2>/dev/null || echo -)

RES=$OUT/results
rm -rf "$RES"; mkdir -p "$RES"

# A fresh Viking profile: no first-run question (the config folder exists), no version check,
# a 1200×800 window like trackmate's, no map layer (none is added unless asked for).
viking_home() {
  local h=$OUT/viking-home
  rm -rf "$h"; mkdir -p "$h/.config/viking"
  printf '[viking]\nwindow_width=1200\nwindow_height=800\nwindow_maximized=false\n' >"$h/.config/viking/viking.ini"
  printf 'viking.startup.restore_window_state=true\nviking.startup.check_version=false\n' >"$h/.config/viking/viking.prefs"
  echo "$h"
}

# Map areas (insets left,top,right,bottom of the 1200×800 window): trackmate's side panel is
# ~260 px; Viking's layer panel ~320 px, its menu and toolbar ~70 px, scale bar and status bar
# at the bottom.
TM_AREA=280,0,0,0
VK_AREA=330,75,5,80

for tag in 100k 1m; do
  f=$OUT/pts-$tag.gpx
  cat "$f" >/dev/null  # page cache warm for everyone
  for r in $(seq "$RUNS"); do
    log "$tag run $r: trackmate (screen)"
    "$PROBE" -r $TM_AREA -i 5 -k "$KEY_PANS" -K Right,Left -o "$RES/tm-$tag-$r.ppm" -- \
      "$TM" view "$f" --map none >"$RES/tm-$tag-$r.txt" 2>"$RES/tm-$tag-$r.err" || true
    log "$tag run $r: trackmate (TRACKMATE_VIEW_BENCH=1)"
    TRACKMATE_VIEW_BENCH=1 "$TM" view "$f" --map none 2>&1 \
      | sed -n 's/^bench: first frame with the track \([0-9.]*\) ms.*/internal_ms=\1/p' >>"$RES/tm-$tag-$r.txt"
    log "$tag run $r: trackmate (TRACKMATE_VIEW_BENCH=pan:$PANS)"
    TRACKMATE_VIEW_BENCH=pan:$PANS "$TM" view "$f" --map none 2>&1 \
      | sed -n 's/^bench: pan \([0-9]*\) frames, mean \([0-9.]*\) ms (\([0-9.]*\) fps), p95 \([0-9.]*\) ms, max \([0-9.]*\) ms.*/ipan_mean_ms=\2\nipan_fps=\3\nipan_p95_ms=\4\nipan_max_ms=\5/p' \
      >>"$RES/tm-$tag-$r.txt"
    if [ "$VIKING" = 1 ]; then
      log "$tag run $r: viking (screen)"
      HOME=$(viking_home) "$PROBE" -r $VK_AREA -i 5 -k "$KEY_PANS" -K Right,Left -o "$RES/vk-$tag-$r.ppm" -- \
        viking "$f" >"$RES/vk-$tag-$r.txt" 2>"$RES/vk-$tag-$r.err" || true
    fi
  done
  # Where the 1M first frame goes: reading + statistics alone (the same importer, no window).
  s=$(date +%s%N); "$TM" stats --file "$f" >/dev/null 2>&1 || true; e=$(date +%s%N)
  echo "parse_stats_ms=$(( (e - s) / 1000000 ))" >"$RES/cli-stats-$tag.txt"
done

# --- the table ---------------------------------------------------------------------------
python3 - "$RES" "$RUNS" "$PANS" "$KEY_PANS" "$VIKING" "$CPU" "$RENDERER" "$MESA" "$VIKING_VERSION" <<'EOF'
import glob, os, statistics, sys
res, runs, pans, key_pans, viking, cpu, renderer, mesa, vver = sys.argv[1:10]

def load(prefix, tag):
    out = []
    for p in sorted(glob.glob(os.path.join(res, f"{prefix}-{tag}-*.txt"))):
        d = {}
        for line in open(p):
            if "=" in line:
                k, v = line.strip().split("=", 1)
                try:
                    d[k] = float(v)
                except ValueError:
                    d[k] = v
        out.append(d)
    return out

def med(rows, key):
    v = [r[key] for r in rows if isinstance(r.get(key), float)]
    if not v:
        return None, None, None
    return statistics.median(v), min(v), max(v)

def fmt(rows, key, scale=1.0, unit="ms", nd=0, rng=True):
    m, lo, hi = med(rows, key)
    if m is None:
        errs = [r["error"] for r in rows if "error" in r]
        return f"n/a ({errs[0]})" if errs else "n/a"
    f = lambda x: f"{x * scale:,.{nd}f}"
    s = f"{f(m)} {unit}".strip()
    if rng and len([r for r in rows if key in r]) > 1 and f(lo) != f(hi):
        s += f" ({f(lo)}–{f(hi)})"
    return s

T = {t: load("tm", t) for t in ("100k", "1m")}
V = {t: load("vk", t) for t in ("100k", "1m")} if viking == "1" else {"100k": [], "1m": []}
NA = "not measured" if viking == "1" else "skipped (no viking)"
def vk(t, *a, **k):
    return fmt(V[t], *a, **k) if V[t] else "skipped (no viking)"

rows = []
for t, n, goal in (("100k", "100,000", "≤ 0.3 s"), ("1m", "1,000,000", "≤ 1.5 s")):
    rows.append((f"process start → track visible on screen (probe)", n, goal,
                 fmt(T[t], "visible_ms", 1e-3, "s", 2), vk(t, "visible_ms", 1e-3, "s", 2)))
for t, n, goal in (("100k", "100,000", "≤ 0.3 s"), ("1m", "1,000,000", "≤ 1.5 s")):
    rows.append((f"viewer's own: `run` → first frame with the track (`TRACKMATE_VIEW_BENCH=1`)", n, goal,
                 fmt(T[t], "internal_ms", 1e-3, "s", 2), "-"))
for t, n in (("100k", "100,000"), ("1m", "1,000,000")):
    rows.append((f"process start → picture settled (no change for 0.6 s)", n, "",
                 fmt(T[t], "settled_ms", 1e-3, "s", 2), vk(t, "settled_ms", 1e-3, "s", 2)))
for t, n, goal in (("100k", "100,000", ""), ("1m", "1,000,000", "≥ 60 fps")):
    rows.append((f"pan, {pans} frames without vsync (`TRACKMATE_VIEW_BENCH=pan:{pans}`): fps", n, goal,
                 fmt(T[t], "ipan_fps", 1, "fps", 1), "no frame-time hook"))
    rows.append((f"  … p95 / longest frame", n, "",
                 fmt(T[t], "ipan_p95_ms", 1, "ms", 1, rng=False) + " / " + fmt(T[t], "ipan_max_ms", 1, "ms", 1, rng=False), "-"))
for t, n in (("100k", "100,000"), ("1m", "1,000,000")):
    rows.append((f"arrow-key pan, key → picture redrawn (probe, {key_pans} keys): median", n, "",
                 fmt(T[t], "pan_median_ms", 1, "ms", 0), vk(t, "pan_median_ms", 1, "ms", 0)))
    rows.append((f"  … p95", n, "", fmt(T[t], "pan_p95_ms", 1, "ms", 0), vk(t, "pan_p95_ms", 1, "ms", 0)))
for t, n in (("100k", "100,000"), ("1m", "1,000,000")):
    rows.append((f"idle RSS, 5 s after the track showed (process tree)", n, "≤ 80 MB",
                 fmt(T[t], "idle_rss_kb", 1 / 1024, "MB", 0), vk(t, "idle_rss_kb", 1 / 1024, "MB", 0)))
    rows.append((f"  … PSS", n, "", fmt(T[t], "idle_pss_kb", 1 / 1024, "MB", 0), vk(t, "idle_pss_kb", 1 / 1024, "MB", 0)))

print(f"CPU: {cpu}, {os.cpu_count()} cores; renderer: {renderer} ({mesa}); Viking {vver}; median of {runs} runs (range)")
print()
print("| what | points | goal | trackmate view | Viking |")
print("|---|---:|---:|---:|---:|")
for r in rows:
    print("| " + " | ".join(r) + " |")
print()
for t in ("100k", "1m"):
    p = os.path.join(res, f"cli-stats-{t}.txt")
    if os.path.exists(p):
        print(f"`trackmate stats --file pts-{t}.gpx` (read + statistics, no window): {open(p).read().split('=')[1].strip()} ms")
EOF
