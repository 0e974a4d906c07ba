//! `track/list` and `track/read`: trips and fixes inside a window, clipped to the storage
//! period (→ `limit_exceeded`) and to "now"; huge point lists are streamed in chunks.

use std::sync::Arc;

use super::render::{address_of, bounds, decimate, latlng, length_km, point, round2};
use super::{Ctx, Reply, ok};
use crate::codes::{ApiError, ApiResult};
use crate::fleet::TrackerMeta;
use crate::fleet::day::{DayData, Point, Track, TrackKind};
use crate::fleet::geo::distance_m;
use crate::jsonw::Jw;
use crate::timefmt::TimeFmt;

/// `track/read` simplifies to this many points unless `point_limit` says otherwise.
const DEFAULT_POINT_LIMIT: usize = 500;
/// `filter=true` drops trips shorter than this (km) or with fewer than 3 fixes.
const MIN_TRIP_KM: f64 = 0.2;
/// Single reports closer than this to a cluster's first report join the cluster.
const CLUSTER_RADIUS_M: f64 = 300.0;
/// Responses with more points than this are streamed rather than built in memory.
const STREAM_ABOVE: usize = 20_000;
const CHUNK_POINTS: usize = 10_000;

struct Window {
    from: i64,
    to: i64,
    limit_exceeded: bool,
}

/// Shared prelude: tracker (201/208), `from`/`to` (7), span (211), clipping.
fn window<'c>(c: &'c Ctx) -> ApiResult<(&'c TrackerMeta, Window)> {
    let t = c.data_tracker()?;
    let (from, to) = c.p.interval(c.sim.tz)?;
    if to - from > c.sim.config.max_track_span {
        return Err(ApiError::new(211));
    }
    let storage = c.storage_start();
    Ok((
        t,
        Window {
            from: from.max(storage).timestamp_millis(),
            // `to` names a whole second (the wire format has no fractions), and points are
            // rendered truncated to their second: a point at to + 0.5 s reads as `to`, so it
            // belongs in the window.
            to: if to < c.now {
                to.timestamp_millis() + 999
            } else {
                c.now.timestamp_millis()
            },
            limit_exceeded: from < storage,
        },
    ))
}

struct Item<'a> {
    day: &'a DayData,
    track: &'a Track,
    pts: Vec<&'a Point>,
}

struct Stats {
    length: f64,
    max_speed: i64,
    avg_speed: i64,
}

fn stats<'a>(runs: impl Iterator<Item = &'a [&'a Point]> + Clone) -> Stats {
    let length: f64 = runs.clone().map(length_km).sum();
    let hours: f64 = runs
        .clone()
        .map(|r| (r[r.len() - 1].t - r[0].t) as f64 / 3_600_000.0)
        .sum();
    let max_speed = runs
        .flat_map(|r| r.iter().map(|p| p.speed as i64))
        .max()
        .unwrap_or(0);
    let avg_speed = if hours > 0.0 {
        (length / hours).round() as i64
    } else {
        0
    };
    Stats {
        length,
        max_speed,
        avg_speed,
    }
}

struct ListOpts {
    omit_addresses: bool,
    with_points: bool,
    count_events: bool,
    point_limit: Option<usize>,
}

fn points_list(w: &mut Jw, tf: &TimeFmt, o: &ListOpts, parts: &[(&DayData, &[&Point])]) {
    let all: Vec<(&DayData, &Point)> = parts
        .iter()
        .flat_map(|(d, pts)| pts.iter().map(move |p| (*d, *p)))
        .collect();
    let keep = decimate(all.len(), o.point_limit.unwrap_or(usize::MAX));
    w.key("points_list").arr();
    for k in keep {
        let (d, p) = all[k];
        point(w, tf, d, p, o.omit_addresses);
    }
    w.end_arr();
}

