//! The one server-track loader (feature `api`), shared by the app, the CLI and so the viewer:
//! lists the period's trips (they cut the points into segments), plans what to read (the
//! period, or each chosen trip, in windows the trips' point counts keep small enough to decode
//! on both cores while the next arrive), reads it through the client's window planner with the
//! caller's progress and cancellation, and gives the points as a `Track` or, decoded straight
//! into columns, as a `ColumnTrack` (the app's).

mod density;

use density::by_density;

use crate::Track;
use crate::columns::{ColumnTrack, PointColumns};
use crate::from_api::{self, Points};
use trackmate_api::{
    Client, LeftOut, PointSink, PointsInto, ReadControl, ReadSpan, Time, TrackInfo,
    TrackListOptions, TrackReadOptions,
};

/// Over which times a chosen trip's points are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TripSpan {
    /// The trip's own start and end, even where it crosses the period's edge: the app shows
    /// a chosen trip whole. A trip the list no longer shows is read over the period.
    #[default]
    Own,
    /// The period: only what the period holds of the trip (the CLI's exports).
    Period,
}

/// What to load: `tracker_id`'s points over `[from, to]`, or only those of `trips`.
#[derive(Debug, Clone, Copy)]
pub struct LoadRequest<'a> {
    pub tracker_id: i64,
    /// The track's name (exports are named after it).
    pub name: &'a str,
    pub from: Time,
    pub to: Time,
    /// Only these trips (ids from `track/list`), read oldest first; `None` for the period.
    pub trips: Option<&'a [i64]>,
    pub trip_span: TripSpan,
}

/// Why a load failed.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Api(#[from] trackmate_api::Error),
    /// The caller's cancel token fired (between requests, or while converting).
    #[error("Loading was cancelled.")]
    Cancelled,
    /// Converting the points into a track did not finish (its task failed).
    #[error("converting the track failed: {0}")]
    Convert(String),
}

/// A load's plan, after the trips are listed and before any point is read: the caller can
/// still refuse it (the CLI refuses a trip the period does not have).
#[derive(Debug)]
pub struct Plan {
    tracker_id: i64,
    name: String,
    spans: Vec<ReadSpan>,
    /// The trips that cut the points into segments (the chosen ones, or all listed).
    trips: Vec<TrackInfo>,
    missing: Vec<i64>,
    trips_listed: usize,
    trips_left_out: LeftOut,
    trips_limit_exceeded: bool,
}

/// A loaded track (a `Track`, or a `ColumnTrack` from [`load_columns`]) with what the server's
/// replies said about it.
#[derive(Debug)]
pub struct Loaded<T = Track> {
    pub track: T,
    /// Points read.
    pub points: usize,
    /// Trips the period's list kept (all of them, also when only some were chosen).
    pub trips_listed: usize,
    /// Trips of the list that could not be used.
    pub trips_left_out: LeftOut,
    /// Points read that could not be used.
    pub points_left_out: LeftOut,
    /// The server keeps data for a limited time: older trips or points were not available.
    pub limit_exceeded: bool,
}

impl<T> Loaded<T> {
    /// Everything left out, trips and points together.
    pub fn left_out(&self) -> LeftOut {
        let mut all = self.trips_left_out.clone();
        all += &self.points_left_out;
        all
    }
}

/// What to read (the chosen trips, oldest first, or the whole period), the trips that cut
/// the points into segments, and the chosen ids the list does not show.
fn spans(
    listed: Vec<TrackInfo>,
    req: &LoadRequest<'_>,
) -> (Vec<ReadSpan>, Vec<TrackInfo>, Vec<i64>) {
    let (from, to) = (req.from, req.to);
    let Some(ids) = req.trips else {
        let whole = ReadSpan {
            from,
            to,
            track_id: None,
        };
        return (vec![whole], listed, Vec::new());
    };
    let chosen: Vec<TrackInfo> = listed
        .into_iter()
        .filter(|t| t.id().is_some_and(|id| ids.contains(&id)))
        .collect();
    let missing: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|&id| !chosen.iter().any(|t| t.id() == Some(id)))
        .collect();
    let mut spans: Vec<ReadSpan> = ids
        .iter()
        .map(|&id| {
            let trip = chosen
                .iter()
                .find(|t| t.id() == Some(id))
                .filter(|_| req.trip_span == TripSpan::Own);
            // A trip the list no longer shows is still read, over the whole period.
            let start = *trip.and_then(TrackInfo::start).unwrap_or(&from);
            let end = *trip
                .and_then(TrackInfo::end)
                .filter(|e| **e > start)
                .unwrap_or(&to);
            ReadSpan {
                from: start,
                to: end,
                track_id: Some(id),
            }
        })
        .collect();
    spans.sort_by_key(|f| f.from);
    spans.dedup_by_key(|f| f.track_id);
    (spans, chosen, missing)
}

