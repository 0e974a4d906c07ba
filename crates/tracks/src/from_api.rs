//! Server data into the track model: `trackmate-api` points become `Point`s, and a period's
//! points are cut into one segment per trip (feature `api`).

use crate::{Point, Segment, Track};
use trackmate_api::{TrackInfo, TrackPoint};

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

/// A trip's time range and label.
struct Span {
    id: Option<i64>,
    name: String,
    start: chrono::DateTime<chrono::FixedOffset>,
    end: chrono::DateTime<chrono::FixedOffset>,
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
                start,
                end,
            })
        })
        .collect();
    v.sort_by_key(|s| s.start);
    v
}

/// One object's points over a period as a `Track` named `name`, with a segment per trip in
/// `trips` (points are matched to trips by time). Points outside every trip are kept, in
/// segments of their own without id, so nothing read from the server is lost.
pub fn track(name: &str, points: &[TrackPoint], trips: &[TrackInfo]) -> Track {
    let spans = spans(trips);
    let mut segments: Vec<Segment> = Vec::new();
    let mut current: Option<Option<usize>> = None; // which span the last segment belongs to
    let mut si = 0;
    for p in points {
        let t = p.get_time.fixed_offset();
        while si < spans.len() && spans[si].end < t {
            si += 1;
        }
        let owner = (si < spans.len() && spans[si].start <= t).then_some(si);
        if current != Some(owner) {
            segments.push(Segment {
                name: owner.map(|i| spans[i].name.clone()),
                id: owner.and_then(|i| spans[i].id),
                points: Vec::new(),
            });
            current = Some(owner);
        }
        segments
            .last_mut()
            .expect("pushed above")
            .points
            .push(Point::from(p));
    }
    Track {
        name: name.to_owned(),
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
