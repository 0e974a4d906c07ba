//! The CPU painter of the software window: egui's tessellated meshes rasterized into a `0RGB`
//! pixel buffer, and the textures they sample (font atlas, map tiles, the dense-line picture).
//!
//! Why its own: software OpenGL (Mesa llvmpipe) costs ~55 MB of LLVM in every viewer's memory
//! and ~18 ms a frame here; egui only ever draws 2D triangles, which a plain scanline
//! rasterizer fills faster. Colours follow egui's own painters: premultiplied, blended in gamma
//! space, vertex colour times texel. Triangles use exact integer edge tests (1/16 px) with a
//! top-left rule, so triangles sharing an edge never cover a pixel twice — translucent shapes
//! split into triangles show no seams.

use super::texture::{Texture, Textures};
use egui::epaint::{Primitive, Vertex};
use egui::{ClippedPrimitive, Color32, TexturesDelta};

/// Sub-pixel steps per pixel of the edge tests.
const SUB: f32 = 16.0;

/// The textures egui asked for, and the rasterizer.
#[derive(Default)]
pub struct Painter {
    textures: Textures,
}

/// A drawing target: `w × h` pixels, `0x00RRGGBB` each, rows top to bottom.
pub struct Target<'a> {
    pub px: &'a mut [u32],
    pub w: usize,
    pub h: usize,
}

impl Painter {
    /// Applies the new and changed textures of a frame (before painting it).
    pub fn set_textures(&mut self, delta: &mut TexturesDelta) {
        self.textures.set(delta);
    }

    /// Drops the textures egui freed (after painting the frame that last used them); the
    /// delta is then fully handled.
    pub fn free_textures(&mut self, delta: TexturesDelta) {
        self.textures.free(delta);
    }

    /// Paints a frame: clears to `clear`, then every mesh in order, each cut to its clip
    /// rectangle. Paint callbacks (GPU-only content) are skipped. A big frame is painted in
    /// horizontal bands, one a core: every band draws every mesh, cut to its own rows, so the
    /// pixels are the same as painted whole (a test compares them).
    pub fn paint(
        &self,
        target: &mut Target<'_>,
        ppp: f32,
        clear: Color32,
        primitives: &[ClippedPrimitive],
    ) {
        let bands = bands_for(target.w * target.h);
        self.paint_in_bands(target, ppp, clear, primitives, bands);
    }

    /// [`Painter::paint`] in `bands` bands, the first on this thread.
    fn paint_in_bands(
        &self,
        target: &mut Target<'_>,
        ppp: f32,
        clear: Color32,
        primitives: &[ClippedPrimitive],
        bands: usize,
    ) {
        let (w, h) = (target.w, target.h);
        let px = &mut target.px[..w * h];
        if bands < 2 {
            self.paint_band(&mut Band { px, w, y0: 0 }, ppp, clear, primitives);
            return;
        }
        let rows = h.div_ceil(bands);
        let all_spawned = std::thread::scope(|s| {
            let mut bands = px.chunks_mut(rows * w).enumerate().map(|(k, px)| Band {
                px,
                w,
                y0: k * rows,
            });
            // The first band is this thread's; the others get one each.
            let mut here = bands.next();
            let mut spawned = true;
            for mut band in bands {
                spawned &= std::thread::Builder::new()
                    .spawn_scoped(s, move || {
                        self.paint_band(&mut band, ppp, clear, primitives)
                    })
                    .is_ok();
            }
            if let Some(band) = here.as_mut() {
                self.paint_band(band, ppp, clear, primitives);
            }
            spawned
        });
        if !all_spawned {
            // No thread to be had for a band (the system is out of them): the whole frame here.
            self.paint_band(&mut Band { px, w, y0: 0 }, ppp, clear, primitives);
        }
    }

