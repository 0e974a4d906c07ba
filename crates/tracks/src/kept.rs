//! What the app keeps of a track once it handed the track's packed points to the web view: only
//! what the packed form does not carry (the names, the UTC offsets, precision, odometer and the
//! few addresses; precision and odometer only when some point has them), and how the page's
//! packed points and this make the whole track again for an export. The page holds the one
//! copy of the points; this is ~12 bytes a point at most, 6 with the usual odometer and
//! precision (`compact`; the columns were ~50).

use std::ops::Range;

use crate::columns::{ColumnSegment, ColumnTrack, PointColumns, address_at};
use crate::compact::{Odometer, Precision};
use crate::packed::{self, UnpackError};

/// The rest of a [`ColumnTrack`] whose points went to the page packed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rest {
    pub name: String,
    pub segments: Vec<ColumnSegment>,
    len: usize,
    /// Metres; `None` when no point has one.
    precision: Option<Precision>,
    /// Odometer, km; `None` when no point has one.
    mileage: Option<Odometer>,
    offsets: Vec<(u32, i32)>,
    addresses: Vec<(u32, String)>,
}

/// Why packed points and a [`Rest`] do not make one track.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum JoinError {
    #[error(transparent)]
    Unpack(#[from] UnpackError),
    #[error(
        "the points have {points} points in {segments} trips where the kept track has \
         {kept_points} in {kept_segments}"
    )]
    Shape {
        points: usize,
        segments: usize,
        kept_points: usize,
        kept_segments: usize,
    },
    #[error("trip {0} of the points starts or is named differently from the kept track's")]
    Segment(usize),
}

/// `v` unless every value in it is NaN (nothing known, nothing kept).
fn known<T: Copy>(v: Vec<T>, is_nan: fn(T) -> bool) -> Option<Vec<T>> {
    (!v.iter().all(|&x| is_nan(x))).then_some(v)
}

impl ColumnTrack {
    /// What is left to keep once the points went to the page packed (`pack`): the track's
    /// point columns are dropped here.
    pub fn into_rest(self) -> Rest {
        let p = self.points;
        let len = p.time.len();
        let mut rest = Rest {
            name: self.name,
            segments: self.segments,
            len,
            precision: known(p.precision, f32::is_nan).map(Precision::new),
            mileage: known(p.mileage, f64::is_nan).map(Odometer::new),
            offsets: p.offsets,
            addresses: p.addresses,
        };
        rest.offsets.shrink_to_fit();
        rest.addresses.shrink_to_fit();
        rest
    }
}

impl Rest {
    /// Number of points of the track.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Point `i`'s precision in metres, if known.
    pub fn precision(&self, i: usize) -> Option<f64> {
        self.precision.as_ref()?.get(i).map(f64::from)
    }

    /// Point `i`'s odometer in km, if known.
    pub fn mileage(&self, i: usize) -> Option<f64> {
        self.mileage.as_ref()?.get(i)
    }

    /// Point `i`'s address, if it has one.
    pub fn address(&self, i: usize) -> Option<&str> {
        address_at(&self.addresses, i)
    }

