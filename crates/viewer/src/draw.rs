//! From a track to what a frame paints: the screen transform, the visible simplified points as
//! coloured polylines, and the point nearest the pointer. Pure functions of the track and the
//! view, so they are tested without a window.

use crate::geo::{Merc, MercBox, merc, world_px};
use crate::track::{Level, ViewTrack};
use egui::{Pos2, Rect, pos2, vec2};

/// The screen transform of one frame: normalised Mercator → pixels of the map's rect.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub rect: Rect,
    pub center: Merc,
    pub zoom: f64,
}

impl Frame {
    pub fn to_screen(&self, m: Merc) -> Pos2 {
        let w = world_px(self.zoom);
        let c = self.rect.center();
        pos2(
            c.x + ((m.x - self.center.x) * w) as f32,
            c.y + ((m.y - self.center.y) * w) as f32,
        )
    }

    pub fn to_merc(&self, p: Pos2) -> Merc {
        let w = world_px(self.zoom);
        let c = self.rect.center();
        Merc {
            x: self.center.x + (p.x - c.x) as f64 / w,
            y: self.center.y + (p.y - c.y) as f64 / w,
        }
    }

    /// The part of the world on screen, widened by `pad` pixels.
    pub fn visible(&self, pad: f32) -> MercBox {
        let r = self.rect.expand(pad);
        MercBox {
            min: self.to_merc(r.min),
            max: self.to_merc(r.max),
        }
    }
}

/// A run of connected screen points in one colour (`key`: a speed bucket, or 0 when a track is
/// drawn in one colour).
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub key: usize,
    pub points: Vec<Pos2>,
}

/// Pixels under which a point is dropped when it is this close to the last one kept (on top of
/// the per-zoom simplification: with zoom between levels, or many passes over one street). A
/// 3.5-pixel line shows no step of one pixel; software rendering pays for every vertex.
const MIN_STEP_PX: f32 = 1.0;

/// The polylines of `level` on screen: only chunks that touch the screen, broken between
/// segments (trips) and where a colour changes (the new run starts where the old one ended, so
/// the line stays continuous). A line is coloured by the later point of each of its steps.
pub fn runs(
    track: &ViewTrack,
    level: &Level,
    frame: &Frame,
    key: impl Fn(usize) -> usize,
) -> Vec<Run> {
    let visible = frame.visible(8.0);
    let mut out: Vec<Run> = Vec::new();
    let mut cur: Option<Run> = None;
    let mut last_i: Option<u32> = None; // last index pushed to `cur`
    let n = level.idx.len();
    let chunk = Level::chunk_size();
    for (k, b) in level.boxes.iter().enumerate() {
        if !b.intersects(&visible) {
            continue;
        }
        let from = k * chunk;
        let to = ((k + 1) * chunk).min(n - 1);
        for w in from..=to {
            let i = level.idx[w];
            if last_i == Some(i) {
                continue; // a chunk's first point is the previous chunk's last
            }
            let p = frame.to_screen(track.merc(i as usize));
            let connected = matches!(last_i, Some(prev) if (w > 0 && level.idx[w - 1] == prev)
                && track.segment_of(prev) == track.segment_of(i));
            if !connected {
                if let Some(r) = cur.take()
                    && r.points.len() > 1
                {
                    out.push(r);
                }
                cur = Some(Run {
                    key: key(i as usize),
                    points: vec![p],
                });
                last_i = Some(i);
                continue;
            }
            let r = cur.as_mut().expect("a run is open when connected");
            let lastp = *r.points.last().expect("runs start with a point");
            if (p - lastp).length() < MIN_STEP_PX && r.points.len() > 1 {
                // under a pixel: move the run's end (its colour stays; nobody sees it)
                *r.points.last_mut().expect("runs start with a point") = p;
                last_i = Some(i);
                continue;
            }
            let want = key(i as usize);
            if want != r.key {
                let done = std::mem::replace(
                    r,
                    Run {
                        key: want,
                        points: vec![lastp],
                    },
                );
                if done.points.len() > 1 {
                    out.push(done);
                }
            }
            cur.as_mut().expect("a run is open").points.push(p);
            last_i = Some(i);
        }
    }
    if let Some(r) = cur
        && r.points.len() > 1
    {
        out.push(r);
    }
    out
}

/// Distance in pixels from `p` to the segment `a`–`b`.
fn to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let len2 = ab.length_sq();
    let t = if len2 > 0.0 {
        ((p - a).dot(ab) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (p - (a + ab * t)).length()
}

/// The point of `track` nearest `pointer` within `radius` pixels, and its distance: the
/// nearest drawn step of `level` first, then every original point the step stands for.
pub fn nearest(
    track: &ViewTrack,
    level: &Level,
    frame: &Frame,
    pointer: Pos2,
    radius: f32,
) -> Option<(usize, f32)> {
    let probe = Rect::from_center_size(pointer, vec2(radius * 2.0, radius * 2.0));
    let around = MercBox {
        min: frame.to_merc(probe.min),
        max: frame.to_merc(probe.max),
    };
    let n = level.idx.len();
    let chunk = Level::chunk_size();
    let mut best: Option<(usize, f32)> = None; // position in level.idx of the step's start
    for (k, b) in level.boxes.iter().enumerate() {
        if !b.intersects(&around) {
            continue;
        }
        let from = k * chunk;
        let to = ((k + 1) * chunk).min(n - 1);
        let mut prev = frame.to_screen(track.merc(level.idx[from] as usize));
        if n == 1 {
            let d = (prev - pointer).length();
            if d <= radius {
                best = Some((0, d));
            }
        }
        for w in from + 1..=to {
            let p = frame.to_screen(track.merc(level.idx[w] as usize));
            let same = track.segment_of(level.idx[w - 1]) == track.segment_of(level.idx[w]);
            let d = if same {
                to_segment(pointer, prev, p)
            } else {
                (p - pointer).length()
            };
            if d <= radius && best.is_none_or(|(_, bd)| d < bd) {
                best = Some((w - 1, d));
            }
            prev = p;
        }
    }
    let (w, _) = best?;
    // The original points between the step's two ends (a step stands for at most this many;
    // beyond it, far out of zoom, the simplified ends are good enough).
    const MAX_SCAN: u32 = 200_000;
    let a = level.idx[w];
    let b = level.idx[(w + 1).min(n - 1)];
    let (a, b) = if b - a > MAX_SCAN { (a, a) } else { (a, b) };
    let mut found: Option<(usize, f32)> = None;
    for i in a..=b {
        let d = (frame.to_screen(track.merc(i as usize)) - pointer).length();
        if found.is_none_or(|(_, fd)| d < fd) {
            found = Some((i as usize, d));
        }
    }
    for &i in [level.idx[w], level.idx[(w + 1).min(n - 1)]].iter() {
        let d = (frame.to_screen(track.merc(i as usize)) - pointer).length();
        if found.is_none_or(|(_, fd)| d < fd) {
            found = Some((i as usize, d));
        }
    }
    found
}

/// The screen position of a geographic point.
pub fn at(frame: &Frame, lat: f64, lng: f64) -> Pos2 {
    frame.to_screen(merc(lat, lng))
}