/// `regular` (with id) or `merged` (without) track info.
fn write_trip(w: &mut Jw, tf: &TimeFmt, o: &ListOpts, items: &[&Item], merged: bool) {
    let (first, last) = (items[0], items[items.len() - 1]);
    let (p0, p1) = (first.pts[0], last.pts[last.pts.len() - 1]);
    let s = stats(items.iter().map(|i| i.pts.as_slice()));
    w.obj();
    if !merged {
        w.ki64("id", first.track.id);
    }
    w.kstr("type", if merged { "merged" } else { "regular" })
        .kstr("start_date", tf.render_ms(p0.t).as_str())
        .kstr(
            "start_address",
            &address_of(first.day, p0, o.omit_addresses),
        )
        .ki64("max_speed", s.max_speed)
        .kstr("end_date", tf.render_ms(p1.t).as_str())
        .kstr("end_address", &address_of(last.day, p1, o.omit_addresses))
        .kf64("length", round2(s.length))
        .ki64("points", items.iter().map(|i| i.pts.len() as i64).sum())
        .ki64("avg_speed", s.avg_speed);
    if o.count_events {
        let n = items
            .iter()
            .map(|i| {
                i.day
                    .events
                    .iter()
                    .filter(|e| e.track_id == i.track.id)
                    .count()
            })
            .sum::<usize>();
        w.ki64("event_count", n as i64);
    }
    w.kbool(
        "gsm_lbs",
        items.iter().all(|i| i.pts.iter().all(|p| p.is_lbs())),
    );
    if o.with_points {
        let parts: Vec<_> = items.iter().map(|i| (i.day, i.pts.as_slice())).collect();
        points_list(w, tf, o, &parts);
    }
    bounds(w, items.iter().flat_map(|i| i.pts.iter().map(|p| p.pos())));
    w.end_obj();
}

fn write_single(w: &mut Jw, tf: &TimeFmt, o: &ListOpts, item: &Item) {
    let p = item.pts[0];
    w.obj()
        .ki64("id", item.track.id)
        .kstr("type", "single_report")
        .kstr("start_date", tf.render_ms(p.t).as_str())
        .kstr("start_address", &address_of(item.day, p, o.omit_addresses))
        .ki64("avg_speed", p.speed as i64)
        .kbool("gsm_lbs", p.is_lbs())
        .ki64("precision", p.precision as i64);
    if o.with_points {
        points_list(w, tf, o, &[(item.day, &item.pts[..1])]);
    }
    w.end_obj();
}

fn write_cluster(w: &mut Jw, tf: &TimeFmt, o: &ListOpts, items: &[&Item]) {
    let (first, last) = (items[0], items[items.len() - 1]);
    let pts: Vec<&Point> = items.iter().map(|i| i.pts[0]).collect();
    w.obj()
        .kstr("type", "cluster")
        .kstr("start_date", tf.render_ms(first.pts[0].t).as_str())
        .kstr(
            "start_address",
            &address_of(first.day, first.pts[0], o.omit_addresses),
        )
        .kstr("end_date", tf.render_ms(last.pts[0].t).as_str())
        .ki64(
            "precision",
            pts.iter().map(|p| p.precision as i64).max().unwrap_or(0),
        );
    w.key("points").arr();
    for p in &pts {
        latlng(w, p.pos());
    }
    w.end_arr();
    bounds(w, pts.iter().map(|p| p.pos()));
    w.kbool("gsm_lbs", pts.iter().all(|p| p.is_lbs())).end_obj();
}

pub fn list(c: &Ctx) -> ApiResult<Reply> {
    let (t, win) = window(c)?;
    let p = c.p;
    let filter = p.bool_or("filter", true)?;
    let split = p.bool_or("split", true)?;
    let include_lbs = p.bool_or("include_gsm_lbs", true)?;
    let cluster = p.bool_or("cluster_single_reports", false)?;
    let opts = ListOpts {
        omit_addresses: p.bool_or("omit_addresses", false)?,
        with_points: p.bool_or("with_points", false)?,
        count_events: p.bool_or("count_events", false)?,
        point_limit: c.point_limit()?,
    };
    let days: Vec<Arc<DayData>> = if win.from <= win.to {
        c.sim.fleet.days(t.idx, win.from, win.to)
    } else {
        Vec::new()
    };
    let mut items: Vec<Item> = Vec::new();
    for day in &days {
        for tr in &day.tracks {
            let pts: Vec<&Point> = day
                .track_points(tr)
                .iter()
                .filter(|q| q.t >= win.from && q.t <= win.to && (include_lbs || !q.is_lbs()))
                .collect();
            let keep = match tr.kind {
                _ if pts.is_empty() => false,
                TrackKind::Regular => !filter || (pts.len() >= 3 && length_km(&pts) >= MIN_TRIP_KM),
                TrackKind::Single => true,
            };
            if keep {
                items.push(Item {
                    day,
                    track: tr,
                    pts,
                });
            }
        }
    }
    let tf = c.tf();
    ok(|w| {
        w.kbool("limit_exceeded", win.limit_exceeded)
            .key("list")
            .arr();
        if !split {
            if !items.is_empty() {
                let all: Vec<&Item> = items.iter().collect();
                write_trip(w, &tf, &opts, &all, true);
            }
        } else {
            let mut i = 0;
            while i < items.len() {
                let item = &items[i];
                if item.track.kind == TrackKind::Regular {
                    write_trip(w, &tf, &opts, &[item], false);
                    i += 1;
                    continue;
                }
                // A run of consecutive single reports near the run's first one.
                let mut j = i + 1;
                while cluster
                    && j < items.len()
                    && items[j].track.kind == TrackKind::Single
                    && distance_m(items[j].pts[0].pos(), item.pts[0].pos()) <= CLUSTER_RADIUS_M
                {
                    j += 1;
                }
                if j - i >= 2 {
                    let run: Vec<&Item> = items[i..j].iter().collect();
                    write_cluster(w, &tf, &opts, &run);
                } else {
                    write_single(w, &tf, &opts, item);
                }
                i = j;
            }
        }
        w.end_arr();
    })
}

