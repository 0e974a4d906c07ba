//! The walkers plugin that draws the open tracks over the map: lines (by speed or per track)
//! with a light casing, start and end markers, stops and parkings, and the hovered point. Very
//! dense lines go through a picture (`raster`) instead of vertices.

use crate::colors::{Coloring, rgb};
use crate::draw::{Frame, Run, at, nearest, runs};
use crate::geo::merc;
use crate::raster::{self, Key, Raster};
use crate::track::{Level, ViewTrack};
use egui::{Align2, Color32, FontId, Painter, Pos2, Response, Shape, Stroke, Ui};
use std::sync::Arc;
use trackmate_tracks::stats::StopKind;
use walkers::{MapMemory, Plugin, Projector};

/// A track to draw and its identity colour.
pub struct Drawn {
    pub track: Arc<ViewTrack>,
    pub color: Color32,
}

/// The point under the pointer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hover {
    pub track: usize,
    pub point: usize,
    pub pos: Pos2,
}

/// Pixels from the line within which the pointer picks a point.
pub const HOVER_RADIUS: f32 = 10.0;
const LINE_WIDTH: f32 = 3.5;
/// Line vertices up to which the light casing is drawn: beyond, it would double what the
/// (software) renderer fills.
const CASING_LIMIT: usize = 20_000;
const CASING: Color32 = Color32::from_rgba_premultiplied(255, 255, 255, 200);

pub struct TrackPlugin<'a> {
    pub tracks: &'a [Drawn],
    pub coloring: Coloring,
    /// Changes whenever the set of tracks or the colouring does (for the picture's key).
    pub style: u64,
    /// The picture of dense lines, kept across frames.
    pub raster: &'a mut Option<Raster>,
    /// Set to the point under the pointer (None when there is none).
    pub hover: &'a mut Option<Hover>,
}

/// The view walkers' projector uses, as our own transform (same Mercator, same centre/zoom).
pub fn frame_of(projector: &Projector) -> Frame {
    let rect = projector.clip_rect();
    let c = projector.unproject(rect.center().to_vec2());
    Frame {
        rect,
        center: merc(c.y(), c.x()),
        zoom: projector.zoom(),
    }
}

/// Screen cells already holding a stop marker: where hundreds of stops crowd a zoomed-out
/// view, one marker a cell shows the same picture (the rest would be hidden under it) at a
/// fraction of the drawing. Markers off the map are not drawn at all.
pub struct Declutter {
    rect: egui::Rect,
    cells: std::collections::HashSet<(i32, i32)>,
}

/// A cell's side in pixels: about a stop marker's width.
const DECLUTTER_CELL: f32 = 10.0;

impl Declutter {
    pub fn new(map: egui::Rect) -> Declutter {
        Declutter {
            rect: map.expand(12.0),
            cells: std::collections::HashSet::new(),
        }
    }

    /// Whether a marker at `p` is to be drawn (it is on the map, and its cell was free).
    pub fn take(&mut self, p: Pos2) -> bool {
        self.rect.contains(p)
            && self.cells.insert((
                (p.x / DECLUTTER_CELL).floor() as i32,
                (p.y / DECLUTTER_CELL).floor() as i32,
            ))
    }
}

fn marker(painter: &Painter, p: Pos2, fill: Color32, label: &str) {
    painter.circle(p, 8.0, fill, Stroke::new(2.0, Color32::WHITE));
    painter.text(
        p,
        Align2::CENTER_CENTER,
        label,
        FontId::proportional(10.0),
        Color32::WHITE,
    );
}

/// The tracks on screen and the level each draws with.
fn visible<'t>(tracks: &'t [Drawn], frame: &Frame) -> Vec<(usize, &'t Drawn, &'t Level)> {
    let level_no = ViewTrack::level_for_zoom(frame.zoom);
    let seen = frame.visible(16.0);
    tracks
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.track.is_empty() && d.track.bbox.intersects(&seen))
        .map(|(i, d)| (i, d, d.track.level_or_nearest(level_no)))
        .collect()
}