    /// The whole track again from the points the page holds (`packed`, as `pack` wrote them):
    /// refused unless they have this track's points and trips.
    pub fn join(&self, packed: &[u8]) -> Result<ColumnTrack, JoinError> {
        let c = packed::unpack(packed)?;
        let segments = c.segment_ids.len();
        if c.len() != self.len || segments != self.segments.len() {
            return Err(JoinError::Shape {
                points: c.len(),
                segments,
                kept_points: self.len,
                kept_segments: self.segments.len(),
            });
        }
        for (i, g) in self.segments.iter().enumerate() {
            let range: Range<usize> = c.starts[i] as usize..c.starts[i + 1] as usize;
            let id = c.segment_ids[i];
            let same_id = match g.id {
                Some(v) => v as f64 == id,
                None => id.is_nan(),
            };
            if range != g.points || !same_id {
                return Err(JoinError::Segment(i));
            }
        }
        let n = self.len;
        let points = PointColumns {
            time: c.time,
            lat: c.lat,
            lng: c.lng,
            speed: c.speed,
            alt: c.alt,
            heading: c.heading,
            satellites: c.satellites,
            flags: c.flags,
            precision: self
                .precision
                .as_ref()
                .map_or_else(|| vec![f32::NAN; n], Precision::column),
            mileage: self
                .mileage
                .as_ref()
                .map_or_else(|| vec![f64::NAN; n], Odometer::column),
            offsets: self.offsets.clone(),
            addresses: self.addresses.clone(),
        };
        Ok(ColumnTrack {
            name: self.name.clone(),
            points,
            segments: self.segments.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Duration};

    use super::*;
    use crate::{Point, Segment, Track};

    fn point(i: usize, zone: &str) -> Point {
        let t = DateTime::parse_from_rfc3339(&format!("2026-03-01T10:00:00{zone}")).unwrap()
            + Duration::seconds(i as i64 * 7);
        Point {
            time: t,
            lat: 47.0 + i as f64 * 1e-4,
            lng: 28.8 - i as f64 * 1e-4,
            speed: Some(i as f64),
            heading: (i % 3 != 0).then_some(90.0),
            satellites: Some(9),
            address: (i == 2).then(|| "Str. Ismail 1".to_owned()),
            buffered: i == 4,
            ..Point::at(t, 0.0, 0.0)
        }
    }

    fn sample(precision: bool) -> ColumnTrack {
        let seg = |id: Option<i64>, name: &str, pts: Vec<Point>| Segment {
            name: Some(name.to_owned()),
            id,
            points: pts,
        };
        let mut a: Vec<Point> = (0..5).map(|i| point(i, "+02:00")).collect();
        let b: Vec<Point> = (5..9).map(|i| point(i, "+03:00")).collect();
        if precision {
            a[1].precision = Some(4.5);
            a[3].mileage = Some(120_345.25);
        }
        let track = Track {
            name: "Van 01".into(),
            segments: vec![seg(Some(77), "Morning", a), seg(None, "Walk", b)],
        };
        ColumnTrack::from(&track)
    }

    #[test]
    fn the_page_points_and_the_rest_make_the_same_track() {
        for with in [true, false] {
            let whole = sample(with);
            let packed = whole.pack();
            let rest = whole.clone().into_rest();
            assert_eq!(rest.len(), 9);
            // (`ColumnTrack`'s own equality sees NaN ≠ NaN: compared as bytes and `Point`s.)
            let again = rest.join(&packed).unwrap();
            assert_eq!(again.pack(), packed);
            assert_eq!(again.to_track(), whole.to_track());
            assert_eq!(rest.address(2), Some("Str. Ismail 1"));
            assert_eq!(rest.address(3), None);
            assert_eq!(rest.precision(1), with.then_some(4.5));
            assert_eq!(rest.mileage(3), with.then_some(120_345.25));
            assert_eq!(rest.precision(0), None);
            assert_eq!(rest.precision(99), None);
            assert_eq!(
                rest.precision.is_some(),
                with,
                "nothing known, nothing kept"
            );
        }
    }

    #[test]
    fn points_of_another_track_are_refused() {
        let whole = sample(true);
        let rest = whole.clone().into_rest();
        // Fewer points.
        let mut other = whole.clone();
        other.points.time.pop();
        other.points.lat.pop();
        other.points.lng.pop();
        other.points.speed.pop();
        other.points.alt.pop();
        other.points.heading.pop();
        other.points.satellites.pop();
        other.points.flags.pop();
        other.segments[1].points.end -= 1;
        assert!(matches!(
            rest.join(&other.pack()),
            Err(JoinError::Shape { points: 8, .. })
        ));
        // The same points cut elsewhere, or with another trip id.
        let mut moved = whole.clone();
        moved.segments[0].points.end = 4;
        moved.segments[1].points.start = 4;
        assert_eq!(rest.join(&moved.pack()), Err(JoinError::Segment(0)));
        let mut renamed = whole.clone();
        renamed.segments[1].id = Some(5);
        assert_eq!(rest.join(&renamed.pack()), Err(JoinError::Segment(1)));
        // Not a packed track at all.
        assert_eq!(
            rest.join(b"nonsense"),
            Err(JoinError::Unpack(UnpackError::Magic))
        );
    }
}
