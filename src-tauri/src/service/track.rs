//! Loading a track from the server: trips of the period (to cut points into segments), points
//! read window by window (or trip by trip) with progress, cancellable, converted into a `Track`
//! (`service::view` then shows it: packed for the map and kept for statistics and exports).

use chrono::Duration;
use tokio_util::sync::CancellationToken;
use trackmate_api::{Client, Time, TrackInfo, TrackListOptions, TrackPoint, TrackReadOptions};
use trackmate_tracks::{Track, from_api};

use super::time;
use crate::dto::Progress;
use crate::error::AppError;

/// Longest window read in one request for a whole period. Shorter than the server's limit on
/// purpose: a long period then reports progress and reacts to cancel at least once a day's data.
const WINDOW: i64 = 24 * 3600;

/// One `track/read` request of the plan.
#[derive(Debug, Clone, PartialEq)]
struct Fetch {
    from: Time,
    to: Time,
    trip: Option<i64>,
}

/// Consecutive windows of at most `span` covering `[from, to]`; each starts one second after the
/// previous one ends (the server's resolution), as `trackmate-api` does.
fn windows(from: &Time, to: &Time, span: Duration) -> Vec<Fetch> {
    let mut out = Vec::new();
    let mut start = *from;
    loop {
        let end = if *to - start <= span {
            *to
        } else {
            start + span
        };
        out.push(Fetch {
            from: start,
            to: end,
            trip: None,
        });
        start = end + Duration::seconds(1);
        if start > *to {
            return out;
        }
    }
}

/// What to read: the chosen trips (each over its own time span, oldest first) or the whole
/// period in windows; and the trips that cut the points into segments.
fn plan(
    trips: Vec<TrackInfo>,
    from: &Time,
    to: &Time,
    trip_ids: Option<&[i64]>,
    max_span: Duration,
) -> (Vec<Fetch>, Vec<TrackInfo>) {
    let Some(ids) = trip_ids else {
        let span = max_span.min(Duration::seconds(WINDOW));
        return (windows(from, to, span), trips);
    };
    let chosen: Vec<TrackInfo> = trips
        .into_iter()
        .filter(|t| t.id().is_some_and(|id| ids.contains(&id)))
        .collect();
    let mut fetches: Vec<Fetch> = ids
        .iter()
        .map(|&id| {
            let trip = chosen.iter().find(|t| t.id() == Some(id));
            // A trip the list no longer shows is still read, over the whole period.
            let start = *trip.and_then(TrackInfo::start).unwrap_or(from);
            let end = *trip
                .and_then(TrackInfo::end)
                .filter(|e| **e > start)
                .unwrap_or(to);
            Fetch {
                from: start,
                to: end,
                trip: Some(id),
            }
        })
        .collect();
    fetches.sort_by_key(|f| f.from);
    fetches.dedup_by_key(|f| f.trip);
    (fetches, chosen)
}

/// Reads the track of `object_id` over `[from, to]` (or only `trip_ids`) as a `Track` named
/// `name`, calling `progress` after each request. Fails with kind `cancelled` as soon as
/// `cancel` fires.
#[allow(clippy::too_many_arguments)]
pub async fn load_track(
    client: &Client,
    object_id: i64,
    name: &str,
    from: &str,
    to: &str,
    trip_ids: Option<&[i64]>,
    cancel: &CancellationToken,
    progress: impl Fn(Progress) + Send + Sync,
) -> Result<Track, AppError> {
    let name = name.to_owned();
    let work = async {
        let (from, to) = time::period(client, from, to)?;
        let trips = client
            .tracks()
            .list(object_id, &from, &to, &TrackListOptions::default())
            .await?
            .list;
        let max_span = client.limits().track_max_span;
        let (fetches, trips) = plan(trips, &from, &to, trip_ids, max_span);
        let total = fetches.len() as u32;
        progress(Progress {
            done: 0,
            total,
            points: 0,
        });
        let mut points: Vec<TrackPoint> = Vec::new();
        for (i, f) in fetches.iter().enumerate() {
            let opts = TrackReadOptions {
                track_id: f.trip,
                ..TrackReadOptions::default()
            };
            let part = client
                .tracks()
                .read(object_id, &f.from, &f.to, &opts)
                .await?;
            points.extend(part.list);
            progress(Progress {
                done: i as u32 + 1,
                total,
                points: points.len() as u32,
            });
        }
        // Converting a million points takes a moment of CPU: keep it off the async workers
        // that serve the other commands.
        tokio::task::spawn_blocking(move || from_api::track(&name, &points, &trips))
            .await
            .map_err(|e| AppError::io(format!("converting the track failed: {e}")))
    };
    tokio::select! {
        biased;
        _ = cancel.cancelled() => Err(AppError::cancelled()),
        r = work => r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Tz;

    fn t(day: u32, h: u32) -> Time {
        Tz::UTC.with_ymd_and_hms(2024, 1, day, h, 0, 0).unwrap()
    }

    #[test]
    fn a_period_is_read_in_day_windows_without_overlap() {
        let (f, _) = plan(vec![], &t(1, 0), &t(3, 12), None, Duration::days(30));
        assert_eq!(f.len(), 3);
        assert_eq!(f[0].from, t(1, 0));
        assert_eq!(f[2].to, t(3, 12));
        assert_eq!(f[1].from - f[0].to, Duration::seconds(1));
        // A server limit below a day wins.
        let (f, _) = plan(vec![], &t(1, 0), &t(1, 12), None, Duration::hours(4));
        assert_eq!(f.len(), 3);
    }

    #[test]
    fn chosen_trips_are_read_oldest_first_over_their_own_span() {
        let trip = |id: i64, a: &str, b: &str| -> TrackInfo {
            serde_json::from_value(serde_json::json!(
                {"type": "regular", "id": id, "start_date": a, "end_date": b}))
            .unwrap()
        };
        let trips = vec![
            trip(1, "2024-01-01 08:00:00", "2024-01-01 09:00:00"),
            trip(2, "2024-01-01 10:00:00", "2024-01-01 11:00:00"),
            trip(3, "2024-01-01 12:00:00", "2024-01-01 13:00:00"),
        ];
        let (f, chosen) = plan(
            trips,
            &t(1, 0),
            &t(2, 0),
            Some(&[3, 1, 99]),
            Duration::days(1),
        );
        assert_eq!(chosen.len(), 2);
        let ids: Vec<_> = f.iter().map(|f| f.trip).collect();
        assert_eq!(ids, vec![Some(99), Some(1), Some(3)]); // 99 unknown: whole period, first
        assert_eq!(f[1].from, t(1, 8));
        assert_eq!(f[1].to, t(1, 9));
    }
}
