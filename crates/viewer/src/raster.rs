//! Very dense lines as a picture: when a frame would hand the (software) renderer tens of
//! thousands of line vertices, the lines are drawn once on the CPU (tiny-skia) into an image a
//! margin larger than the map, and each frame shows that image moved with the map. Panning then
//! costs one textured rectangle; the image is drawn again when the zoom, the colouring or the
//! tracks change, or when the map moves past its margin. The lines are `stroke`'s.

use crate::draw::{Frame, Run};
use crate::geo::world_px;
use crate::stroke::Band;
use egui::{Color32, ColorImage, Context, Rect, TextureHandle, TextureOptions, pos2, vec2};

/// Line vertices in a frame from which the picture is used.
pub const RASTER_FROM: usize = 20_000;
/// Pixels drawn beyond each side of the map, so small moves reuse the picture.
pub const MARGIN: f32 = 384.0;

/// What a picture shows; a different key means drawing it again.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub zoom: f64,
    /// Changes with the colouring and with the set of tracks.
    pub style: u64,
}

/// The current picture: where it is in world pixels at its zoom.
pub struct Raster {
    key: Key,
    /// World pixel (at `key.zoom`) of the picture's top-left corner.
    origin: (f64, f64),
    size: (f32, f32),
    texture: TextureHandle,
}

/// The frame widened by the margin (what a new picture covers).
pub fn widened(frame: &Frame) -> Frame {
    Frame {
        rect: frame.rect.expand(MARGIN),
        ..*frame
    }
}

fn world_of(frame: &Frame, p: egui::Pos2) -> (f64, f64) {
    let w = world_px(frame.zoom);
    let c = frame.rect.center();
    (
        frame.center.x * w + f64::from(p.x - c.x),
        frame.center.y * w + f64::from(p.y - c.y),
    )
}

impl Raster {
    /// Whether this picture can show `frame` (same key, the map inside it).
    pub fn covers(&self, key: &Key, frame: &Frame) -> bool {
        if &self.key != key {
            return false;
        }
        let (x0, y0) = world_of(frame, frame.rect.min);
        let (x1, y1) = world_of(frame, frame.rect.max);
        x0 >= self.origin.0
            && y0 >= self.origin.1
            && x1 <= self.origin.0 + f64::from(self.size.0)
            && y1 <= self.origin.1 + f64::from(self.size.1)
    }

    /// Where the picture goes on screen in `frame`.
    pub fn screen_rect(&self, frame: &Frame) -> Rect {
        let (cx, cy) = world_of(frame, frame.rect.center());
        let c = frame.rect.center();
        let min = pos2(
            c.x + (self.origin.0 - cx) as f32,
            c.y + (self.origin.1 - cy) as f32,
        );
        Rect::from_min_size(min, vec2(self.size.0, self.size.1))
    }

    pub fn texture(&self) -> &TextureHandle {
        &self.texture
    }

    /// Draws `runs` (screen points of `wide`, a widened frame) in their colours into a new
    /// picture of `wide`'s rect.
    pub fn draw(
        ctx: &Context,
        key: Key,
        wide: &Frame,
        runs: &[(Run, Color32)],
        width: f32,
    ) -> Option<Raster> {
        let (size, pixels) = paint(wide, runs, width)?;
        let image = ColorImage::new(size, pixels);
        let texture = ctx.load_texture("track-raster", image, TextureOptions::LINEAR);
        Some(Raster {
            key,
            origin: world_of(wide, wide.rect.min),
            size: (size[0] as f32, size[1] as f32),
            texture,
        })
    }
}

/// The lines as premultiplied pixels of `wide`'s rect (its size, then the rows; `None` for an
/// empty rect), painted in horizontal bands, one a core: a million-point track's picture is made
/// on the first frame and again at every zoom (BENCHMARKS.md).
fn paint(wide: &Frame, runs: &[(Run, Color32)], width: f32) -> Option<([usize; 2], Vec<Color32>)> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    paint_in_bands(wide, runs, width, cores.min(MAX_BANDS))
}

/// Bands a picture is painted in at most.
const MAX_BANDS: usize = 4;

/// `paint` in `bands` bands of rows. Each band paints only the runs that reach it; a pixel's
/// coverage is its own distance from the line, so the picture is the same however it is cut.
fn paint_in_bands(
    wide: &Frame,
    runs: &[(Run, Color32)],
    width: f32,
    bands: usize,
) -> Option<([usize; 2], Vec<Color32>)> {
    let (w, h) = (
        wide.rect.width().ceil() as usize,
        wide.rect.height().ceil() as usize,
    );
    if w == 0 || h == 0 {
        return None;
    }
    let mut pixels = vec![Color32::TRANSPARENT; w * h];
    let rows = h.div_ceil(bands.max(1));
    let origin = wide.rect.min.to_vec2();
    // The runs in picture coordinates with their vertical extents, once, for every band.
    let runs: Vec<(Vec<egui::Pos2>, Color32, f32, f32)> = runs
        .iter()
        .map(|(run, color)| {
            let points: Vec<egui::Pos2> = run.points.iter().map(|p| *p - origin).collect();
            let (lo, hi) = points
                .iter()
                .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), p| {
                    (lo.min(p.y), hi.max(p.y))
                });
            (points, *color, lo, hi)
        })
        .collect();
    std::thread::scope(|s| {
        let mut chunks = pixels.chunks_mut(rows * w).enumerate();
        // The first band on this thread, the others beside it.
        let first = chunks.next();
        for (k, chunk) in chunks {
            let runs = &runs;
            s.spawn(move || paint_band(chunk, w, k * rows, runs, width));
        }
        if let Some((_, chunk)) = first {
            paint_band(chunk, w, 0, &runs, width);
        }
    });
    Some(([w, h], pixels))
}