    fn paint_band(
        &self,
        band: &mut Band<'_>,
        ppp: f32,
        clear: Color32,
        primitives: &[ClippedPrimitive],
    ) {
        band.px.fill(pack(clear));
        let (top, bottom) = (band.y0, band.y0 + band.px.len() / band.w.max(1));
        for p in primitives {
            let Primitive::Mesh(mesh) = &p.primitive else {
                continue;
            };
            let clip = Clip {
                x0: ((p.clip_rect.min.x * ppp).round().max(0.0) as usize).min(band.w),
                y0: ((p.clip_rect.min.y * ppp).round().max(0.0) as usize).clamp(top, bottom),
                x1: ((p.clip_rect.max.x * ppp).round().max(0.0) as usize).min(band.w),
                y1: ((p.clip_rect.max.y * ppp).round().max(0.0) as usize).clamp(top, bottom),
            };
            if clip.x0 >= clip.x1 || clip.y0 >= clip.y1 {
                continue;
            }
            let texture = self.textures.get(mesh.texture_id);
            for tri in mesh.indices.chunks_exact(3) {
                let v = |i: u32| mesh.vertices.get(i as usize);
                if let (Some(a), Some(b), Some(c)) = (v(tri[0]), v(tri[1]), v(tri[2])) {
                    triangle(band, &clip, ppp, [a, b, c], texture);
                }
            }
        }
    }
}

/// Frames from this many pixels on are painted in bands (a thread costs ~50 µs; a 1200×800
/// frame with a track picture ~10 ms on one core).
const BANDED_FROM: usize = 200_000;

/// How many bands a frame of `pixels` is painted in: one a core, at most four.
fn bands_for(pixels: usize) -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    if pixels < BANDED_FROM {
        return 1;
    }
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(4)))
}

/// Rows `y0..` of the frame (`w` pixels each) that one thread paints.
struct Band<'a> {
    px: &'a mut [u32],
    w: usize,
    y0: usize,
}

/// Pixel bounds a mesh may touch (exclusive ends).
struct Clip {
    x0: usize,
    y0: usize,
    x1: usize,
    y1: usize,
}

fn pack(c: Color32) -> u32 {
    u32::from(c.r()) << 16 | u32::from(c.g()) << 8 | u32::from(c.b())
}

/// `a * b / 255`, rounded, for bytes.
fn mul(a: u32, b: u32) -> u32 {
    let x = a * b + 128;
    (x + (x >> 8)) >> 8
}

/// Premultiplied `src` over the opaque pixel `dst`.
fn over(dst: u32, src: Color32) -> u32 {
    let a = u32::from(src.a());
    if a == 255 {
        return pack(src);
    }
    let k = 255 - a;
    let ch = |shift: u32, s: u8| (u32::from(s) + mul((dst >> shift) & 0xff, k)).min(255) << shift;
    ch(16, src.r()) | ch(8, src.g()) | ch(0, src.b())
}

/// Vertex colour times texel, both premultiplied.
fn modulate(c: Color32, t: Color32) -> Color32 {
    if c == Color32::WHITE {
        return t;
    }
    Color32::from_rgba_premultiplied(
        mul(u32::from(c.r()), u32::from(t.r())) as u8,
        mul(u32::from(c.g()), u32::from(t.g())) as u8,
        mul(u32::from(c.b()), u32::from(t.b())) as u8,
        mul(u32::from(c.a()), u32::from(t.a())) as u8,
    )
}

/// An attribute over the triangle as a plane: value at pixel centre (x, y) is
/// `base + dx * x + dy * y`.
#[derive(Clone, Copy)]
struct Plane {
    base: f32,
    dx: f32,
    dy: f32,
}

impl Plane {
    fn new(p: [(f32, f32); 3], val: [f32; 3]) -> Plane {
        let (x0, y0) = p[0];
        let (e1x, e1y) = (p[1].0 - x0, p[1].1 - y0);
        let (e2x, e2y) = (p[2].0 - x0, p[2].1 - y0);
        let det = e1x * e2y - e2x * e1y;
        let (d1, d2) = (val[1] - val[0], val[2] - val[0]);
        let dx = (d1 * e2y - d2 * e1y) / det;
        let dy = (e1x * d2 - e2x * d1) / det;
        Plane {
            base: val[0] - dx * x0 - dy * y0,
            dx,
            dy,
        }
    }

    fn at(&self, x: f32, y: f32) -> f32 {
        self.base + self.dx * x + self.dy * y
    }
}

/// An edge's integer test: inside where `e0 + a * (x - x_first) >= bias` along a row.
struct Edge {
    /// Change per pixel step right.
    a: i64,
    /// Change per pixel step down.
    b: i64,
    /// Value at the first pixel centre of the bounding box.
    e: i64,
    /// 0 for top-left edges (a point exactly on them is inside), 1 otherwise.
    bias: i64,
}