pub fn read(c: &Ctx) -> ApiResult<Reply> {
    let (t, win) = window(c)?;
    let p = c.p;
    let track_id = p.opt_i64("track_id")?;
    let include_lbs = p.bool_or("include_gsm_lbs", true)?;
    let simplify = p.bool_or("simplify", true)?;
    let filter = p.bool_or("filter", true)?;
    let limit = c.point_limit()?.unwrap_or(DEFAULT_POINT_LIMIT);
    let fleet = &c.sim.fleet;

    let days: Vec<Arc<DayData>> = match track_id {
        Some(id) => vec![
            fleet
                .day_of_track(t.idx, id)
                .ok_or_else(|| ApiError::new(201))?,
        ],
        None if win.from <= win.to => fleet.days(t.idx, win.from, win.to),
        None => Vec::new(),
    };
    // (day slot, point index) of every selected fix, in time order.
    let mut chosen: Vec<(u32, u32)> = Vec::new();
    // A day's points are in time order (`Fleet` tests it), so the window is found by binary
    // search, as a server's time index would, not by walking the whole day for each window.
    let in_window = |pts: &[Point], base: u32| {
        let lo = pts.partition_point(|q| q.t < win.from);
        let hi = pts.partition_point(|q| q.t <= win.to);
        base + lo as u32..base + hi.max(lo) as u32
    };
    for (slot, day) in days.iter().enumerate() {
        let slot = slot as u32;
        match track_id {
            Some(id) => {
                let tr = day
                    .tracks
                    .iter()
                    .find(|tr| tr.id == id)
                    .expect("checked above");
                in_window(day.track_points(tr), tr.start).for_each(|i| chosen.push((slot, i)));
            }
            None => in_window(&day.points, 0)
                .filter(|&i| {
                    let q = &day.points[i as usize];
                    (!filter || !q.is_parking()) && (include_lbs || !q.is_lbs())
                })
                .for_each(|i| chosen.push((slot, i))),
        }
    }
    if simplify && chosen.len() > limit {
        chosen = decimate(chosen.len(), limit)
            .into_iter()
            .map(|k| chosen[k])
            .collect();
    }
    let tf = c.tf();
    let limit_exceeded = win.limit_exceeded;
    if chosen.len() <= STREAM_ABOVE {
        return ok(|w| {
            w.kbool("limit_exceeded", limit_exceeded).key("list").arr();
            for &(slot, i) in &chosen {
                let d = &days[slot as usize];
                point(w, &tf, d, &d.points[i as usize], false);
            }
            w.end_arr();
        });
    }
    Ok(Reply::Stream(Box::new(move |sink| {
        let mut w = Jw::with_capacity(CHUNK_POINTS * 230);
        w.obj()
            .kbool("success", true)
            .kbool("limit_exceeded", limit_exceeded)
            .key("list")
            .arr();
        for chunk in chosen.chunks(CHUNK_POINTS) {
            for &(slot, i) in chunk {
                let d = &days[slot as usize];
                point(&mut w, &tf, d, &d.points[i as usize], false);
            }
            if !sink(w.take()) {
                return;
            }
        }
        w.end_arr().end_obj();
        sink(w.finish());
    })))
}