/// Lists the trips of the request's period and plans the read.
pub async fn plan(client: &Client, req: &LoadRequest<'_>) -> Result<Plan, LoadError> {
    let listed = client
        .tracks()
        .list(
            req.tracker_id,
            &req.from,
            &req.to,
            &TrackListOptions::default(),
        )
        .await?;
    let trips_listed = listed.list.len();
    let (spans, trips, missing) = spans(listed.list, req);
    let spans = by_density(spans, &trips, density::WINDOW_POINTS);
    Ok(Plan {
        tracker_id: req.tracker_id,
        name: req.name.to_owned(),
        spans,
        trips,
        missing,
        trips_listed,
        trips_left_out: listed.left_out,
        trips_limit_exceeded: listed.limit_exceeded,
    })
}

impl Plan {
    /// Chosen trips the period's list does not show (read over the whole period).
    pub fn missing(&self) -> &[i64] {
        &self.missing
    }

    /// Reads the planned points window by window under `ctl` and converts them.
    pub async fn read(self, client: &Client, ctl: &ReadControl<'_>) -> Result<Loaded, LoadError> {
        let cut = |name: &str, points: Points, trips: &[TrackInfo]| {
            from_api::points_track(name, points.0, trips)
        };
        self.read_as(client, ctl, cut, |_| {}).await
    }

    /// [`Plan::read`] into columns: each window's points are decoded straight into them, and
    /// shown to `on_window` as soon as the windows before it are in (in order, each once; the
    /// track's points are these windows' points one after the other).
    pub async fn read_columns(
        self,
        client: &Client,
        ctl: &ReadControl<'_>,
        on_window: impl FnMut(&PointColumns) + Send,
    ) -> Result<Loaded<ColumnTrack>, LoadError> {
        let cut = |name: &str, points: PointColumns, trips: &[TrackInfo]| {
            from_api::columns_track(name, points, trips)
        };
        self.read_as(client, ctl, cut, on_window).await
    }

    /// Reads the points into `S` (several windows at once, each decoded on the blocking pool,
    /// each shown to `on_window` in order) and cuts them by trip with `cut`.
    async fn read_as<S: PointSink, T: Send + 'static>(
        self,
        client: &Client,
        ctl: &ReadControl<'_>,
        cut: fn(&str, S, &[TrackInfo]) -> T,
        on_window: impl FnMut(&S) + Send,
    ) -> Result<Loaded<T>, LoadError> {
        let read: PointsInto<S> = client
            .tracks()
            .read_spans_each(
                self.tracker_id,
                &self.spans,
                &TrackReadOptions::default(),
                ctl,
                on_window,
            )
            .await?;
        let count = read.points.count();
        let (name, trips, points) = (self.name, self.trips, read.points);
        // Cutting a million points by trip takes a moment of CPU: keep it off the async workers
        // that serve the other commands.
        let track = tokio::task::spawn_blocking(move || cut(&name, points, &trips))
            .await
            .map_err(|e| LoadError::Convert(e.to_string()))?;
        Ok(Loaded {
            track,
            points: count,
            trips_listed: self.trips_listed,
            trips_left_out: self.trips_left_out,
            points_left_out: read.left_out,
            limit_exceeded: self.trips_limit_exceeded || read.limit_exceeded,
        })
    }
}

