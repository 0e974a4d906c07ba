//! `track/*` requests: trips of a period and their points, split into windows the server
//! accepts and merged in order.

use super::windows::{ReadControl, SpanLimit};
use crate::Client;
use crate::error::Result;
use crate::models::{PointSink, PointsInto, TrackInfo, TrackList, TrackPoint, TrackPoints};
use crate::params::Params;
use crate::time::Time;
use crate::transport::Bodies;

/// Windows of points [`TrackHandler::read_spans_each`] asks for at once: one decoding while
/// the next arrives, and a third on its way, keeps two cores busy without queueing much at
/// the server (a real one allows 50 requests a second).
pub const WINDOWS_IN_FLIGHT: usize = 3;

/// `track/*` requests.
pub struct TrackHandler<'a> {
    pub(crate) client: &'a Client,
}

/// Options of `track/list`; `None` leaves the server's default.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrackListOptions {
    /// Drop tracks that are too short (server default true).
    pub filter: Option<bool>,
    /// `false` merges the period into one `merged` track (server default true).
    pub split: Option<bool>,
    pub include_gsm_lbs: Option<bool>,
    /// Group single-point trips by location into `cluster` items.
    pub cluster_single_reports: Option<bool>,
    /// Add `event_count`.
    pub count_events: Option<bool>,
    pub omit_addresses: Option<bool>,
    /// Add `points_list` to each item.
    pub with_points: Option<bool>,
    /// 2–3000, a soft target.
    pub point_limit: Option<u32>,
}

/// One span of a [`TrackHandler::read_spans`]: a period, or one trip over its own times.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReadSpan {
    pub from: Time,
    pub to: Time,
    /// Only the points of this trip.
    pub track_id: Option<i64>,
}

/// Options of `track/read`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrackReadOptions {
    /// Only the points of this trip.
    pub track_id: Option<i64>,
    /// Let the server thin the track to about `point_limit` points. Off by default: a viewer
    /// wants every point (the server's own default is on).
    pub simplify: bool,
    pub point_limit: Option<u32>,
    /// `false` also returns parking points (server default true).
    pub filter: Option<bool>,
    pub include_gsm_lbs: Option<bool>,
}

