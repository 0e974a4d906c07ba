//! The plugin's geometry without a window: our projection against walkers' projector, the
//! per-zoom simplification, the coloured runs a frame paints, and hover picking.

use chrono::{DateTime, Duration, FixedOffset};
use egui::{Rect, pos2, vec2};
use trackmate_tracks::{Point, SpeedScale, SpeedUnit, Track};
use trackmate_viewer::draw::{Frame, nearest, runs};
use trackmate_viewer::geo::{MercBox, merc, world_px};
use trackmate_viewer::plugin::frame_of;
use trackmate_viewer::track::{LOD_MAX, ViewTrack};
use walkers::{MapMemory, MercatorProjection, Projector, lat_lon};

fn t0() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-01T08:00:00+05:00").unwrap()
}

/// A wiggly drive: `n` points about 10 m apart heading east-north-east, zigzagging by a few
/// metres, speed rising from 0 to 120 km/h and back.
fn drive(n: usize, lat0: f64, lng0: f64) -> Vec<Point> {
    (0..n)
        .map(|i| {
            let f = i as f64;
            let lat = lat0 + f * 0.00003 + (f * 0.7).sin() * 0.00004;
            let lng = lng0 + f * 0.00012 + (f * 0.31).cos() * 0.00005;
            let mut p = Point::at(t0() + Duration::seconds(i as i64), lat, lng);
            p.speed = Some(120.0 * (f / n as f64 * std::f64::consts::PI).sin());
            p
        })
        .collect()
}

fn track(segments: Vec<Vec<Point>>) -> ViewTrack {
    let t = Track::from_points("test", segments);
    ViewTrack::new(&t, "test", false, &SpeedScale::new(SpeedUnit::Kmh))
}

fn frame(center: (f64, f64), zoom: f64) -> Frame {
    Frame {
        rect: Rect::from_min_size(pos2(260.0, 0.0), vec2(1140.0, 800.0)),
        center: merc(center.0, center.1),
        zoom,
    }
}

#[test]
fn our_projection_is_walkers_projector() {
    let rect = Rect::from_min_size(pos2(260.0, 12.0), vec2(1140.0, 788.0));
    for (zoom, lat, lng) in [
        (3.0, 10.0, 20.0),
        (12.4, 51.16, 71.43),
        (17.0, -33.9, 151.2),
        (21.5, 64.1, -21.9),
    ] {
        let mut memory = MapMemory::default();
        memory.center_at(lat_lon(lat, lng));
        memory.set_zoom(zoom).unwrap();
        let projector = Projector::new(rect, &MercatorProjection, &memory, lat_lon(0.0, 0.0));
        let f = frame_of(&projector);
        assert!((f.zoom - zoom).abs() < 1e-12);
        for (dlat, dlng) in [(0.0, 0.0), (0.001, 0.002), (-0.01, 0.03), (0.2, -0.3)] {
            let (plat, plng) = (
                lat + dlat * 30.0 / zoom.exp2(),
                lng + dlng * 30.0 / zoom.exp2(),
            );
            let ours = f.to_screen(merc(plat, plng));
            let theirs = projector.project(lat_lon(plat, plng)).to_pos2();
            assert!(
                (ours - theirs).length() < 0.05,
                "zoom {zoom} at ({plat}, {plng}): ours {ours:?}, walkers {theirs:?}"
            );
        }
        // the centre is the rect's centre
        let c = f.to_screen(merc(lat, lng));
        assert!((c - rect.center()).length() < 0.01);
    }
}

/// The distance in pixels at `zoom` from original point `p` to the polyline through `kept`.
fn off_line(t: &ViewTrack, kept: &[u32], i: usize, zoom: f64) -> f64 {
    let w = world_px(zoom);
    let at = |k: usize| {
        let m = t.merc(k);
        (m.x * w, m.y * w)
    };
    let p = at(i);
    let seg = kept.partition_point(|&k| (k as usize) <= i).max(1) - 1;
    let a = at(kept[seg] as usize);
    let b = at(kept[(seg + 1).min(kept.len() - 1)] as usize);
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let s = if len2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    ((p.0 - a.0 - s * dx).powi(2) + (p.1 - a.1 - s * dy).powi(2)).sqrt()
}

