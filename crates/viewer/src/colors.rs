//! Colours: the shared speed scale (`trackmate_tracks::speed_scale`) as egui colours, and the
//! palette that tells several open tracks apart.

use egui::Color32;
use trackmate_tracks::speed_scale::{Rgb, SpeedScale};

pub fn rgb(c: Rgb) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

/// Distinct, saturated colours that stay readable on OpenStreetMap's light tiles (and on the
/// plain background). The n-th open track takes the n-th, round the list.
pub const TRACK_PALETTE: [Color32; 8] = [
    Color32::from_rgb(0xd6, 0x27, 0x28),
    Color32::from_rgb(0x1f, 0x63, 0xd6),
    Color32::from_rgb(0x2c, 0xa0, 0x2c),
    Color32::from_rgb(0x94, 0x3c, 0xc8),
    Color32::from_rgb(0xff, 0x7f, 0x0e),
    Color32::from_rgb(0x17, 0xa2, 0xb8),
    Color32::from_rgb(0xc2, 0x18, 0x7a),
    Color32::from_rgb(0x6b, 0x4f, 0x1d),
];

pub fn track_color(n: usize) -> Color32 {
    TRACK_PALETTE[n % TRACK_PALETTE.len()]
}

/// How lines are coloured.
#[derive(Debug, Clone, Copy)]
pub enum Coloring {
    /// By the speed scale (one track: the default).
    Speed(SpeedScale),
    /// Each track in its own colour (several tracks: the default).
    PerTrack,
}

/// The speed bucket of a speed in km/h (NaN: unknown).
pub fn speed_bucket(scale: &SpeedScale, kmh: f32) -> usize {
    scale.bucket((!kmh.is_nan()).then_some(kmh as f64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use trackmate_tracks::SpeedUnit;

    #[test]
    fn the_speed_scale_in_egui_colours() {
        let s = SpeedScale::new(SpeedUnit::Kmh);
        assert_eq!(
            rgb(s.color(speed_bucket(&s, 5.0))),
            Color32::from_rgb(0x2f, 0x6f, 0xdb)
        );
        assert_eq!(
            rgb(s.color(speed_bucket(&s, 95.0))),
            Color32::from_rgb(0xee, 0x7a, 0x1a)
        );
        assert_eq!(
            rgb(s.color(speed_bucket(&s, 130.0))),
            Color32::from_rgb(0xd9, 0x30, 0x30)
        );
        assert_eq!(
            rgb(s.color(speed_bucket(&s, f32::NAN))),
            Color32::from_rgb(0x8a, 0x94, 0xa3)
        );
        let mph = SpeedScale::new(SpeedUnit::Mph);
        // 60 km/h = 37.3 mph: 30–45 mph (bucket 3) in mph, 50–70 km/h (also 3) in km/h;
        // 100 km/h = 62 mph: 55–70 mph (5), 90–110 km/h (5).
        assert_eq!(speed_bucket(&mph, 60.0), 3);
        assert_eq!(speed_bucket(&mph, 100.0), 5);
        assert_eq!(speed_bucket(&mph, 7.0), 0); // 4.3 mph
    }

    #[test]
    fn tracks_get_distinct_colours() {
        let first: Vec<_> = (0..TRACK_PALETTE.len()).map(track_color).collect();
        for (i, a) in first.iter().enumerate() {
            for b in &first[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(track_color(TRACK_PALETTE.len()), track_color(0));
    }
}