impl TrackHandler<'_> {
    /// Trips and other track items of `tracker_id` in `[from, to]`.
    pub async fn list(
        &self,
        tracker_id: i64,
        from: &Time,
        to: &Time,
        opts: &TrackListOptions,
    ) -> Result<TrackList> {
        let tz = self.client.time_zone();
        let ctl = ReadControl::default();
        let parts = self
            .client
            .over_windows(
                SpanLimit::Track,
                &[(*from, *to)],
                &ctl,
                |_| 0,
                |a, b, _| {
                    let p = Params::new()
                        .set("tracker_id", tracker_id)
                        .time("from", &a, tz)
                        .time("to", &b, tz)
                        .set("filter", opts.filter)
                        .set("split", opts.split)
                        .set("include_gsm_lbs", opts.include_gsm_lbs)
                        .set("cluster_single_reports", opts.cluster_single_reports)
                        .set("count_events", opts.count_events)
                        .set("omit_addresses", opts.omit_addresses)
                        .set("with_points", opts.with_points)
                        .set("point_limit", opts.point_limit);
                    async move { self.client.call::<TrackList>("track/list", &p).await }
                },
            )
            .await?;
        Ok(merge_lists(parts))
    }

    /// Points of `tracker_id` in `[from, to]` (or of one trip with `track_id`), oldest first.
    pub async fn read(
        &self,
        tracker_id: i64,
        from: &Time,
        to: &Time,
        opts: &TrackReadOptions,
    ) -> Result<TrackPoints> {
        let span = ReadSpan {
            from: *from,
            to: *to,
            track_id: opts.track_id,
        };
        self.read_spans(tracker_id, &[span], opts, &ReadControl::default())
            .await
    }

    /// Points of `tracker_id` over each of `spans` in turn (a period, or chosen trips each
    /// over its own span), split into windows by the client's one planner, with progress after
    /// each window (`items` = points so far) and cancellation by `ctl`. Each span's
    /// `track_id` replaces `opts.track_id`. One window at a time: a cancel after a window sends
    /// no further request.
    pub async fn read_spans(
        &self,
        tracker_id: i64,
        spans: &[ReadSpan],
        opts: &TrackReadOptions,
        ctl: &ReadControl<'_>,
    ) -> Result<TrackPoints> {
        let r = self
            .read_windows::<Vec<TrackPoint>>(tracker_id, spans, opts, ctl, 1, |_| {})
            .await?;
        Ok(TrackPoints {
            limit_exceeded: r.limit_exceeded,
            list: r.points,
            left_out: r.left_out,
        })
    }

    /// [`TrackHandler::read_spans`] with the points poured into `S` as they are decoded
    /// (e.g. a caller's columns) rather than kept as `TrackPoint`s, and up to
    /// [`WINDOWS_IN_FLIGHT`] windows asked at once: each window is decoded on the blocking
    /// pool while the next ones arrive. Points stay in window order. A cancel drops the
    /// windows in flight. Each window's usable points are also shown to `on_window`, in window
    /// order and each window once, as soon as the windows before it are in (so a caller can
    /// draw the first window while the rest are still being read). What `on_window` sees,
    /// window after window, is exactly what the returned points hold.
    pub async fn read_spans_each<S: PointSink>(
        &self,
        tracker_id: i64,
        spans: &[ReadSpan],
        opts: &TrackReadOptions,
        ctl: &ReadControl<'_>,
        on_window: impl FnMut(&S),
    ) -> Result<PointsInto<S>> {
        self.read_windows(tracker_id, spans, opts, ctl, WINDOWS_IN_FLIGHT, on_window)
            .await
    }

    async fn read_windows<S: PointSink>(
        &self,
        tracker_id: i64,
        spans: &[ReadSpan],
        opts: &TrackReadOptions,
        ctl: &ReadControl<'_>,
        in_flight: usize,
        mut on_window: impl FnMut(&S),
    ) -> Result<PointsInto<S>> {
        let tz = self.client.time_zone();
        let periods: Vec<(Time, Time)> = spans.iter().map(|s| (s.from, s.to)).collect();
        let count = |p: &PointsInto<S>| p.points.count() as u64;
        let bodies = &Bodies::default();
        let mut out = PointsInto::<S>::default();
        self.client
            .each_window_ahead(
                SpanLimit::Track,
                &periods,
                ctl,
                in_flight,
                count,
                |a, b, i| {
                    let track_id = spans.get(i).and_then(|s| s.track_id);
                    let p = Params::new()
                        .set("tracker_id", tracker_id)
                        .time("from", &a, tz)
                        .time("to", &b, tz)
                        .set("track_id", track_id)
                        .set("simplify", opts.simplify)
                        .set("point_limit", opts.point_limit)
                        .set("filter", opts.filter)
                        .set("include_gsm_lbs", opts.include_gsm_lbs);
                    let parse = PointsInto::<S>::from_json;
                    async move {
                        let reply = self.client.call_with("track/read", &p, parse, Some(bodies));
                        reply.await
                    }
                },
                |part: PointsInto<S>| {
                    on_window(&part.points);
                    out.limit_exceeded |= part.limit_exceeded;
                    out.points.append(part.points);
                    out.left_out += part.left_out;
                },
            )
            .await?;
        Ok(out)
    }
}

/// Joins the windows' lists in order. A trip that crosses a window boundary can come back from
/// both windows: it is kept once, in the version with more points.
fn merge_lists(parts: Vec<TrackList>) -> TrackList {
    let mut out = TrackList::default();
    for part in parts {
        out.limit_exceeded |= part.limit_exceeded;
        out.left_out += &part.left_out;
        for item in part.list {
            let dup = item.id().and_then(|id| {
                out.list.iter().position(|o| {
                    o.id() == Some(id) && std::mem::discriminant(o) == std::mem::discriminant(&item)
                })
            });
            match dup {
                Some(i) if point_count(&item) > point_count(&out.list[i]) => out.list[i] = item,
                Some(_) => {}
                None => out.list.push(item),
            }
        }
    }
    out
}

fn point_count(t: &TrackInfo) -> u64 {
    match t {
        TrackInfo::Regular(t) | TrackInfo::Merged(t) => t.points.unwrap_or(0),
        _ => 0,
    }
}