impl Edge {
    fn new(p: (i64, i64), q: (i64, i64), start: (i64, i64)) -> Edge {
        let (dx, dy) = (q.0 - p.0, q.1 - p.1);
        // E(s) = dx * (s.y - p.y) - dy * (s.x - p.x): positive on the inside of a triangle
        // whose signed area is positive.
        let top_left = dy < 0 || (dy == 0 && dx > 0);
        Edge {
            a: -dy * SUB as i64,
            b: dx * SUB as i64,
            e: dx * (start.1 - p.1) - dy * (start.0 - p.0),
            bias: i64::from(!top_left),
        }
    }

    /// The pixel range `[lo, hi)` (offsets from the box's first column) inside this edge on
    /// the current row, within `[0, n)`.
    fn span(&self, n: i64) -> (i64, i64) {
        let need = self.bias - self.e;
        if self.a == 0 {
            return if need <= 0 { (0, n) } else { (0, 0) };
        }
        if self.a > 0 {
            // a*k >= need  <=>  k >= ceil(need / a)
            let k = need.div_euclid(self.a) + i64::from(need.rem_euclid(self.a) != 0);
            (k.clamp(0, n), n)
        } else {
            // a*k >= need with a < 0  <=>  k <= floor(-need / -a)
            let k = (-need).div_euclid(-self.a);
            (0, (k + 1).clamp(0, n))
        }
    }
}

/// What each pixel of a triangle gets: a constant colour, or an interpolated colour and/or
/// texel.
struct Shading {
    constant: Option<Color32>,
    color_planes: Option<[Plane; 4]>,
    uv_planes: Option<(Plane, Plane)>,
    one_to_one: bool,
}

impl Shading {
    fn new(v: &[&Vertex; 3], ppp: f32, texture: Option<&Texture>) -> Shading {
        let pts = v.map(|x| (x.pos.x * ppp, x.pos.y * ppp));
        let flat_color = v[0].color == v[1].color && v[1].color == v[2].color;
        let flat_uv = v[0].uv == v[1].uv && v[1].uv == v[2].uv;
        let constant = match texture {
            Some(t) if flat_uv => Some(modulate(v[0].color, t.nearest(v[0].uv.x, v[0].uv.y))),
            None => Some(v[0].color),
            _ => None,
        }
        .filter(|_| flat_color);
        let color_planes = (!flat_color).then(|| {
            [0, 1, 2, 3].map(|k| Plane::new(pts, v.map(|x| f32::from(x.color.to_array()[k]))))
        });
        let uv_planes = match texture {
            Some(_) if !flat_uv => Some((
                Plane::new(pts, v.map(|x| x.uv.x)),
                Plane::new(pts, v.map(|x| x.uv.y)),
            )),
            _ => None,
        };
        // One texel a pixel, unrotated (text, tiles at whole zooms, the line picture): copy texels
        // along the row, which is what filtering gives there, at a fraction of the cost. Tight
        // enough that a 4000-px row drifts less than half a texel.
        let one_to_one = match (texture, &uv_planes) {
            (Some(t), Some((u, w))) => {
                let (sx, sy) = (u.dx * t.w as f32, w.dy * t.h as f32);
                (sx - 1.0).abs() < 1e-4
                    && (sy - 1.0).abs() < 1e-4
                    && (u.dy * t.h as f32).abs() < 1e-3
                    && (w.dx * t.w as f32).abs() < 1e-3
            }
            _ => false,
        };
        Shading {
            constant,
            color_planes,
            uv_planes,
            one_to_one,
        }
    }
}

