//! Web Mercator as walkers draws it (256-pixel tiles): points to world pixels and back, and the
//! view that fits a bounding box into a window.

use std::f64::consts::PI;

/// Web Mercator stops at this latitude (the map is square).
pub const MAX_LAT: f64 = 85.051_128_779_806_59;
/// walkers' tiles are 256 pixels: the world is 256·2^zoom pixels wide.
pub const TILE_PX: f64 = 256.0;
/// The deepest zoom walkers accepts.
pub const MAX_ZOOM: f64 = 26.0;

/// A point in Web Mercator normalised to 0..1 (x east from −180°, y south from 85.05° N).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Merc {
    pub x: f64,
    pub y: f64,
}

/// Latitude and longitude (degrees) to normalised Web Mercator; the same formula as walkers'
/// projection, so our cached coordinates land exactly where its projector puts them.
pub fn merc(lat: f64, lng: f64) -> Merc {
    let lat = lat.clamp(-MAX_LAT, MAX_LAT);
    let x = (1.0 + lng.to_radians() / PI) / 2.0;
    let y = (1.0 - lat.to_radians().tan().asinh() / PI) / 2.0;
    Merc { x, y }
}

/// The inverse of [`merc`]: (latitude, longitude).
pub fn unmerc(m: Merc) -> (f64, f64) {
    let lng = (m.x * 2.0 - 1.0) * 180.0;
    let lat = ((1.0 - m.y * 2.0) * PI).sinh().atan().to_degrees();
    (lat, lng)
}

/// The world's width in pixels at `zoom`.
pub fn world_px(zoom: f64) -> f64 {
    TILE_PX * zoom.exp2()
}

/// A box in normalised Mercator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MercBox {
    pub min: Merc,
    pub max: Merc,
}

impl MercBox {
    pub const EMPTY: MercBox = MercBox {
        min: Merc {
            x: f64::INFINITY,
            y: f64::INFINITY,
        },
        max: Merc {
            x: f64::NEG_INFINITY,
            y: f64::NEG_INFINITY,
        },
    };

    pub fn is_empty(&self) -> bool {
        !(self.min.x <= self.max.x && self.min.y <= self.max.y)
    }

    pub fn add(&mut self, m: Merc) {
        self.min.x = self.min.x.min(m.x);
        self.min.y = self.min.y.min(m.y);
        self.max.x = self.max.x.max(m.x);
        self.max.y = self.max.y.max(m.y);
    }

    pub fn union(&mut self, other: &MercBox) {
        if !other.is_empty() {
            self.add(other.min);
            self.add(other.max);
        }
    }

    pub fn intersects(&self, other: &MercBox) -> bool {
        self.min.x <= other.max.x
            && other.min.x <= self.max.x
            && self.min.y <= other.max.y
            && other.min.y <= self.max.y
    }

    pub fn center(&self) -> Merc {
        Merc {
            x: (self.min.x + self.max.x) / 2.0,
            y: (self.min.y + self.max.y) / 2.0,
        }
    }
}

/// Where to look: the map's centre and zoom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    pub center: Merc,
    pub zoom: f64,
}

/// The view that shows all of `bbox` in a `width`×`height` pixel map with `margin` pixels
/// free on every side. A single point (or a box smaller than a street) gets zoom 16 at most,
/// so one fix does not open at the deepest zoom.
pub fn fit(bbox: &MercBox, width: f64, height: f64, margin: f64) -> Option<View> {
    if bbox.is_empty() {
        return None;
    }
    let w = (width - 2.0 * margin).max(16.0);
    let h = (height - 2.0 * margin).max(16.0);
    let dx = (bbox.max.x - bbox.min.x).max(1e-12);
    let dy = (bbox.max.y - bbox.min.y).max(1e-12);
    // world_px(z) * dx <= w  ⇔  z <= log2(w / (TILE_PX * dx))
    let z = (w / (TILE_PX * dx)).log2().min((h / (TILE_PX * dy)).log2());
    Some(View {
        center: bbox.center(),
        zoom: z.clamp(0.0, 16.0),
    })
}

/// The centre after moving the map by `dx`, `dy` screen pixels at `zoom` (positive `dx` shows
/// what is east, positive `dy` what is south).
pub fn pan(center: Merc, zoom: f64, dx: f64, dy: f64) -> Merc {
    let w = world_px(zoom);
    Merc {
        x: (center.x + dx / w).rem_euclid(1.0),
        y: (center.y + dy / w).clamp(0.0, 1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merc_round_trips_and_matches_known_values() {
        let m = merc(0.0, 0.0);
        assert!((m.x - 0.5).abs() < 1e-15 && (m.y - 0.5).abs() < 1e-15);
        let m = merc(MAX_LAT, -180.0);
        assert!(m.x.abs() < 1e-12 && m.y.abs() < 1e-9);
        let (lat, lng) = unmerc(merc(51.1694, 71.4491));
        assert!((lat - 51.1694).abs() < 1e-9 && (lng - 71.4491).abs() < 1e-9);
    }

    #[test]
    fn fit_shows_the_whole_box_with_its_margin() {
        let mut b = MercBox::EMPTY;
        b.add(merc(51.10, 71.35));
        b.add(merc(51.20, 71.55));
        let v = fit(&b, 1000.0, 700.0, 40.0).unwrap();
        let w = world_px(v.zoom);
        let half_w = (b.max.x - b.min.x) * w / 2.0;
        let half_h = (b.max.y - b.min.y) * w / 2.0;
        assert!(half_w <= 460.0 + 1e-6 && half_h <= 310.0 + 1e-6);
        // and tight on one axis
        assert!((half_w - 460.0).abs() < 1e-6 || (half_h - 310.0).abs() < 1e-6);
        // a single point: zoom 16, centred on it
        let mut p = MercBox::EMPTY;
        p.add(merc(51.1, 71.4));
        let v = fit(&p, 800.0, 600.0, 40.0).unwrap();
        assert_eq!(v.zoom, 16.0);
        assert_eq!(v.center, merc(51.1, 71.4));
        assert!(fit(&MercBox::EMPTY, 800.0, 600.0, 40.0).is_none());
    }

    #[test]
    fn pan_moves_by_screen_pixels() {
        let c = merc(51.0, 71.0);
        let z = 12.0;
        let moved = pan(c, z, 256.0, -128.0);
        assert!(((moved.x - c.x) * world_px(z) - 256.0).abs() < 1e-6);
        assert!(((moved.y - c.y) * world_px(z) + 128.0).abs() < 1e-6);
    }
}