/// The rows of the picture from `top` on, in `px` (`w` pixels a row).
fn paint_band(
    px: &mut [Color32],
    w: usize,
    top: usize,
    runs: &[(Vec<egui::Pos2>, Color32, f32, f32)],
    width: f32,
) {
    let rows = px.len() / w;
    let mut band = Band::new(px, w, top);
    // A run reaching within a line's width (and a pixel of smoothing) of the band is drawn.
    let reach = width + 1.0;
    let (from, to) = (top as f32 - reach, (top + rows) as f32 + reach);
    for (points, color, lo, hi) in runs {
        if *hi < from || *lo > to {
            continue;
        }
        band.line(points, width, *color);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::{merc, pan};

    #[test]
    fn a_picture_moves_with_the_map_until_its_margin_runs_out() {
        let ctx = Context::default();
        let frame = Frame {
            rect: Rect::from_min_size(pos2(260.0, 0.0), vec2(1000.0, 700.0)),
            center: merc(51.16, 71.43),
            zoom: 12.0,
        };
        let wide = widened(&frame);
        let run = Run {
            key: 0,
            points: vec![wide.rect.center(), wide.rect.center() + vec2(200.0, 50.0)],
        };
        let key = Key {
            zoom: 12.0,
            style: 1,
        };
        let r = Raster::draw(&ctx, key.clone(), &wide, &[(run, Color32::RED)], 3.5).unwrap();
        // drawn where the line is: the picture's own pixels
        assert!(r.covers(&key, &frame));
        assert_eq!(r.screen_rect(&frame), wide.rect);
        // 100 px east: the picture sits 100 px further west on screen
        let moved = Frame {
            center: pan(frame.center, 12.0, 100.0, 0.0),
            ..frame
        };
        assert!(r.covers(&key, &moved));
        let sr = r.screen_rect(&moved);
        assert!((sr.min.x - (wide.rect.min.x - 100.0)).abs() < 0.01);
        // past the margin, or at another zoom or style: draw again
        let far = Frame {
            center: pan(frame.center, 12.0, MARGIN as f64 + 1.0, 0.0),
            ..frame
        };
        assert!(!r.covers(&key, &far));
        assert!(!r.covers(
            &Key {
                zoom: 12.5,
                style: 1
            },
            &frame
        ));
        assert!(!r.covers(
            &Key {
                zoom: 12.0,
                style: 2
            },
            &frame
        ));
    }

    #[test]
    fn the_line_is_painted_into_the_picture() {
        let frame = Frame {
            rect: Rect::from_min_size(pos2(0.0, 0.0), vec2(64.0, 64.0)),
            center: merc(0.0, 0.0),
            zoom: 3.0,
        };
        let wide = widened(&frame);
        let c = wide.rect.center();
        let run = Run {
            key: 0,
            points: vec![c - vec2(20.0, 0.0), c + vec2(20.0, 0.0)],
        };
        let ([w, _], px) = paint(&wide, &[(run, Color32::from_rgb(200, 30, 40))], 4.0).unwrap();
        let at = |x: f32, y: f32| {
            let (x, y) = (
                (x - wide.rect.min.x) as usize,
                (y - wide.rect.min.y) as usize,
            );
            px[y * w + x]
        };
        assert_eq!(at(c.x, c.y), Color32::from_rgb(200, 30, 40));
        assert_eq!(at(c.x, c.y + 10.0).a(), 0, "off the line: transparent");
        assert_eq!(at(c.x + 30.0, c.y).a(), 0, "past its end");
    }

    #[test]
    fn a_picture_cut_in_bands_is_the_same_picture() {
        // A zigzag over the whole picture, in two colours, crossing every band's seam.
        let frame = Frame {
            rect: Rect::from_min_size(pos2(10.0, 20.0), vec2(300.0, 200.0)),
            center: merc(0.0, 0.0),
            zoom: 3.0,
        };
        let wide = widened(&frame);
        let (min, size) = (wide.rect.min, wide.rect.size());
        let zigzag = |phase: f32| Run {
            key: 0,
            points: (0..400)
                .map(|i| {
                    let f = i as f32 / 399.0;
                    min + vec2(f * size.x, (0.5 + 0.45 * (f * 37.0 + phase).sin()) * size.y)
                })
                .collect(),
        };
        let runs = [
            (zigzag(0.0), Color32::from_rgb(200, 30, 40)),
            (
                zigzag(1.3),
                Color32::from_rgba_unmultiplied(20, 90, 220, 180),
            ),
        ];
        let (size, one) = paint_in_bands(&wide, &runs, 3.5, 1).unwrap();
        assert!(one.iter().any(|p| p.a() > 0), "something is drawn");
        for bands in [2, 3, 4, 7] {
            let (cut_size, cut) = paint_in_bands(&wide, &runs, 3.5, bands).unwrap();
            assert_eq!(cut_size, size);
            assert!(one == cut, "{bands} bands differ from one");
        }
    }
}