fn triangle(
    target: &mut Band<'_>,
    clip: &Clip,
    ppp: f32,
    mut v: [&Vertex; 3],
    texture: Option<&Texture>,
) {
    let fixed = |x: &Vertex| {
        (
            (x.pos.x * ppp * SUB).round() as i64,
            (x.pos.y * ppp * SUB).round() as i64,
        )
    };
    let (p0, mut p1, mut p2) = (fixed(v[0]), fixed(v[1]), fixed(v[2]));
    let area = (p1.0 - p0.0) * (p2.1 - p0.1) - (p1.1 - p0.1) * (p2.0 - p0.0);
    if area == 0 {
        return;
    }
    if area < 0 {
        std::mem::swap(&mut p1, &mut p2);
        v.swap(1, 2);
    }
    let sub = SUB as i64;
    let lo = |a: i64, b: i64, c: i64| a.min(b).min(c).div_euclid(sub);
    let hi = |a: i64, b: i64, c: i64| a.max(b).max(c).div_euclid(sub) + 1;
    let bx0 = lo(p0.0, p1.0, p2.0).max(clip.x0 as i64);
    let by0 = lo(p0.1, p1.1, p2.1).max(clip.y0 as i64);
    let bx1 = hi(p0.0, p1.0, p2.0).min(clip.x1 as i64);
    let by1 = hi(p0.1, p1.1, p2.1).min(clip.y1 as i64);
    if bx0 >= bx1 || by0 >= by1 {
        return;
    }
    let start = (bx0 * sub + sub / 2, by0 * sub + sub / 2);
    let mut edges = [
        Edge::new(p1, p2, start),
        Edge::new(p2, p0, start),
        Edge::new(p0, p1, start),
    ];

    // Set up on the first row with pixels: most of a feathered edge's sliver triangles
    // cover no pixel centre at all.
    let mut shading: Option<Shading> = None;
    let n = bx1 - bx0;
    for y in by0..by1 {
        let (mut from, mut to) = (0, n);
        for e in &edges {
            let (a, b) = e.span(n);
            from = from.max(a);
            to = to.min(b);
        }
        if from < to {
            let row = (y as usize - target.y0) * target.w;
            let yc = y as f32 + 0.5;
            let span = &mut target.px[row + (bx0 + from) as usize..row + (bx0 + to) as usize];
            let x_first = (bx0 + from) as f32 + 0.5;
            let Shading {
                constant,
                color_planes,
                uv_planes,
                one_to_one,
            } = shading.get_or_insert_with(|| Shading::new(&v, ppp, texture));
            match (*constant, texture, &*uv_planes) {
                (Some(c), _, _) if c.a() == 255 => span.fill(pack(c)),
                (Some(c), _, _) => {
                    if c != Color32::TRANSPARENT {
                        for px in span {
                            *px = over(*px, c);
                        }
                    }
                }
                (None, Some(t), Some((u, w))) if *one_to_one && color_planes.is_none() => {
                    // A row of the texture, texel by texel.
                    let ty = ((w.at(x_first, yc) * t.h as f32) as isize).clamp(0, t.h as isize - 1)
                        as usize;
                    let tx = (u.at(x_first, yc) * t.w as f32).floor() as isize;
                    let texels = &t.px[ty * t.w..(ty + 1) * t.w];
                    let c = v[0].color;
                    for (k, px) in span.iter_mut().enumerate() {
                        let texel = texels[(tx + k as isize).clamp(0, t.w as isize - 1) as usize];
                        if texel != Color32::TRANSPARENT {
                            *px = over(*px, modulate(c, texel));
                        }
                    }
                }
                _ => {
                    for (k, px) in span.iter_mut().enumerate() {
                        let xc = x_first + k as f32;
                        let src = shade(xc, yc, v[0], color_planes, texture, uv_planes);
                        if src != Color32::TRANSPARENT {
                            *px = over(*px, src);
                        }
                    }
                }
            }
        }
        for e in &mut edges {
            e.e += e.b;
        }
    }
}

/// The colour of one pixel of a triangle with varying colour or texture coordinates.
fn shade(
    xc: f32,
    yc: f32,
    first: &Vertex,
    color_planes: &Option<[Plane; 4]>,
    texture: Option<&Texture>,
    uv_planes: &Option<(Plane, Plane)>,
) -> Color32 {
    let color = match color_planes {
        Some(p) => {
            let ch = |k: usize| p[k].at(xc, yc).clamp(0.0, 255.0) as u8;
            Color32::from_rgba_premultiplied(ch(0), ch(1), ch(2), ch(3))
        }
        None => first.color,
    };
    match (texture, uv_planes) {
        (Some(t), Some((u, w))) => {
            let (uu, vv) = (u.at(xc, yc), w.at(xc, yc));
            let texel = if t.linear {
                t.bilinear(uu, vv)
            } else {
                t.nearest(uu, vv)
            };
            modulate(color, texel)
        }
        (Some(t), None) => modulate(color, t.nearest(first.uv.x, first.uv.y)),
        (None, _) => color,
    }
}

#[cfg(test)]
#[path = "paint_tests.rs"]
mod tests;