#[test]
fn each_zoom_keeps_fewer_points_the_further_out_and_none_strays_half_a_pixel() {
    let t = track(vec![drive(20_000, 51.10, 71.30)]);
    let mut last = 0;
    for level in 0..=LOD_MAX {
        let kept = &t.level(level).idx;
        assert!(
            kept.len() >= last,
            "level {level} keeps {} < {last}",
            kept.len()
        );
        last = kept.len();
        assert_eq!(kept[0], 0);
        assert_eq!(*kept.last().unwrap() as usize, t.len() - 1);
        // Every dropped point is within half a pixel of the kept line. The simplifier measures
        // on the ground in a local projection per chord; over a chord of hundreds of pixels
        // Mercator's straight line bows from it by a few hundredths of a pixel, hence 0.6.
        let zoom = level as f64;
        let worst = (0..t.len())
            .step_by(7)
            .map(|i| off_line(&t, kept, i, zoom))
            .fold(0.0, f64::max);
        assert!(
            worst <= 0.6,
            "level {level}: a point {worst:.3} px off the line"
        );
    }
    // zoom 8: the wiggles go, the 2×6 colour changes (both sides of each) stay
    assert!(
        t.level(8).idx.len() < 200,
        "zoom 8 keeps {}",
        t.level(8).idx.len()
    );
    // each colour of this drive lasts kilometres: at street zooms every change is kept exactly
    for level in [14, LOD_MAX] {
        let kept = &t.level(level).idx;
        for i in 1..t.len() {
            if t.bucket[i] != t.bucket[i - 1] {
                assert!(
                    kept.binary_search(&(i as u32)).is_ok()
                        && kept.binary_search(&(i as u32 - 1)).is_ok()
                );
            }
        }
        assert!(
            kept.windows(2).all(|w| w[0] < w[1]),
            "ascending, no repeats"
        );
    }
    assert!(
        t.level(LOD_MAX).idx.len() > 15_000,
        "the deepest level keeps the wiggles"
    );
    assert_eq!(ViewTrack::level_for_zoom(12.4), 12);
    assert_eq!(ViewTrack::level_for_zoom(30.0), LOD_MAX);
}

#[test]
fn colour_flicker_under_a_few_pixels_does_not_keep_points() {
    // A straight road with the speed jittering across the 10 km/h threshold at every fix.
    let points: Vec<Point> = (0..10_000)
        .map(|i| {
            let mut p = Point::at(t0() + Duration::seconds(i), 51.1, 71.3 + i as f64 * 0.00002);
            p.speed = Some(if i % 2 == 0 { 8.0 } else { 12.0 });
            p
        })
        .collect();
    let t = track(vec![points]);
    assert!(
        t.level(10).idx.len() < 10,
        "zoom 10 keeps {}",
        t.level(10).idx.len()
    );
    // deep enough that one step (1.4 m) is 3 pixels, every change shows and is kept
    assert_eq!(t.level(LOD_MAX).idx.len(), t.len());
}

