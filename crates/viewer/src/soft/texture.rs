//! The software window's textures: the images egui hands over in each frame's `TexturesDelta`
//! (font atlas, map tiles, the dense-line picture), whole or patched, and how a pixel samples
//! them (nearest texel, or bilinear like a GPU's linear filter).

use egui::{Color32, ImageData, TextureFilter, TextureId, TexturesDelta};
use std::collections::HashMap;
use std::sync::Arc;

/// An image egui painted with, as premultiplied gamma-space texels.
pub struct Texture {
    pub w: usize,
    pub h: usize,
    pub px: Vec<Color32>,
    /// Filtered when scaled (egui's `TextureFilter::Linear`), else nearest.
    pub linear: bool,
}

impl Texture {
    pub fn nearest(&self, u: f32, v: f32) -> Color32 {
        let x = ((u * self.w as f32) as isize).clamp(0, self.w as isize - 1) as usize;
        let y = ((v * self.h as f32) as isize).clamp(0, self.h as isize - 1) as usize;
        self.px[y * self.w + x]
    }

    pub fn bilinear(&self, u: f32, v: f32) -> Color32 {
        let fx = u * self.w as f32 - 0.5;
        let fy = v * self.h as f32 - 0.5;
        let (x0, y0) = (fx.floor(), fy.floor());
        let (tx, ty) = (fx - x0, fy - y0);
        let clampx = |x: f32| (x as isize).clamp(0, self.w as isize - 1) as usize;
        let clampy = |y: f32| (y as isize).clamp(0, self.h as isize - 1) as usize;
        let (xa, xb, ya, yb) = (clampx(x0), clampx(x0 + 1.0), clampy(y0), clampy(y0 + 1.0));
        let p = |x: usize, y: usize| self.px[y * self.w + x].to_array();
        let (a, b, c, d) = (p(xa, ya), p(xb, ya), p(xa, yb), p(xb, yb));
        let mut out = [0u8; 4];
        for k in 0..4 {
            let top = f32::from(a[k]) + (f32::from(b[k]) - f32::from(a[k])) * tx;
            let bottom = f32::from(c[k]) + (f32::from(d[k]) - f32::from(c[k])) * tx;
            out[k] = (top + (bottom - top) * ty + 0.5) as u8;
        }
        Color32::from_rgba_premultiplied(out[0], out[1], out[2], out[3])
    }
}

/// Every texture egui asked for, by id.
#[derive(Default)]
pub struct Textures {
    map: HashMap<TextureId, Texture>,
}

impl Textures {
    pub fn get(&self, id: TextureId) -> Option<&Texture> {
        self.map.get(&id)
    }

    /// Applies the new and changed textures of a frame (before painting it).
    /// Whole images are taken over without a copy when egui holds no other reference to them
    /// (a dense-line picture is ~10 MB).
    pub fn set(&mut self, delta: &mut TexturesDelta) {
        for (id, d) in delta
            .set
            .iter_mut()
            .flat_map(|(id, ds)| ds.iter_mut().map(move |d| (id, d)))
        {
            let ImageData::Color(img) = &mut d.image;
            let [iw, ih] = img.size;
            let linear = d.options.magnification == TextureFilter::Linear;
            match d.pos {
                None => {
                    self.map.insert(
                        *id,
                        Texture {
                            w: iw,
                            h: ih,
                            px: std::mem::take(&mut Arc::make_mut(img).pixels),
                            linear,
                        },
                    );
                }
                Some([x0, y0]) => {
                    let Some(t) = self.map.get_mut(id) else {
                        continue;
                    };
                    for y in 0..ih.min(t.h.saturating_sub(y0)) {
                        let n = iw.min(t.w.saturating_sub(x0));
                        let dst = (y0 + y) * t.w + x0;
                        t.px[dst..dst + n].copy_from_slice(&img.pixels[y * iw..y * iw + n]);
                    }
                }
            }
        }
    }

    /// Drops the textures egui freed (after painting the frame that last used them); the
    /// delta is then fully handled.
    pub fn free(&mut self, mut delta: TexturesDelta) {
        for id in &delta.free {
            self.map.remove(id);
        }
        delta.clear();
    }
}
