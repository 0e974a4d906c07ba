//! The window's tests: when the other zoom levels and a file's figures start, against the
//! frames egui runs.

use super::*;
use chrono::{DateTime, Duration};
use trackmate_tracks::{Point, Track};

#[test]
fn the_other_levels_start_after_the_fitted_frame_not_in_a_second_pass_of_it() {
    let ctx = Context::default();
    let unit = SpeedUnit::Kmh;
    let t0 = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap();
    let points = (0..500)
        .map(|i| {
            let f = f64::from(i);
            Point::at(
                t0 + Duration::seconds(i64::from(i)),
                51.1 + f * 1e-4,
                71.4 + (f * 0.1).sin() * 1e-3,
            )
        })
        .collect();
    let track = Track::from_points("t", vec![points]);
    let given = vec![crate::load::from_track(&track, "t", &SpeedScale::new(unit))];
    let reading = Reading::start(crate::load::Files::default(), SpeedScale::new(unit));
    let mut app = ViewerApp::new(&ctx, given, reading, Layer::None, None, unit, None);
    let raw = || egui::RawInput {
        screen_rect: Some(Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1200.0, 800.0),
        )),
        ..Default::default()
    };
    let mut fitted_in = None;
    for _ in 0..5 {
        // Two passes of one frame, as egui runs when a pass asks for another.
        ctx.run_ui(raw(), |ui| {
            app.show(ui);
            app.show(ui);
        })
        .textures_delta
        .clear();
        if let Some((_, frame)) = app.levels_after {
            fitted_in = Some(frame);
            break;
        }
    }
    let frame = fitted_in.expect("the track was fitted");
    // The fitted frame's second pass did not start them: that frame is still being painted.
    assert_eq!(app.levels_after.map(|l| l.1), Some(frame));
    ctx.run_ui(raw(), |ui| app.show(ui)).textures_delta.clear();
    assert_eq!(app.levels_after, None, "the next frame starts them");
}

#[test]
fn a_files_figures_are_made_after_the_frame_its_line_came_in() {
    let ctx = Context::default();
    let unit = SpeedUnit::Kmh;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day.gpx");
    let points: String = (0..300)
        .map(|i| {
            let f = f64::from(i);
            format!(
                r#"<trkpt lat="{}" lon="{}"><time>2026-01-01T00:{:02}:{:02}Z</time></trkpt>"#,
                51.1 + f * 1e-4,
                71.4 + (f * 0.1).sin() * 1e-3,
                i / 60,
                i % 60
            )
        })
        .collect();
    std::fs::write(
        &path,
        format!(r#"<gpx version="1.1"><trk><trkseg>{points}</trkseg></trk></gpx>"#),
    )
    .unwrap();
    let files = crate::load::Files {
        paths: vec![path],
        ..Default::default()
    };
    let reading = Reading::start(files, SpeedScale::new(unit));
    let mut app = ViewerApp::new(&ctx, Vec::new(), reading, Layer::None, None, unit, None);
    let raw = || egui::RawInput {
        screen_rect: Some(Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1200.0, 800.0),
        )),
        ..Default::default()
    };
    let frame = |app: &mut ViewerApp| ctx.run_ui(raw(), |ui| app.show(ui)).textures_delta.clear();
    // Frames until the file has come in (its reader is a thread of its own).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while app.tracks.is_empty() {
        assert!(std::time::Instant::now() < deadline, "the file never came");
        std::thread::sleep(std::time::Duration::from_millis(2));
        frame(&mut app);
    }
    let t = Arc::clone(&app.tracks[0].track);
    assert!(t.figures().is_none(), "not in the frame the line came in");
    assert!(app.figures_after.is_some());
    frame(&mut app);
    assert_eq!(app.figures_after, None, "the next frame starts them");
    while t.figures().is_none() {
        assert!(
            std::time::Instant::now() < deadline,
            "the figures never came"
        );
        std::thread::yield_now();
    }
    let f = t.figures().unwrap().unwrap();
    assert_eq!(f.stats.points, 300);
    assert!(f.stats.distance_m > 0.0);
}
