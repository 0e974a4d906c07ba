//! Wide, smoothed polylines painted straight into premultiplied pixels: each edge a capsule
//! (round caps, so round joins), a pixel's coverage from its distance to the edge. What the
//! dense-line picture (`raster`) is made of; a stroker that outlines the whole path first
//! (tiny-skia's) took ~45 ms for the 27,000 points of a million-point track's fitted picture,
//! this ~5 (BENCHMARKS.md).

use egui::{Color32, Pos2};

/// Rows of pixels (`w` a row) that begin at row `top` of a larger picture.
pub struct Band<'a> {
    px: &'a mut [Color32],
    w: usize,
    h: usize,
    top: f32,
    /// Which line last touched each pixel (0: none yet) and the coverage it left there: a
    /// line's own edges overlap at every joint, and a pixel takes the most of them, not their
    /// sum, as one stroked outline would.
    stamp: Vec<u16>,
    cover: Vec<u8>,
    line: u16,
}

impl<'a> Band<'a> {
    /// `px.len()` must be a multiple of `w`.
    pub fn new(px: &'a mut [Color32], w: usize, top: usize) -> Band<'a> {
        let h = px.len().checked_div(w).unwrap_or(0);
        Band {
            px,
            w,
            h,
            top: top as f32,
            stamp: vec![0; w * h],
            cover: vec![0; w * h],
            line: 0,
        }
    }

    /// Paints the polyline `points` (picture coordinates, pixel centres at +0.5) `width` wide
    /// in `color` over what is there.
    pub fn line(&mut self, points: &[Pos2], width: f32, color: Color32) {
        if color.a() == 0 || points.is_empty() {
            return;
        }
        self.line = match self.line.checked_add(1) {
            Some(l) => l,
            None => {
                // Every stamp is stale once the counter comes round: start again from 1.
                self.stamp.fill(0);
                1
            }
        };
        // Coverage k of `color` over a pixel moves it towards `full` (the colour as if
        // opaque, premultiplied: `color` = full × alpha) by k × alpha.
        let alpha = f32::from(color.a()) / 255.0;
        let full = [color.r(), color.g(), color.b(), color.a()].map(|c| f32::from(c) / alpha);
        let half = width / 2.0;
        if points.len() == 1 {
            self.capsule(points[0], points[0], half, full, alpha);
        }
        for e in points.windows(2) {
            self.capsule(e[0], e[1], half, full, alpha);
        }
    }

    /// One edge: every pixel within `half` + ½ of the segment a–b.
    fn capsule(&mut self, a: Pos2, b: Pos2, half: f32, full: [f32; 4], alpha: f32) {
        let (ax, ay) = (a.x, a.y - self.top);
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let len = (dx * dx + dy * dy).sqrt();
        // A point draws as a dot: any direction will do.
        let (ux, uy) = if len > 1e-6 {
            (dx / len, dy / len)
        } else {
            (1.0, 0.0)
        };
        let reach = half + 0.5;
        // The box, truncated rather than floored and ceiled (libm calls without SSE4.1): at
        // most a row or column more, whose pixels' coverage is still their own.
        let y0 = (ay.min(ay + dy) - reach).max(0.0);
        let y1 = (ay.max(ay + dy) + reach + 1.0).min(self.h as f32);
        if y0 >= y1 {
            return;
        }
        let bx0 = (ax.min(ax + dx) - reach).max(0.0) as usize as f32;
        let bx1 = (ax.max(ax + dx) + reach + 1.0).min(self.w as f32);
        for y in y0 as usize..y1 as usize {
            let cy = y as f32 + 0.5 - ay;
            // The row within both slabs that hold the capsule: across the edge |n·p| < reach,
            // along it -reach < u·p < len + reach (p relative to a); pixels only from there.
            let (mut lo, mut hi) = (bx0 - ax, bx1 - ax);
            for (k, c, from, to) in [(-uy, ux, -reach, reach), (ux, uy, -reach, len + reach)] {
                // k·x + c·cy within (from, to)
                let rest = c * cy;
                if k.abs() < 1e-6 {
                    if rest <= from || rest >= to {
                        lo = hi;
                    }
                    continue;
                }
                let (p, q) = ((from - rest) / k, (to - rest) / k);
                lo = lo.max(p.min(q));
                hi = hi.min(p.max(q));
            }
            if lo >= hi {
                continue;
            }
            let x0 = (ax + lo - 0.5).max(bx0) as usize;
            let x1 = ((ax + hi + 1.5).min(bx1) as usize).max(x0);
            let row = y * self.w;
            for x in x0..x1 {
                let cx = x as f32 + 0.5 - ax;
                let t = (cx * ux + cy * uy).clamp(0.0, len);
                let (ex, ey) = (cx - t * ux, cy - t * uy);
                let k = (reach - (ex * ex + ey * ey).sqrt()).min(1.0);
                if k > 0.0 {
                    self.cover(row + x, k, full, alpha);
                }
            }
        }
    }

    /// Covers pixel `i` to `k` (0..1) with the current line.
    fn cover(&mut self, i: usize, k: f32, full: [f32; 4], alpha: f32) {
        // `+ 0.5` and `as` rather than `round()`: without SSE4.1 (the portable x86-64 target)
        // `round` is a call into libm, here once a pixel.
        let k = (k * 255.0 + 0.5) as u8;
        let before = if self.stamp[i] == self.line {
            self.cover[i]
        } else {
            0
        };
        if k <= before {
            return;
        }
        self.stamp[i] = self.line;
        self.cover[i] = k;
        if k == 255 && alpha >= 1.0 {
            // Opaque and whole: the colour itself (most of a line's pixels).
            self.px[i] =
                Color32::from_rgba_premultiplied(full[0] as u8, full[1] as u8, full[2] as u8, 255);
            return;
        }
        // From coverage `before` to `k`: the pixel moves the rest of the way towards `full`
        // by (k − before) / (1 − before), both as fractions of the colour's alpha.
        let (was, is) = (
            alpha * f32::from(before) / 255.0,
            alpha * f32::from(k) / 255.0,
        );
        let f = (is - was) / (1.0 - was);
        let p = self.px[i];
        let mix = |d: u8, s: f32| {
            let d = f32::from(d);
            (d + (s - d) * f + 0.5) as u8
        };
        self.px[i] = Color32::from_rgba_premultiplied(
            mix(p.r(), full[0]),
            mix(p.g(), full[1]),
            mix(p.b(), full[2]),
            mix(p.a(), full[3]),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    fn picture(w: usize, h: usize, lines: &[(&[Pos2], Color32)], width: f32) -> Vec<Color32> {
        let mut px = vec![Color32::TRANSPARENT; w * h];
        let mut band = Band::new(&mut px, w, 0);
        for (points, c) in lines {
            band.line(points, width, *c);
        }
        px
    }

    #[test]
    fn a_line_covers_its_width_and_ends_half_a_width_past_its_points() {
        let red = Color32::from_rgb(200, 30, 40);
        // The line's axis through pixel centres: rows 9–11 whole, 8 and 12 half, then nothing.
        let px = picture(40, 20, &[(&[pos2(10.0, 10.5), pos2(30.0, 10.5)], red)], 4.0);
        let at = |x: usize, y: usize| px[y * 40 + x];
        for y in [9, 10, 11] {
            assert_eq!(at(20, y), red, "row {y}");
        }
        for y in [8, 12] {
            assert!(
                (at(20, y).a() as i32 - 128).abs() <= 1,
                "row {y}: {:?}",
                at(20, y)
            );
        }
        assert_eq!(at(20, 7), Color32::TRANSPARENT);
        assert_eq!(at(20, 13), Color32::TRANSPARENT);
        // round caps: half a width past the end point on the axis, and round, not square: the
        // corner where a square cap would cover half a pixel is left out
        assert_eq!(at(31, 10), red);
        assert_eq!(at(32, 10), Color32::TRANSPARENT);
        assert_eq!(at(31, 8), Color32::TRANSPARENT);
    }

    #[test]
    fn a_lines_own_joints_are_not_covered_twice() {
        // A half-transparent colour shows any pixel painted twice: a zigzag's joints must look
        // like the middle of its edges, and a second line over it must darken it.
        let blue = Color32::from_rgba_unmultiplied(20, 90, 220, 128);
        let zigzag: Vec<Pos2> = (0..12)
            .map(|i| pos2(4.0 + 5.0 * i as f32, if i % 2 == 0 { 8.0 } else { 20.0 }))
            .collect();
        let one = picture(64, 28, &[(&zigzag, blue)], 5.0);
        let most = one.iter().map(|c| c.a()).max().unwrap();
        assert_eq!(most, blue.a(), "no pixel above the colour's own alpha");
        let two = picture(64, 28, &[(&zigzag, blue), (&zigzag, blue)], 5.0);
        assert!(two.iter().map(|c| c.a()).max().unwrap() > blue.a());
    }

    #[test]
    fn a_line_goes_over_what_was_painted_before_it() {
        let (red, green) = (Color32::from_rgb(200, 30, 40), Color32::from_rgb(0, 160, 0));
        let across: &[Pos2] = &[pos2(2.0, 10.0), pos2(38.0, 10.0)];
        let down: &[Pos2] = &[pos2(20.0, 2.0), pos2(20.0, 18.0)];
        let px = picture(40, 20, &[(across, red), (down, green)], 4.0);
        assert_eq!(px[10 * 40 + 20], green, "the later line on top");
        assert_eq!(px[10 * 40 + 5], red);
    }

    #[test]
    fn bands_paint_the_rows_of_one_picture() {
        let c = Color32::from_rgba_unmultiplied(220, 120, 10, 200);
        let points: Vec<Pos2> = (0..300)
            .map(|i| {
                let f = i as f32 / 299.0;
                pos2(2.0 + f * 96.0, 40.0 + 35.0 * (f * 31.0).sin())
            })
            .collect();
        let whole = picture(100, 80, &[(&points, c)], 3.5);
        let mut cut = vec![Color32::TRANSPARENT; 100 * 80];
        for (k, rows) in cut.chunks_mut(100 * 27).enumerate() {
            Band::new(rows, 100, 27 * k).line(&points, 3.5, c);
        }
        assert_eq!(whole, cut);
        assert!(whole.iter().filter(|p| p.a() > 0).count() > 500);
    }

    #[test]
    fn lines_off_the_picture_or_invisible_paint_nothing() {
        let c = Color32::from_rgb(1, 2, 3);
        let px = picture(
            20,
            20,
            &[
                (&[pos2(-50.0, -50.0), pos2(-30.0, -10.0)], c),
                (&[pos2(5.0, 5.0), pos2(15.0, 15.0)], Color32::TRANSPARENT),
                (&[], c),
            ],
            3.0,
        );
        assert!(px.iter().all(|p| *p == Color32::TRANSPARENT));
        // a single point is a dot
        let dot = picture(20, 20, &[(&[pos2(10.0, 10.0)], c)], 4.0);
        assert_eq!(dot[10 * 20 + 10], c);
        // the four pixels whose centres are within half the width less the smoothing
        assert_eq!(dot.iter().filter(|p| p.a() == 255).count(), 4);
    }
}
