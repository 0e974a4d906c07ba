//! The CPU painter's tests: coverage without seams or double hits, texture sampling, patches
//! and freeing, filtering when scaled, clipping.

use super::*;
use egui::epaint::ImageDelta;
use egui::epaint::{Mesh, Vertex};
use egui::{ColorImage, Rect, TextureId, TextureOptions, pos2};

fn target(w: usize, h: usize) -> Vec<u32> {
    vec![0; w * h]
}

fn paint_meshes(w: usize, h: usize, meshes: Vec<Mesh>, painter: &Painter) -> Vec<u32> {
    let mut px = target(w, h);
    let prims: Vec<ClippedPrimitive> = meshes
        .into_iter()
        .map(|m| ClippedPrimitive {
            clip_rect: Rect::EVERYTHING,
            primitive: Primitive::Mesh(m),
        })
        .collect();
    painter.paint(
        &mut Target { px: &mut px, w, h },
        1.0,
        Color32::BLACK,
        &prims,
    );
    px
}

#[test]
fn a_rectangle_covers_exactly_its_pixels_once() {
    // A translucent rect from (2,3) to (7,9): two triangles sharing a diagonal. Every pixel
    // inside is blended exactly once (a seam would be brighter), none outside.
    let mut m = Mesh::default();
    m.add_colored_rect(
        Rect::from_min_max(pos2(2.0, 3.0), pos2(7.0, 9.0)),
        Color32::from_rgba_premultiplied(100, 0, 0, 128),
    );
    let px = paint_meshes(10, 12, vec![m], &Painter::default());
    for y in 0..12 {
        for x in 0..10 {
            let inside = (2..7).contains(&x) && (3..9).contains(&y);
            let want = if inside { 100 << 16 } else { 0 };
            assert_eq!(px[y * 10 + x], want, "pixel {x},{y}");
        }
    }
}

#[test]
fn a_fan_of_triangles_has_no_double_or_missing_pixels() {
    // Eight triangles around a centre at awkward fractional coordinates: additive-looking
    // translucent colour shows any pixel hit twice (brighter) or never (black).
    let c = pos2(20.3, 19.7);
    let mut m = Mesh::default();
    let color = Color32::from_rgba_premultiplied(0, 90, 0, 90);
    m.vertices.push(Vertex {
        pos: c,
        uv: egui::epaint::WHITE_UV,
        color,
    });
    for k in 0..8 {
        let a = k as f32 / 8.0 * std::f32::consts::TAU + 0.1;
        m.vertices.push(Vertex {
            pos: pos2(c.x + 15.0 * a.cos(), c.y + 15.0 * a.sin()),
            uv: egui::epaint::WHITE_UV,
            color,
        });
    }
    for k in 0..8u32 {
        m.add_triangle(0, 1 + k, 1 + (k + 1) % 8);
    }
    let px = paint_meshes(40, 40, vec![m], &Painter::default());
    let mut inside = 0;
    for &p in &px {
        assert!(p == 0 || p == 90 << 8, "a pixel blended twice: {p:06x}");
        inside += usize::from(p != 0);
    }
    // the octagon's area, ≈ 2·√2·15² = 636 px
    assert!((600..680).contains(&inside), "{inside} pixels inside");
}

/// Gives the painter `img` as texture `id` (filtered) and returns a white rect showing all of it.
fn textured_rect(painter: &mut Painter, id: TextureId, img: ColorImage, rect: Rect) -> Mesh {
    let mut delta = TexturesDelta::default();
    delta.push(id, ImageDelta::full(img, TextureOptions::LINEAR));
    painter.set_textures(&mut delta);
    painter.free_textures(delta);
    let mut m = Mesh::with_texture(id);
    m.add_rect_with_uv(
        rect,
        Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
        Color32::WHITE,
    );
    m
}

