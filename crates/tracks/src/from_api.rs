//! Server data into the track model: `trackmate-api` points become `Point`s or go straight
//! into `PointColumns` as they are decoded (both are the client's `PointSink`s), and a
//! period's points are cut into one segment per trip (feature `api`).

use chrono::{DateTime, Utc};

use crate::columns::{ColumnSegment, ColumnTrack, PointColumns};
use crate::packed::{FLAG_BUFFERED, FLAG_GSM_LBS, FLAG_PARKING};
use crate::{Point, Segment, Track};
use trackmate_api::{PointSink, TrackInfo, TrackPoint};

impl From<&TrackPoint> for Point {
    fn from(p: &TrackPoint) -> Point {
        Point {
            time: p.get_time.fixed_offset(),
            lat: p.lat,
            lng: p.lng,
            alt: p.alt.map(|v| v as f64),
            speed: p.speed.map(|v| v as f64),
            heading: p.heading.map(|v| v as f64),
            satellites: p.satellites.and_then(|v| u32::try_from(v).ok()),
            precision: p.precision.map(|v| v as f64),
            address: (!p.address.is_empty()).then(|| p.address.clone()),
            parking: p.parking,
            gsm_lbs: p.gsm_lbs,
            buffered: p.buffered,
            mileage: p.mileage,
        }
    }
}

/// The columns a server point fills, each value read as `Point::from` reads it.
impl PointSink for PointColumns {
    fn point(&mut self, p: TrackPoint) {
        let flags = (p.parking as u8 * FLAG_PARKING)
            | (p.gsm_lbs as u8 * FLAG_GSM_LBS)
            | (p.buffered as u8 * FLAG_BUFFERED);
        self.push_fields(
            p.get_time.fixed_offset(),
            p.lat,
            p.lng,
            p.speed.map(|v| v as f64),
            p.alt.map(|v| v as f64),
            p.heading.map(|v| v as f64),
            p.satellites.and_then(|v| u32::try_from(v).ok()),
            flags,
            p.precision.map(|v| v as f64),
            p.mileage,
            (!p.address.is_empty()).then_some(p.address),
        );
    }
    fn reserve(&mut self, points: usize) {
        PointColumns::reserve(self, points);
    }
    fn count(&self) -> usize {
        self.len()
    }
    fn append(&mut self, next: Self) {
        PointColumns::append(self, next);
    }
}

/// Server points as `Point`s, converted as they are decoded (the loader's `Track`).
#[derive(Debug, Default)]
pub struct Points(pub Vec<Point>);

impl PointSink for Points {
    fn point(&mut self, p: TrackPoint) {
        self.0.push(Point::from(&p));
    }
    fn reserve(&mut self, points: usize) {
        self.0.reserve(points);
    }
    fn count(&self) -> usize {
        self.0.len()
    }
    fn append(&mut self, mut next: Self) {
        if self.0.is_empty() {
            *self = next;
        } else {
            self.0.append(&mut next.0);
        }
    }
}

