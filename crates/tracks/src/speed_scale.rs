//! The speed colour scale of track lines: buckets by speed in the user's unit, a colour per
//! bucket, grey for an unknown speed. The numbers live in the repository's top-level
//! `data/speed-scale.json` (shared data, not this crate's), which the app's web view imports
//! too, so both faces colour a track alike.

use std::sync::OnceLock;

/// A unit speeds are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SpeedUnit {
    #[default]
    Kmh,
    Mph,
    Kn,
}

impl SpeedUnit {
    /// A speed in km/h (what Navixy and our model use) in this unit.
    pub fn from_kmh(self, kmh: f64) -> f64 {
        match self {
            SpeedUnit::Kmh => kmh,
            SpeedUnit::Mph => kmh / 1.609_344,
            SpeedUnit::Kn => kmh / 1.852,
        }
    }

    /// `km/h`, `mph`, `kn`.
    pub fn label(self) -> &'static str {
        match self {
            SpeedUnit::Kmh => "km/h",
            SpeedUnit::Mph => "mph",
            SpeedUnit::Kn => "kn",
        }
    }
}

impl std::str::FromStr for SpeedUnit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "kmh" | "km/h" | "metric" => Ok(SpeedUnit::Kmh),
            "mph" | "imperial" => Ok(SpeedUnit::Mph),
            "kn" | "kt" | "knots" | "nautical" => Ok(SpeedUnit::Kn),
            other => Err(format!("unknown speed unit {other:?} (kmh, mph or kn)")),
        }
    }
}

/// An sRGB colour.
pub type Rgb = [u8; 3];

#[derive(serde::Deserialize)]
struct File {
    colors: Vec<String>,
    unknown: String,
    thresholds: Thresholds,
}

#[derive(serde::Deserialize)]
struct Thresholds {
    kmh: Vec<f64>,
    mph: Vec<f64>,
    kn: Vec<f64>,
}

struct Parsed {
    colors: Vec<Rgb>,
    unknown: Rgb,
    kmh: Vec<f64>,
    mph: Vec<f64>,
    kn: Vec<f64>,
}

fn hex(s: &str) -> Rgb {
    let v = u32::from_str_radix(s.trim_start_matches('#'), 16).expect("speed-scale.json: colour");
    [(v >> 16) as u8, (v >> 8) as u8, v as u8]
}

fn parsed() -> &'static Parsed {
    static SCALE: OnceLock<Parsed> = OnceLock::new();
    SCALE.get_or_init(|| {
        // Checked by the tests; a broken file fails them, not a user.
        let f: File = serde_json::from_str(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/speed-scale.json"
        )))
        .expect("speed-scale.json");
        Parsed {
            colors: f.colors.iter().map(|c| hex(c)).collect(),
            unknown: hex(&f.unknown),
            kmh: f.thresholds.kmh,
            mph: f.thresholds.mph,
            kn: f.thresholds.kn,
        }
    })
}

/// The scale in one unit.
#[derive(Debug, Clone, Copy)]
pub struct SpeedScale {
    pub unit: SpeedUnit,
}

/// One legend row: `0–10`, …, `110+` in the scale's unit, and its colour.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    pub label: String,
    pub color: Rgb,
}

impl SpeedScale {
    pub fn new(unit: SpeedUnit) -> Self {
        SpeedScale { unit }
    }

    /// Lower bounds of the buckets in the unit; the first is 0.
    pub fn thresholds(&self) -> &'static [f64] {
        let p = parsed();
        match self.unit {
            SpeedUnit::Kmh => &p.kmh,
            SpeedUnit::Mph => &p.mph,
            SpeedUnit::Kn => &p.kn,
        }
    }

    /// The number of speed buckets; [`SpeedScale::bucket`] returns this for an unknown speed.
    pub fn buckets(&self) -> usize {
        parsed().colors.len()
    }

    /// The bucket of a speed in km/h; `None`, NaN or a negative speed → the unknown bucket.
    pub fn bucket(&self, kmh: Option<f64>) -> usize {
        let Some(kmh) = kmh.filter(|v| *v >= 0.0) else {
            return self.buckets();
        };
        let v = self.unit.from_kmh(kmh);
        let th = self.thresholds();
        (1..th.len()).rev().find(|&i| v >= th[i]).unwrap_or(0)
    }

    /// The colour of a bucket (the unknown bucket is grey).
    pub fn color(&self, bucket: usize) -> Rgb {
        let p = parsed();
        p.colors.get(bucket).copied().unwrap_or(p.unknown)
    }

    /// Legend rows, slowest first (the unknown-speed grey is not among them).
    pub fn legend(&self) -> Vec<LegendEntry> {
        let th = self.thresholds();
        th.iter()
            .enumerate()
            .map(|(i, lo)| LegendEntry {
                label: match th.get(i + 1) {
                    Some(hi) => format!("{lo}–{hi}"),
                    None => format!("{lo}+"),
                },
                color: self.color(i),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unit_has_a_threshold_per_colour_starting_at_zero() {
        for unit in [SpeedUnit::Kmh, SpeedUnit::Mph, SpeedUnit::Kn] {
            let s = SpeedScale::new(unit);
            assert_eq!(s.thresholds().len(), s.buckets(), "{unit:?}");
            assert_eq!(s.thresholds()[0], 0.0);
            assert!(s.thresholds().windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn buckets_follow_the_lower_bounds() {
        let s = SpeedScale::new(SpeedUnit::Kmh);
        assert_eq!(s.bucket(Some(0.0)), 0);
        assert_eq!(s.bucket(Some(9.99)), 0);
        assert_eq!(s.bucket(Some(10.0)), 1);
        assert_eq!(s.bucket(Some(65.0)), 3);
        assert_eq!(s.bucket(Some(250.0)), 6);
        assert_eq!(s.bucket(None), 7);
        assert_eq!(s.bucket(Some(-1.0)), 7);
        assert_eq!(s.bucket(Some(f64::NAN)), 7);
        assert_eq!(s.color(0), [0x2f, 0x6f, 0xdb]);
        assert_eq!(s.color(6), [0xd9, 0x30, 0x30]);
        assert_eq!(s.color(7), [0x8a, 0x94, 0xa3]);
        // 50 mph = 80.47 km/h: the 45–55 mph bucket, but 70–90 in km/h.
        let mph = SpeedScale::new(SpeedUnit::Mph);
        assert_eq!(mph.bucket(Some(80.47)), 4);
        assert_eq!(s.bucket(Some(80.47)), 4);
        assert_eq!(mph.bucket(Some(8.1)), 1); // 5.03 mph
    }

    #[test]
    fn legend_labels() {
        let l = SpeedScale::new(SpeedUnit::Kmh).legend();
        assert_eq!(l.first().unwrap().label, "0–10");
        assert_eq!(l.last().unwrap().label, "110+");
        assert_eq!("imperial".parse::<SpeedUnit>(), Ok(SpeedUnit::Mph));
        assert!("furlongs".parse::<SpeedUnit>().is_err());
    }
}
