//! Windows by density: where the listed trips' point counts say a span would bring too many
//! points for one window, the span is cut into pieces of about equal counts, so that a dense
//! day is read in windows decoded on both cores while the next arrive.

use chrono::Duration;
use trackmate_api::{ReadSpan, Time, TrackInfo};

/// Most points a window should bring, by the listed trips' point counts: a dense day (the
/// emulator's 1,000,000-point one) is read in windows of about this many, decoded on the
/// blocking pool while the next ones arrive; an ordinary day (tens of thousands of points)
/// stays one window, so no more requests are made than before.
pub(super) const WINDOW_POINTS: u64 = 50_000;

/// The shortest window a dense span is cut into, in seconds (a list claiming absurd counts
/// makes no flood of requests).
const MIN_WINDOW_S: i64 = 300;

/// The trip's point count, where the list gives one (a count in `regular` and `merged`).
fn point_count(t: &TrackInfo) -> Option<u64> {
    match t {
        TrackInfo::Regular(t) | TrackInfo::Merged(t) => t.points,
        _ => None,
    }
}

/// `spans` cut where the listed trips' point counts say a window would bring more than `most`
/// points, into pieces of about equal counts (a trip's points taken as spread evenly over its
/// time; a trip without a count adds none). Only the span's own trip counts for a chosen
/// trip's span. Pieces do not overlap: the next starts a second after one ends, as windows do.
pub(super) fn by_density(spans: Vec<ReadSpan>, trips: &[TrackInfo], most: u64) -> Vec<ReadSpan> {
    let counted: Vec<(Option<i64>, Time, Time, f64)> = trips
        .iter()
        .filter_map(|t| {
            let (start, n) = (*t.start()?, point_count(t)?);
            let end = t.end().copied().filter(|e| *e >= start).unwrap_or(start);
            Some((t.id(), start, end, n as f64))
        })
        .collect();
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        let mine = |id: &Option<i64>| span.track_id.is_none() || *id == span.track_id;
        // Points expected in `[span.from, upto]`.
        let expected = |upto: Time| -> f64 {
            counted
                .iter()
                .filter(|(id, ..)| mine(id))
                .map(|&(_, a, b, n)| {
                    let (lo, hi) = (a.max(span.from), b.min(upto));
                    if hi < lo {
                        0.0
                    } else if b == a {
                        n
                    } else {
                        n * ((hi - lo).num_milliseconds() as f64
                            / (b - a).num_milliseconds() as f64)
                    }
                })
                .sum()
        };
        let total = expected(span.to);
        let seconds = (span.to - span.from).num_seconds();
        // However many points a list claims, a window keeps at least a few minutes.
        let pieces = (total / most as f64)
            .ceil()
            .min((seconds / MIN_WINDOW_S) as f64);
        if pieces <= 1.0 || !total.is_finite() {
            out.push(span);
            continue;
        }
        let mut from = span.from;
        for k in 1..pieces as u64 {
            // The first whole second by which the k-th share has been reached.
            let goal = total * k as f64 / pieces;
            let (mut lo, mut hi) = (0i64, seconds);
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if expected(span.from + Duration::seconds(mid)) >= goal {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            let cut = span.from + Duration::seconds(lo);
            if cut < from || cut + Duration::seconds(1) >= span.to {
                continue;
            }
            out.push(ReadSpan {
                from,
                to: cut,
                track_id: span.track_id,
            });
            from = cut + Duration::seconds(1);
        }
        out.push(ReadSpan { from, ..span });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Tz;

    fn t(day: u32, h: u32) -> Time {
        Tz::UTC.with_ymd_and_hms(2024, 1, day, h, 0, 0).unwrap()
    }

    /// Trips without a count.
    fn listed() -> Vec<TrackInfo> {
        let trip = |id: i64, a: &str, b: &str| -> TrackInfo {
            serde_json::from_value(serde_json::json!(
                {"type": "regular", "id": id, "start_date": a, "end_date": b}))
            .unwrap()
        };
        vec![
            trip(1, "2024-01-01 08:00:00", "2024-01-01 09:00:00"),
            trip(2, "2024-01-01 10:00:00", "2024-01-01 11:00:00"),
        ]
    }

    fn counted(id: i64, a: &str, b: &str, points: u64) -> TrackInfo {
        serde_json::from_value(serde_json::json!(
            {"type": "regular", "id": id, "start_date": a, "end_date": b, "points": points}))
        .unwrap()
    }

    #[test]
    fn a_dense_span_is_cut_into_windows_of_about_the_most_points() {
        let trips = [counted(
            1,
            "2024-01-01 00:00:00",
            "2024-01-02 00:00:00",
            1_000_000,
        )];
        for track_id in [None, Some(1)] {
            let span = ReadSpan {
                from: t(1, 0),
                to: t(2, 0),
                track_id,
            };
            let cut = by_density(vec![span], &trips, 50_000);
            assert_eq!(cut.len(), 20);
            assert_eq!(cut[0].from, span.from);
            assert_eq!(cut[19].to, span.to);
            for w in cut.windows(2) {
                assert_eq!(w[1].from - w[0].to, Duration::seconds(1), "{w:?}");
            }
            for c in &cut {
                assert_eq!(c.track_id, track_id);
                let secs = (c.to - c.from).num_seconds();
                assert!((4310..=4321).contains(&secs), "{c:?}");
            }
        }
    }

    #[test]
    fn an_ordinary_day_stays_one_span_and_a_chosen_trip_counts_alone() {
        let trips = [
            counted(1, "2024-01-01 08:00:00", "2024-01-01 09:00:00", 30_000),
            counted(2, "2024-01-01 10:00:00", "2024-01-01 11:00:00", 900_000),
            counted(3, "2024-01-01 12:00:00", "2024-01-01 13:00:00", 10_000),
        ];
        let whole = |track_id| ReadSpan {
            from: t(1, 0),
            to: t(2, 0),
            track_id,
        };
        assert_eq!(by_density(vec![whole(Some(1))], &trips, 50_000).len(), 1);
        assert_eq!(by_density(vec![whole(Some(3))], &trips, 50_000).len(), 1);
        // The dense trip alone is cut, inside its own hour.
        let cut = by_density(vec![whole(Some(2))], &trips, 50_000);
        assert_eq!(cut.len(), 18);
        assert!(cut[0].to > t(1, 10) && cut[16].to < t(1, 11), "{cut:?}");
        // The period counts every trip; a trip without a count adds none.
        let cut = by_density(vec![whole(None)], &trips[..1], 50_000);
        assert_eq!(cut, vec![whole(None)]);
        assert_eq!(by_density(vec![whole(None)], &trips, 50_000).len(), 19);
        assert_eq!(by_density(vec![whole(None)], &listed(), 1).len(), 1);
        // A claim of 10^18 points still makes windows of five minutes at least.
        let absurd = [counted(
            1,
            "2024-01-01 00:00:00",
            "2024-01-02 00:00:00",
            1 << 60,
        )];
        assert_eq!(by_density(vec![whole(None)], &absurd, 50_000).len(), 288);
    }
}
