//! Hooks for measuring the viewer from outside: `TRACKMATE_VIEW_BENCH` (time to the first frame
//! with a track, then frame times while panning; BENCHMARKS.md) and `TRACKMATE_VIEW_PROBE`
//! (where the map is, for the end-to-end test to project points itself).

use egui::{Context, Rect};
use std::path::Path;
use std::time::Instant;

/// Timing for `TRACKMATE_VIEW_BENCH`.
pub struct Bench {
    started: Instant,
    /// After the first frame with a track, pan this many frames, then report and quit.
    pan_frames: usize,
    first: Option<Instant>,
    pan_done: usize,
    frame_ms: Vec<f64>,
    last: Option<Instant>,
}

/// What the window does after a frame.
#[derive(Debug, PartialEq)]
pub enum Step {
    Wait,
    /// Move the map by these screen pixels and draw again.
    Pan(f64, f64),
    Quit,
}

impl Bench {
    /// `TRACKMATE_VIEW_BENCH=1` (first frame, then quit) or `pan:N`; timed from `started`.
    pub fn from_env(started: Instant) -> Option<Bench> {
        let v = std::env::var("TRACKMATE_VIEW_BENCH").ok()?;
        let pan_frames = v
            .strip_prefix("pan:")
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        Some(Bench {
            started,
            pan_frames,
            first: None,
            pan_done: 0,
            frame_ms: Vec::new(),
            last: None,
        })
    }

    /// Called at the end of every frame; `ready` once a track is fitted and drawn.
    pub fn frame(&mut self, ready: bool) -> Step {
        let now = Instant::now();
        if self.first.is_none() {
            if !ready {
                return Step::Wait;
            }
            self.first = Some(now);
            eprintln!(
                "bench: first frame with the track {:.1} ms after start",
                (now - self.started).as_secs_f64() * 1e3
            );
        } else if self.pan_done < self.pan_frames {
            if let Some(last) = self.last {
                self.frame_ms.push((now - last).as_secs_f64() * 1e3);
            }
            self.pan_done += 1;
        } else {
            let mut ms = std::mem::take(&mut self.frame_ms);
            if !ms.is_empty() {
                ms.sort_by(f64::total_cmp);
                let mean = ms.iter().sum::<f64>() / ms.len() as f64;
                eprintln!(
                    "bench: pan {} frames, mean {:.2} ms ({:.1} fps), p95 {:.2} ms, max {:.2} ms",
                    ms.len(),
                    mean,
                    1e3 / mean,
                    ms[ms.len() * 95 / 100],
                    ms[ms.len() - 1]
                );
            }
            return Step::Quit;
        }
        self.last = Some(now);
        if self.pan_frames == 0 {
            return Step::Quit;
        }
        // Sweep back and forth over the track: 40 frames one way, 40 back.
        let dir = if (self.pan_done / 40).is_multiple_of(2) {
            1.0
        } else {
            -1.0
        };
        Step::Pan(dir * 6.0, dir * 3.0)
    }
}

/// Writes the map's rect, the window's place on the screen and the view as JSON to `path`.
pub fn probe(ctx: &Context, path: &Path, map: Rect, center: (f64, f64), zoom: f64) {
    let (window, ppp) = ctx.input(|i| (i.viewport().inner_rect, i.pixels_per_point));
    let origin = window.map_or(egui::Pos2::ZERO, |w| w.min);
    let json = serde_json::json!({
        "rect": [map.min.x, map.min.y, map.max.x, map.max.y],
        "window": [origin.x, origin.y],
        "pixels_per_point": ppp,
        "center": [center.0, center.1],
        "zoom": zoom,
    });
    if let Err(e) = std::fs::write(path, json.to_string()) {
        eprintln!("could not write the probe {}: {e}", path.display());
    }
}