/// Plans and reads in one go. Fails with [`LoadError::Cancelled`] as soon as `ctl.cancel`
/// fires: the planner stops between and within requests, and this also covers listing the
/// trips and converting.
pub async fn load(
    client: &Client,
    req: &LoadRequest<'_>,
    ctl: &ReadControl<'_>,
) -> Result<Loaded, LoadError> {
    cancellable(ctl, async {
        plan(client, req).await?.read(client, ctl).await
    })
    .await
}

/// [`load`] into columns (the app's kept form: see `columns`), each window's points shown to
/// `on_window` as they come in (see [`Plan::read_columns`]).
pub async fn load_columns(
    client: &Client,
    req: &LoadRequest<'_>,
    ctl: &ReadControl<'_>,
    on_window: impl FnMut(&PointColumns) + Send,
) -> Result<Loaded<ColumnTrack>, LoadError> {
    let work = async {
        let plan = plan(client, req).await?;
        plan.read_columns(client, ctl, on_window).await
    };
    cancellable(ctl, work).await
}

/// `work` until `ctl.cancel` fires; a cancel the client met inside a request is `Cancelled` too.
async fn cancellable<T>(
    ctl: &ReadControl<'_>,
    work: impl Future<Output = Result<T, LoadError>>,
) -> Result<T, LoadError> {
    let Some(cancel) = ctl.cancel else {
        return work.await;
    };
    tokio::select! {
        biased;
        _ = cancel.cancelled() => Err(LoadError::Cancelled),
        r = work => r.map_err(|e| match e {
            LoadError::Api(a) if a.kind() == trackmate_api::ErrorKind::Cancelled => {
                LoadError::Cancelled
            }
            e => e,
        }),
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

    fn req(trips: Option<&[i64]>, trip_span: TripSpan) -> LoadRequest<'_> {
        LoadRequest {
            tracker_id: 1,
            name: "Van",
            from: t(1, 0),
            to: t(2, 0),
            trips,
            trip_span,
        }
    }

    fn trips() -> Vec<TrackInfo> {
        let trip = |id: i64, a: &str, b: &str| -> TrackInfo {
            serde_json::from_value(serde_json::json!(
                {"type": "regular", "id": id, "start_date": a, "end_date": b}))
            .unwrap()
        };
        vec![
            trip(1, "2024-01-01 08:00:00", "2024-01-01 09:00:00"),
            trip(2, "2024-01-01 10:00:00", "2024-01-01 11:00:00"),
            trip(3, "2024-01-01 12:00:00", "2024-01-01 13:00:00"),
        ]
    }

    #[test]
    fn a_period_is_one_span_for_the_clients_planner() {
        let r = LoadRequest {
            to: t(3, 12),
            ..req(None, TripSpan::Own)
        };
        let (f, segs, missing) = spans(trips(), &r);
        assert_eq!(
            f,
            vec![ReadSpan {
                from: t(1, 0),
                to: t(3, 12),
                track_id: None
            }]
        );
        assert_eq!(segs.len(), 3, "every listed trip cuts the period");
        assert!(missing.is_empty());
    }

    #[test]
    fn chosen_trips_are_read_oldest_first_over_their_own_span() {
        let (f, chosen, missing) = spans(trips(), &req(Some(&[3, 1, 99]), TripSpan::Own));
        assert_eq!(chosen.len(), 2);
        assert_eq!(missing, vec![99]);
        let ids: Vec<_> = f.iter().map(|f| f.track_id).collect();
        assert_eq!(ids, vec![Some(99), Some(1), Some(3)]); // 99 unknown: whole period, first
        assert_eq!(f[1].from, t(1, 8));
        assert_eq!(f[1].to, t(1, 9));
    }

    #[test]
    fn chosen_trips_over_the_period_read_only_the_period() {
        let (f, chosen, missing) = spans(trips(), &req(Some(&[2]), TripSpan::Period));
        assert_eq!(chosen.len(), 1);
        assert!(missing.is_empty());
        assert_eq!(
            f,
            vec![ReadSpan {
                from: t(1, 0),
                to: t(2, 0),
                track_id: Some(2)
            }]
        );
    }
}