#[test]
fn textures_are_sampled_one_to_one_and_modulated_by_the_vertex_colour() {
    let mut painter = Painter::default();
    let id = TextureId::User(7);
    let mut img = ColorImage::filled([4, 2], Color32::BLACK);
    for (i, p) in img.pixels.iter_mut().enumerate() {
        *p = Color32::from_rgb(i as u8 * 30, 0, 255 - i as u8 * 30);
    }
    let m = textured_rect(
        &mut painter,
        id,
        img,
        Rect::from_min_max(pos2(1.0, 1.0), pos2(5.0, 3.0)),
    );
    let px = paint_meshes(6, 4, vec![m.clone()], &painter);
    for i in 0..8 {
        let (x, y) = (1 + i % 4, 1 + i / 4);
        let want = (i as u32 * 30) << 16 | (255 - i as u32 * 30);
        assert_eq!(px[y * 6 + x], want, "texel {i}");
    }
    // half-transparent white halves a texel over black
    let mut m2 = m;
    for v in &mut m2.vertices {
        v.color = Color32::from_rgba_premultiplied(128, 128, 128, 128);
    }
    let px = paint_meshes(6, 4, vec![m2], &painter);
    assert_eq!(px[6 + 1], 0x80, "{:06x}", px[6 + 1]);

    // a patch updates part of the texture; freeing drops it
    let mut patch = TexturesDelta::default();
    patch.push(
        id,
        ImageDelta::partial(
            [1, 0],
            ColorImage::filled([1, 1], Color32::WHITE),
            TextureOptions::LINEAR,
        ),
    );
    painter.set_textures(&mut patch);
    painter.free_textures(patch);
    assert_eq!(painter.textures.get(id).unwrap().px[1], Color32::WHITE);
    let mut free = TexturesDelta::default();
    free.free.insert(id);
    painter.free_textures(free);
    assert!(painter.textures.get(id).is_none());
}

#[test]
fn scaled_textures_are_filtered_and_clipping_holds() {
    let mut painter = Painter::default();
    let id = TextureId::User(1);
    let img = ColorImage::new(
        [2, 1],
        vec![Color32::from_rgb(0, 0, 0), Color32::from_rgb(200, 200, 200)],
    );
    let m = textured_rect(
        &mut painter,
        id,
        img,
        Rect::from_min_max(pos2(0.0, 0.0), pos2(20.0, 1.0)),
    );
    let mut px = target(20, 1);
    painter.paint(
        &mut Target {
            px: &mut px,
            w: 20,
            h: 1,
        },
        1.0,
        Color32::BLACK,
        &[ClippedPrimitive {
            clip_rect: Rect::from_min_max(pos2(0.0, 0.0), pos2(18.0, 1.0)),
            primitive: Primitive::Mesh(m),
        }],
    );
    let red = |x: usize| px[x] >> 16;
    // a ramp from black to grey across the middle, flat at both ends
    assert_eq!(red(0), 0);
    assert!(red(8) > 40 && red(8) < 160, "{}", red(8));
    assert!(red(5) < red(8) && red(8) < red(11));
    assert_eq!(red(17), 200);
    assert_eq!(px[18], 0, "clipped");
}

#[test]
fn a_frame_painted_in_bands_is_the_frame_painted_whole() {
    // Shapes across the bands' borders: translucent fans and rects, a scaled (filtered) and a
    // one-to-one texture, and meshes clipped to a rectangle that two bands share.
    let mut painter = Painter::default();
    let (w, h) = (301, 203);
    let img = ColorImage::new(
        [40, 30],
        (0..1200)
            .map(|i| {
                Color32::from_rgba_premultiplied((i % 200) as u8, (i / 7 % 255) as u8, 90, 200)
            })
            .collect(),
    );
    let tex = TextureId::User(7);
    let mut meshes = vec![
        textured_rect(
            &mut painter,
            tex,
            img.clone(),
            Rect::from_min_size(pos2(10.0, 40.0), egui::vec2(40.0, 30.0)),
        ),
        textured_rect(
            &mut painter,
            TextureId::User(8),
            img,
            Rect::from_min_max(pos2(60.3, 20.2), pos2(290.7, 190.9)),
        ),
    ];
    for k in 0..12 {
        let mut m = Mesh::default();
        let y = 3.3 + 16.7 * k as f32;
        m.add_colored_rect(
            Rect::from_min_max(pos2(5.5 + 9.0 * k as f32, y), pos2(250.25, y + 31.5)),
            Color32::from_rgba_premultiplied(
                30 * (k % 8) as u8,
                60,
                200 - 10 * k as u8,
                100 + 10 * k as u8,
            ),
        );
        meshes.push(m);
    }
    let prims: Vec<ClippedPrimitive> = meshes
        .into_iter()
        .enumerate()
        .map(|(k, m)| ClippedPrimitive {
            clip_rect: if k % 3 == 0 {
                Rect::from_min_max(pos2(20.0, 50.0), pos2(280.0, 150.0))
            } else {
                Rect::EVERYTHING
            },
            primitive: Primitive::Mesh(m),
        })
        .collect();
    let paint = |bands: usize| {
        let mut px = target(w, h);
        painter.paint_in_bands(
            &mut Target { px: &mut px, w, h },
            1.0,
            Color32::BLACK,
            &prims,
            bands,
        );
        px
    };
    let whole = paint(1);
    assert!(
        whole.iter().filter(|&&p| p != 0).count() > w * h / 2,
        "the scene covers the frame"
    );
    for bands in [2, 3, 4, 7] {
        assert!(paint(bands) == whole, "{bands} bands");
    }
}