impl TrackPlugin<'_> {
    /// Every track's runs in `frame`, with their colours.
    fn colored_runs(
        &self,
        shown: &[(usize, &Drawn, &Level)],
        frame: &Frame,
    ) -> Vec<(Run, Color32)> {
        let mut out = Vec::new();
        for (_, d, level) in shown {
            let t = &d.track;
            match self.coloring {
                Coloring::Speed(scale) => out.extend(
                    runs(t, level, frame, |i| t.bucket[i] as usize)
                        .into_iter()
                        .map(|r| {
                            let c = rgb(scale.color(r.key));
                            (r, c)
                        }),
                ),
                Coloring::PerTrack => out.extend(
                    runs(t, level, frame, |_| 0)
                        .into_iter()
                        .map(|r| (r, d.color)),
                ),
            }
        }
        out
    }

    fn paint_lines(
        &mut self,
        ui: &Ui,
        painter: &Painter,
        shown: &[(usize, &Drawn, &Level)],
        frame: &Frame,
    ) {
        // The levels in use are part of the key: a finer one arriving redraws the picture.
        let levels = shown.iter().fold(0u64, |h, (i, _, l)| {
            h.rotate_left(7) ^ (Arc::as_ptr(&l.idx) as *const u32 as u64) ^ *i as u64
        });
        let key = Key {
            zoom: frame.zoom,
            style: self.style ^ levels.rotate_left(17),
        };
        if let Some(r) = self.raster.as_ref().filter(|r| r.covers(&key, frame)) {
            paint_picture(painter, r, frame);
            return;
        }
        let lines = self.colored_runs(shown, frame);
        let vertices: usize = lines.iter().map(|(r, _)| r.points.len()).sum();
        if vertices >= raster::RASTER_FROM {
            let wide = raster::widened(frame);
            let lines = self.colored_runs(shown, &wide);
            *self.raster = Raster::draw(ui.ctx(), key, &wide, &lines, LINE_WIDTH);
            if let Some(r) = self.raster.as_ref() {
                paint_picture(painter, r, frame);
                return;
            }
        }
        *self.raster = None;
        let mut shapes = Vec::with_capacity(lines.len() * 2);
        if vertices < CASING_LIMIT {
            for (r, _) in &lines {
                shapes.push(Shape::line(
                    r.points.clone(),
                    Stroke::new(LINE_WIDTH + 2.5, CASING),
                ));
            }
        }
        for (r, c) in lines {
            shapes.push(Shape::line(r.points, Stroke::new(LINE_WIDTH, c)));
        }
        painter.extend(shapes);
    }
}

fn paint_picture(painter: &Painter, r: &Raster, frame: &Frame) {
    painter.image(
        r.texture().id(),
        r.screen_rect(frame),
        egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
        Color32::WHITE,
    );
}

impl Plugin for TrackPlugin<'_> {
    fn run(
        mut self: Box<Self>,
        ui: &mut Ui,
        response: &Response,
        projector: &Projector,
        _: &MapMemory,
    ) {
        let frame = frame_of(projector);
        let painter = ui.painter().with_clip_rect(frame.rect);
        let pointer = response.hover_pos();
        // Borrowed from the track list, not the plugin, so the picture can be replaced.
        let tracks = self.tracks;
        let shown = visible(tracks, &frame);
        self.paint_lines(ui, &painter, &shown, &frame);

        let mut best: Option<(Hover, f32)> = None;
        let mut taken = Declutter::new(frame.rect);
        for (ti, d, level) in &shown {
            let t = &d.track;
            // Parkings first, so where markers crowd a parking wins the place.
            let stops = match t.figures() {
                Some(Ok(f)) => f.stops.as_slice(),
                _ => &[],
            };
            let by_kind = |k: StopKind| stops.iter().filter(move |s| s.kind == k);
            for s in by_kind(StopKind::Parking).chain(by_kind(StopKind::Stop)) {
                let p = at(&frame, s.lat, s.lng);
                if !taken.take(p) {
                    continue;
                }
                match s.kind {
                    StopKind::Parking => {
                        marker(&painter, p, Color32::from_rgb(0x1f, 0x4e, 0x9c), "P")
                    }
                    StopKind::Stop => {
                        painter.circle(
                            p,
                            4.5,
                            Color32::from_rgb(0x55, 0x55, 0x55),
                            Stroke::new(1.5, Color32::WHITE),
                        );
                    }
                }
            }
            let last = t.len() - 1;
            marker(
                &painter,
                frame.to_screen(t.merc(last)),
                Color32::from_rgb(0xc6, 0x28, 0x28),
                "B",
            );
            marker(
                &painter,
                frame.to_screen(t.merc(0)),
                Color32::from_rgb(0x2e, 0x7d, 0x32),
                "A",
            );

            if let Some(ptr) = pointer
                && let Some((i, dist)) = nearest(t, level, &frame, ptr, HOVER_RADIUS)
                && best.is_none_or(|(_, bd)| dist < bd)
            {
                let pos = frame.to_screen(t.merc(i));
                let hover = Hover {
                    track: *ti,
                    point: i,
                    pos,
                };
                best = Some((hover, dist));
            }
        }
        *self.hover = best.map(|(h, _)| h);
        if let Some(h) = *self.hover {
            painter.circle(
                h.pos,
                6.0,
                Color32::from_rgb(0xff, 0xeb, 0x3b),
                Stroke::new(2.0, Color32::BLACK),
            );
        }
    }
}
