//! `load_track` as its command runs it, keeping the windows it sends the page over `onWindow`
//! (the mock runtime's channels reach no page), and the track the page puts together from them.

use std::sync::{Arc, Mutex};

use tauri::Manager;
use trackmate_app::dto_insight::{LoadTrackRequest, LoadedTrack};
use trackmate_app::service::track;
use trackmate_app::{AppError, AppState};
use trackmate_tracks::packed::{Columns, unpack};
use trackmate_tracks::{ColumnSegment, ColumnTrack, PointColumns};

use super::TestApp;

/// A load's reply, the windows sent (packed, in order) and the track the page would assemble.
pub struct Load {
    pub reply: LoadedTrack,
    pub windows: Vec<Vec<u8>>,
    pub track: Columns,
}

/// Runs `service::track::show_track` (all the `load_track` command does) on the app's state.
pub fn load_track(t: &TestApp, req: &LoadTrackRequest) -> Result<Load, AppError> {
    load_track_with(t, req, |_| {})
}

/// [`load_track`], calling `each` with the number of windows sent so far after each one.
pub fn load_track_with(
    t: &TestApp,
    req: &LoadTrackRequest,
    each: impl Fn(usize) + Send + Sync + 'static,
) -> Result<Load, AppError> {
    let sent = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&sent);
    let state = t.app.state::<AppState>();
    let window = move |b| {
        let n = {
            let mut windows = sink.lock().unwrap();
            windows.push(b);
            windows.len()
        };
        each(n);
    };
    let reply = tauri::async_runtime::block_on(track::show_track(&state, req, |_| {}, window))?;
    let windows = std::mem::take(&mut *sent.lock().unwrap());
    let track = join(&windows, &reply);
    Ok(Load {
        reply,
        windows,
        track,
    })
}

/// What the page does with the windows (`ui/src/api/commands.ts`): the reply's last `windows`
/// of them one after the other, cut into the reply's segments. Each window must be a track of
/// one segment with no trip id.
pub fn join(windows: &[Vec<u8>], reply: &LoadedTrack) -> Columns {
    let take = reply.windows as usize;
    assert!(
        windows.len() >= take,
        "{} windows sent, {take} in the reply",
        windows.len()
    );
    let mut all = Columns::default();
    for w in &windows[windows.len() - take..] {
        let w = unpack(w).expect("a window is a packed track");
        assert!(!w.is_empty(), "no empty window is sent");
        assert_eq!(w.starts, vec![0, w.len() as u32], "one segment");
        assert!(w.segment_ids.len() == 1 && w.segment_ids[0].is_nan());
        all.time.extend(&w.time);
        all.lat.extend(&w.lat);
        all.lng.extend(&w.lng);
        all.speed.extend(&w.speed);
        all.alt.extend(&w.alt);
        all.heading.extend(&w.heading);
        all.satellites.extend(&w.satellites);
        all.flags.extend(&w.flags);
    }
    assert_eq!(
        all.len(),
        reply.points as usize,
        "the windows hold the reply's points"
    );
    all.segment_ids = reply
        .segment_ids
        .iter()
        .map(|id| id.map_or(f64::NAN, |v| v as f64))
        .collect();
    all.starts = reply.segment_starts.clone();
    all.starts.push(reply.points);
    all
}

/// The page's copy of a track it put together (`join`): one packed buffer, as the page sends it
/// back for an export.
pub fn page_bytes(track: &Columns) -> Vec<u8> {
    let n = track.len();
    let segments = (0..track.segment_ids.len())
        .map(|i| ColumnSegment {
            name: None,
            id: (!track.segment_ids[i].is_nan()).then_some(track.segment_ids[i] as i64),
            points: track.starts[i] as usize..track.starts[i + 1] as usize,
        })
        .collect();
    let points = PointColumns {
        time: track.time.clone(),
        lat: track.lat.clone(),
        lng: track.lng.clone(),
        speed: track.speed.clone(),
        alt: track.alt.clone(),
        heading: track.heading.clone(),
        satellites: track.satellites.clone(),
        flags: track.flags.clone(),
        precision: vec![f32::NAN; n],
        mileage: vec![f64::NAN; n],
        offsets: Vec::new(),
        addresses: Vec::new(),
    };
    ColumnTrack {
        name: String::new(),
        points,
        segments,
    }
    .pack()
}
