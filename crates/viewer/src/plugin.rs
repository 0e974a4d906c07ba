//! The walkers plugin that draws the open tracks over the map: lines (by speed or per track)
//! with a light casing, start and end markers, stops and parkings, and the hovered point.

use crate::colors::{Coloring, rgb};
use crate::draw::{Frame, Run, at, nearest, runs};
use crate::geo::merc;
use crate::track::ViewTrack;
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
const CASING: Color32 = Color32::from_rgba_premultiplied(255, 255, 255, 200);

pub struct TrackPlugin<'a> {
    pub tracks: &'a [Drawn],
    pub coloring: Coloring,
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

impl TrackPlugin<'_> {
    fn paint_runs(&self, painter: &Painter, runs: &[Run], fixed: Option<Color32>) {
        let scale = match self.coloring {
            Coloring::Speed(s) => Some(s),
            Coloring::PerTrack => None,
        };
        let mut shapes = Vec::with_capacity(runs.len() * 2);
        for r in runs {
            shapes.push(Shape::line(
                r.points.clone(),
                Stroke::new(LINE_WIDTH + 2.5, CASING),
            ));
        }
        for r in runs {
            let color = match (fixed, scale) {
                (Some(c), _) => c,
                (None, Some(s)) => rgb(s.color(r.key)),
                (None, None) => Color32::GRAY,
            };
            shapes.push(Shape::line(
                r.points.clone(),
                Stroke::new(LINE_WIDTH, color),
            ));
        }
        painter.extend(shapes);
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

impl Plugin for TrackPlugin<'_> {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        response: &Response,
        projector: &Projector,
        _: &MapMemory,
    ) {
        let frame = frame_of(projector);
        let painter = ui.painter().with_clip_rect(frame.rect);
        let level_no = ViewTrack::level_for_zoom(frame.zoom);
        let pointer = response.hover_pos();
        let mut best: Option<(Hover, f32)> = None;

        for (ti, d) in self.tracks.iter().enumerate() {
            let t = &d.track;
            if t.is_empty() || !t.bbox.intersects(&frame.visible(16.0)) {
                continue;
            }
            let level = t.level_or_nearest(level_no);
            let (drawn, fixed) = match self.coloring {
                Coloring::Speed(_) => (runs(t, level, &frame, |i| t.bucket[i] as usize), None),
                Coloring::PerTrack => (runs(t, level, &frame, |_| 0), Some(d.color)),
            };
            self.paint_runs(&painter, &drawn, fixed);

            for s in &t.stops {
                let p = at(&frame, s.lat, s.lng);
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
                    track: ti,
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
