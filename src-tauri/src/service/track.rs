//! Loading a track from the server: trips of the period (to cut points into segments), points
//! of the period (or of each chosen trip) read through the client's window planner with
//! progress per window, cancellable, converted into a `Track`
//! (`service::view` then shows it: packed for the map and kept for statistics and exports).

use chrono::Duration;
use tokio_util::sync::CancellationToken;
use trackmate_api::{
    Client, LeftOut, ReadControl, ReadSpan, Time, TrackInfo, TrackListOptions, TrackReadOptions,
    WindowProgress,
};
use trackmate_tracks::{Track, from_api};

use super::time;
use crate::dto::Progress;
use crate::error::AppError;

/// Longest window read in one request for a whole period (the client's planner still keeps
/// within the server's limit). Shorter than the server's limit on purpose: a long period then
/// reports progress at least once a day's data.
const WINDOW: i64 = 24 * 3600;

/// What to read: the chosen trips (each over its own time span, oldest first) or the whole
/// period; and the trips that cut the points into segments. The client splits each span into
/// windows.
fn plan(
    trips: Vec<TrackInfo>,
    from: &Time,
    to: &Time,
    trip_ids: Option<&[i64]>,
) -> (Vec<ReadSpan>, Vec<TrackInfo>) {
    let Some(ids) = trip_ids else {
        let whole = ReadSpan {
            from: *from,
            to: *to,
            track_id: None,
        };
        return (vec![whole], trips);
    };
    let chosen: Vec<TrackInfo> = trips
        .into_iter()
        .filter(|t| t.id().is_some_and(|id| ids.contains(&id)))
        .collect();
    let mut spans: Vec<ReadSpan> = ids
        .iter()
        .map(|&id| {
            let trip = chosen.iter().find(|t| t.id() == Some(id));
            // A trip the list no longer shows is still read, over the whole period.
            let start = *trip.and_then(TrackInfo::start).unwrap_or(from);
            let end = *trip
                .and_then(TrackInfo::end)
                .filter(|e| **e > start)
                .unwrap_or(to);
            ReadSpan {
                from: start,
                to: end,
                track_id: Some(id),
            }
        })
        .collect();
    spans.sort_by_key(|f| f.from);
    spans.dedup_by_key(|f| f.track_id);
    (spans, chosen)
}

/// Reads the track of `object_id` over `[from, to]` (or only `trip_ids`) as a `Track` named
/// `name`, calling `progress` before the first window and after each one, with the trips and
/// points the server sent that could not be used (left out and counted, never the whole load).
/// Fails with kind `cancelled` as soon as `cancel` fires.
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
) -> Result<(Track, LeftOut), AppError> {
    let name = name.to_owned();
    let work = async {
        let (from, to) = time::period(client, from, to)?;
        let listed = client
            .tracks()
            .list(object_id, &from, &to, &TrackListOptions::default())
            .await?;
        let (trips, mut left_out) = (listed.list, listed.left_out);
        let (spans, trips) = plan(trips, &from, &to, trip_ids);
        let report = |p: WindowProgress| {
            progress(Progress {
                done: p.done,
                total: p.total,
                points: u32::try_from(p.items).unwrap_or(u32::MAX),
            })
        };
        let ctl = ReadControl {
            cancel: Some(cancel),
            progress: Some(&report),
            max_window: Some(Duration::seconds(WINDOW)),
        };
        let read = client
            .tracks()
            .read_spans(object_id, &spans, &TrackReadOptions::default(), &ctl)
            .await?;
        left_out += read.left_out;
        let points = read.list;
        // Converting a million points takes a moment of CPU: keep it off the async workers
        // that serve the other commands.
        let track = tokio::task::spawn_blocking(move || from_api::track(&name, &points, &trips))
            .await
            .map_err(|e| AppError::io(format!("converting the track failed: {e}")))?;
        Ok((track, left_out))
    };
    // The planner stops at the cancel too; this also covers listing trips and converting.
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
    fn a_period_is_one_span_for_the_clients_planner() {
        let (f, _) = plan(vec![], &t(1, 0), &t(3, 12), None);
        assert_eq!(
            f,
            vec![ReadSpan {
                from: t(1, 0),
                to: t(3, 12),
                track_id: None
            }]
        );
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
        let (f, chosen) = plan(trips, &t(1, 0), &t(2, 0), Some(&[3, 1, 99]));
        assert_eq!(chosen.len(), 2);
        let ids: Vec<_> = f.iter().map(|f| f.track_id).collect();
        assert_eq!(ids, vec![Some(99), Some(1), Some(3)]); // 99 unknown: whole period, first
        assert_eq!(f[1].from, t(1, 8));
        assert_eq!(f[1].to, t(1, 9));
    }
}
