//! Trackmate JSON reader: the model as our JSON export writes it (an array of tracks) or a
//! single track. Lossless; the tracks' segments are joined into one track.

use super::build::{self, Draft};
use super::error::{At, ImportError};
use crate::Track;

pub(super) fn parse(bytes: &[u8]) -> Result<Draft, ImportError> {
    let bad = |e: serde_json::Error| ImportError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    };
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    let tracks: Vec<Track> = if first == Some(&b'{') {
        vec![serde_json::from_slice(bytes).map_err(bad)?]
    } else {
        serde_json::from_slice(bytes).map_err(bad)?
    };
    let mut draft = Draft::default();
    for track in tracks {
        draft.name.get_or_insert(track.name);
        for seg in track.segments {
            let d = draft.new_segment();
            d.name = seg.name;
            d.id = seg.id;
            for p in seg.points {
                // Re-check positions: the file may have been edited by hand.
                let at = At::Point {
                    segment: d.number,
                    point: d.points.len() + 1,
                };
                build::point(at, p.lat, p.lng)?;
                let time = Some(p.time);
                d.push(p, time);
            }
        }
    }
    Ok(draft)
}