/// A trip's time range and label.
struct Span {
    id: Option<i64>,
    name: String,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

fn spans(trips: &[TrackInfo]) -> Vec<Span> {
    let mut v: Vec<Span> = trips
        .iter()
        .filter_map(|t| {
            let start = t.start()?.fixed_offset();
            let end = t.end().map(|e| e.fixed_offset()).unwrap_or(start);
            let name = format!(
                "{} – {}",
                start.format("%Y-%m-%d %H:%M"),
                end.format("%H:%M")
            );
            Some(Span {
                id: t.id(),
                name,
                start: start.to_utc(),
                end: end.to_utc(),
            })
        })
        .collect();
    v.sort_by_key(|s| s.start);
    v
}

/// Cuts points in time order (`times`, instants) into runs by trip: a run per stretch of
/// consecutive points in the same trip (or in none). Each run: its first point's index, its
/// trip's id and name (`None` outside every trip).
fn runs(
    times: impl Iterator<Item = DateTime<Utc>>,
    trips: &[TrackInfo],
) -> Vec<(usize, Option<i64>, Option<String>)> {
    let spans = spans(trips);
    let mut out = Vec::new();
    let mut current: Option<Option<usize>> = None; // which span the last run belongs to
    let mut si = 0;
    for (i, t) in times.enumerate() {
        while si < spans.len() && spans[si].end < t {
            si += 1;
        }
        let owner = (si < spans.len() && spans[si].start <= t).then_some(si);
        if current != Some(owner) {
            out.push((
                i,
                owner.and_then(|k| spans[k].id),
                owner.map(|k| spans[k].name.clone()),
            ));
            current = Some(owner);
        }
    }
    out
}

/// One object's points over a period as a `Track` named `name`, with a segment per trip in
/// `trips` (points are matched to trips by time). Points outside every trip are kept, in
/// segments of their own without id, so nothing read from the server is lost.
pub fn track(name: &str, points: &[TrackPoint], trips: &[TrackInfo]) -> Track {
    let points: Vec<Point> = points.iter().map(Point::from).collect();
    points_track(name, points, trips)
}

/// [`track`] of points already converted (what the loader's [`Points`] hold).
pub fn points_track(name: &str, points: Vec<Point>, trips: &[TrackInfo]) -> Track {
    let runs = runs(points.iter().map(|p| p.time.to_utc()), trips);
    let mut rest = points.into_iter();
    let ends = runs.iter().skip(1).map(|r| r.0).chain([usize::MAX]);
    let segments = runs
        .iter()
        .zip(ends)
        .map(|((start, id, name), end)| {
            let take = end.saturating_sub(*start);
            Segment {
                name: name.clone(),
                id: *id,
                points: rest.by_ref().take(take).collect(),
            }
        })
        .collect();
    Track {
        name: name.to_owned(),
        segments,
    }
}

/// [`track`] as columns: the same segments over points decoded straight into columns (kept
/// as they are: their room beyond the points is given back).
pub fn columns_track(name: &str, mut points: PointColumns, trips: &[TrackInfo]) -> ColumnTrack {
    points.shrink_to_fit();
    let times = points
        .time
        .iter()
        .map(|&ms| DateTime::from_timestamp_millis(ms as i64).unwrap_or_default());
    let runs = runs(times, trips);
    let ends = runs
        .iter()
        .skip(1)
        .map(|r| r.0)
        .chain([points.len()])
        .collect::<Vec<_>>();
    let segments = runs
        .into_iter()
        .zip(ends)
        .map(|((start, id, name), end)| ColumnSegment {
            name,
            id,
            points: start..end,
        })
        .collect();
    ColumnTrack {
        name: name.to_owned(),
        points,
        segments,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(t: &str) -> TrackPoint {
        serde_json::from_value(serde_json::json!({"lat": 51.1, "lng": 71.4, "get_time": t, "speed": 30, "address": ""})).unwrap()
    }

    fn trip(id: i64, a: &str, b: &str) -> TrackInfo {
        serde_json::from_value(
            serde_json::json!({"type": "regular", "id": id, "start_date": a, "end_date": b}),
        )
        .unwrap()
    }

    #[test]
    fn points_are_cut_by_trip_and_none_are_lost() {
        let points: Vec<TrackPoint> = [
            "2024-01-01 08:00:00",
            "2024-01-01 08:10:00",
            "2024-01-01 09:00:00",
            "2024-01-01 10:00:00",
            "2024-01-01 10:30:00",
        ]
        .iter()
        .map(|t| pt(t))
        .collect();
        let trips = vec![
            trip(2, "2024-01-01 10:00:00", "2024-01-01 10:30:00"),
            trip(1, "2024-01-01 08:00:00", "2024-01-01 08:10:00"),
        ];
        let t = track("Van", &points, &trips);
        let ids: Vec<Option<i64>> = t.segments.iter().map(|s| s.id).collect();
        assert_eq!(ids, vec![Some(1), None, Some(2)]);
        assert_eq!(t.segments.iter().map(|s| s.points.len()).sum::<usize>(), 5);
        assert_eq!(t.segments[0].points.len(), 2);
        assert_eq!(
            t.segments[0].name.as_deref(),
            Some("2024-01-01 08:00 – 08:10")
        );
        assert_eq!(t.segments[1].name, None);
    }

    #[test]
    fn without_trips_the_period_is_one_segment() {
        let points = vec![pt("2024-01-01 08:00:00"), pt("2024-01-01 08:00:10")];
        let t = track("Van", &points, &[]);
        assert_eq!(t.segments.len(), 1);
        assert_eq!(t.segments[0].points[1].speed, Some(30.0));
        assert_eq!(t.segments[0].points[0].address, None);
    }
}