#[test]
fn a_frame_draws_visible_runs_broken_by_trips_and_colours() {
    let a = drive(3_000, 51.10, 71.30);
    let b = drive(3_000, 51.20, 71.30);
    let t = track(vec![a, b]);
    let f = frame((51.15, 71.48), 11.0);
    let level = t.level(11);
    let bucket = |i: usize| t.bucket[i] as usize;
    let rs = runs(&t, level, &f, bucket);
    assert!(!rs.is_empty());
    // speeds go 0 → 120 → 0 in each trip: all seven buckets appear
    let mut keys: Vec<usize> = rs.iter().map(|r| r.key).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys, (0..7).collect::<Vec<_>>());
    // runs of one trip join where the colour changes; the two trips never join
    let mut joins = 0;
    for w in rs.windows(2) {
        if w[0].points.last() == w[1].points.first() {
            joins += 1;
        }
    }
    assert_eq!(joins, rs.len() - 2, "one break, between the trips");
    // nothing is drawn for a frame elsewhere
    assert!(runs(&t, level, &frame((40.0, 10.0), 11.0), bucket).is_empty());
    // a frame that shows only the first trip draws only from it
    let first_only = frame((51.10, 71.30), 16.0);
    let rs = runs(&t, t.level(16), &first_only, |_| 0);
    // one run (one colour here), from visible chunks of the first trip only: the second trip
    // starts 0.1° (≈ 7,400 px at zoom 16) further north
    assert_eq!(rs.len(), 1);
    let north = f64::from(first_only.to_screen(merc(51.20, 71.30)).y);
    assert!(north < -6_000.0);
    assert!(
        rs[0]
            .points
            .iter()
            .all(|p| f64::from(p.y) > north + 3_000.0)
    );
}

#[test]
fn the_pointer_picks_the_nearest_original_point() {
    let t = track(vec![drive(50_000, 51.10, 71.30)]);
    for (zoom, target) in [(9.0, 31_337usize), (14.0, 20_000), (18.0, 49_999)] {
        let m = t.merc(target);
        let f = Frame {
            rect: Rect::from_min_size(pos2(0.0, 0.0), vec2(1000.0, 800.0)),
            center: m,
            zoom,
        };
        let level = t.level(ViewTrack::level_for_zoom(zoom));
        let p = f.to_screen(m) + vec2(0.0, 3.0);
        let (i, d) = nearest(&t, level, &f, p, 10.0).expect("a point near the pointer");
        let expected = (0..t.len())
            .min_by(|&a, &b| {
                let da = (f.to_screen(t.merc(a)) - p).length();
                let db = (f.to_screen(t.merc(b)) - p).length();
                da.total_cmp(&db)
            })
            .unwrap();
        let de = (f.to_screen(t.merc(expected)) - p).length();
        assert!(
            (d - de).abs() < 1e-3,
            "zoom {zoom}: found {i} at {d}, nearest is {expected} at {de}"
        );
        // far from the line: nothing
        assert!(nearest(&t, level, &f, p + vec2(0.0, 300.0), 10.0).is_none());
    }
}

#[test]
fn crowded_stop_markers_keep_one_a_cell_and_none_off_the_map() {
    use trackmate_viewer::plugin::Declutter;
    let map = egui::Rect::from_min_max(egui::pos2(260.0, 0.0), egui::pos2(1200.0, 800.0));
    let mut d = Declutter::new(map);
    assert!(d.take(egui::pos2(500.0, 400.0)));
    // 2 px away: the same place on screen, hidden under the first anyway
    assert!(!d.take(egui::pos2(502.0, 401.0)));
    // a marker's width away: drawn
    assert!(d.take(egui::pos2(512.0, 400.0)));
    // off the map (beyond the marker's radius): not drawn
    assert!(!d.take(egui::pos2(100.0, 400.0)));
    assert!(!d.take(egui::pos2(700.0, 900.0)));
    // at the edge, partly visible: drawn
    assert!(d.take(egui::pos2(255.0, 400.0)));
    // 600 stops crowded in a 100-px square come down to at most its 11×11 cells
    let mut d = Declutter::new(map);
    let drawn = (0..600)
        .filter(|k| {
            d.take(egui::pos2(
                600.0 + (k * 37 % 100) as f32,
                300.0 + (k * 53 % 100) as f32,
            ))
        })
        .count();
    assert!(drawn <= 121 && drawn > 50, "{drawn}");
}

#[test]
fn point_times_keep_their_offsets_to_the_millisecond() {
    // Across a change of offset (a clock change in the user's zone), and back.
    let plus6 = FixedOffset::east_opt(6 * 3600).unwrap();
    let plus5 = FixedOffset::east_opt(5 * 3600).unwrap();
    let at = |k: i64, off: FixedOffset| {
        (t0() + Duration::milliseconds(k * 1500 + 7)).with_timezone(&off)
    };
    let offsets = [plus6, plus6, plus5, plus5, plus5, plus6];
    let points: Vec<Point> = offsets
        .iter()
        .enumerate()
        .map(|(k, off)| Point::at(at(k as i64, *off), 51.1 + k as f64 * 1e-3, 71.4))
        .collect();
    let t = ViewTrack::new(
        &Track::from_points("clock", vec![points.clone()]),
        "test",
        false,
        &SpeedScale::new(SpeedUnit::Kmh),
    );
    for (i, p) in points.iter().enumerate() {
        assert_eq!(t.time(i), p.time, "point {i}");
        assert_eq!(t.time(i).offset(), p.time.offset(), "point {i}");
    }
    let lines = trackmate_viewer::panel::point_lines(
        &t,
        3,
        SpeedUnit::Kmh,
        trackmate_viewer::i18n::Lang::En.texts(),
    );
    assert_eq!(lines[1], "2026-11-01 08:00:04 (UTC+05:00)");
    // In the system's language when it is one of ours.
    let ru = trackmate_viewer::panel::point_lines(
        &t,
        3,
        SpeedUnit::Kmh,
        trackmate_viewer::i18n::Lang::Ru.texts(),
    );
    assert_eq!(ru.last().unwrap(), &format!("точка 4 из {}", t.len()));
}

#[test]
fn the_box_from_the_corners_holds_every_point_and_no_more() {
    // South and west of 0, two trips, and a point with no position in between.
    let mut second = drive(50, -33.95, -0.02);
    second[7].lat = f64::NAN;
    let t = track(vec![drive(200, -34.0, -0.05), second]);
    let mut want = MercBox::EMPTY;
    for i in (0..t.len()).filter(|&i| !t.lat[i].is_nan()) {
        want.add(t.merc(i));
    }
    for (got, want) in [
        (t.bbox.min.x, want.min.x),
        (t.bbox.min.y, want.min.y),
        (t.bbox.max.x, want.max.x),
        (t.bbox.max.y, want.max.y),
    ] {
        assert!((got - want).abs() < 1e-15, "{got} against {want}");
    }
    assert!(track(vec![]).bbox.is_empty());
}

#[test]
fn a_files_figures_follow_its_columns_and_match_those_made_at_once() {
    let scale = SpeedScale::new(SpeedUnit::Kmh);
    let t = Track::from_points(
        "test",
        vec![drive(3000, 51.1, 71.4), drive(500, 51.2, 71.5)],
    );
    let at_once = ViewTrack::new(&t, "test", false, &scale);
    let (tx, rx) = std::sync::mpsc::channel();
    let later = ViewTrack::figures_later(t.clone(), "test", false, &scale, move || {
        tx.send(()).unwrap()
    });
    // The columns are there at once, the same as when everything is made together.
    assert_eq!(later.len(), 3500);
    assert_eq!((&later.lat, &later.lng), (&at_once.lat, &at_once.lng));
    assert_eq!(later.seg_ends, at_once.seg_ends);
    // Not before they are asked for (the window asks once the line is on screen).
    assert!(later.figures().is_none());
    assert!(rx.try_recv().is_err());
    later.make_figures();
    later.make_figures();
    // The figures come, once, and are what the whole build made.
    rx.recv_timeout(std::time::Duration::from_secs(60))
        .expect("the figures' thread says when they are made");
    let (a, b) = (at_once.figures(), later.figures());
    let (a, b) = (a.unwrap().unwrap(), b.unwrap().unwrap());
    assert_eq!(format!("{:?}", a.stats), format!("{:?}", b.stats));
    assert_eq!(format!("{:?}", a.stops), format!("{:?}", b.stops));
    assert_eq!(a.stats.points, 3500);
    assert!(a.stats.distance_m > 0.0);
    assert!(rx.recv().is_err(), "told once, and the thread is gone");
}
