//! KML 2.2 reader: each `gx:Track` (also inside `gx:MultiTrack`) and each `LineString` (also
//! inside `MultiGeometry`) becomes a segment named after its Placemark. Placemark points,
//! polygons and overlays are not a track and are skipped.
//!
//! A `gx:Track` pairs its `<when>` and `<gx:coord>` elements by position; per-point values come
//! from `ExtendedData/SchemaData/gx:SimpleArrayData` arrays, of which we read the ones our
//! writer uses (`speed` in km/h, `heading` in degrees). LineStrings carry no times.
//!
//! No library reads KML tracks for us: the `kml` crate (georust) models KML's geometries for
//! geo-types — coordinates without times — and has no `gx:Track`, whose `<when>`/`<gx:coord>`
//! pairs are the track. This reader walks the file once with quick-xml (`xml.rs`), streaming,
//! so a million-point file is not held as a tree.

use chrono::{DateTime, FixedOffset};

use super::build::{self, Draft};
use super::error::{At, ImportError};
use super::xml::{Ev, name, walk};
use crate::Format;

/// A `gx:Track` being read: its times and positions arrive as separate lists.
#[derive(Default)]
struct GxTrack {
    whens: Vec<Option<DateTime<FixedOffset>>>,
    coords: Vec<(f64, f64, Option<f64>)>,
    arrays: Vec<(String, Vec<Option<f64>>)>,
    /// The `gx:SimpleArrayData` being read: its name and values.
    array: Option<(String, Vec<Option<f64>>)>,
}

#[derive(Default)]
struct State {
    draft: Draft,
    document_name: Option<String>,
    /// Index into `draft.segments` of the current Placemark's first segment.
    placemark_first: usize,
    placemark_name: Option<String>,
    track: Option<GxTrack>,
}

pub(super) fn parse(bytes: &[u8]) -> Result<Draft, ImportError> {
    let mut st = State::default();
    walk(bytes, |stack, ev| {
        let el = stack.up(0);
        match ev {
            Ev::Start(e) => {
                if stack.depth() == 1 && el != b"kml" {
                    return Err(ImportError::WrongFormat {
                        format: Format::Kml,
                        found: format!("the root element is <{}>, not <kml>", name(el)),
                    });
                }
                match el {
                    b"Placemark" => {
                        st.placemark_first = st.draft.segments.len();
                        st.placemark_name = None;
                    }
                    b"Track" => {
                        // A gx:Track holds positions and times, never another track; one
                        // inside another cannot be paired with its parts.
                        if st.track.is_some() {
                            return Err(e.error(
                                "a <gx:Track> inside another <gx:Track> (a track cannot contain a track)",
                            ));
                        }
                        st.draft.new_segment();
                        st.track = Some(GxTrack::default());
                    }
                    b"LineString" => {
                        st.draft.new_segment();
                    }
                    b"SimpleArrayData" => {
                        if let Some(t) = &mut st.track {
                            let name = e.attr(b"name")?.unwrap_or_default().into_owned();
                            t.array = Some((name, Vec::new()));
                        }
                    }
                    _ => {}
                }
                Ok(())
            }
            Ev::End { text } => end(&mut st, el, stack.up(1), &text),
        }
    })?;
    let mut draft = st.draft;
    draft.name = draft.name.or(st.document_name);
    Ok(draft)
}

fn end(st: &mut State, el: &[u8], parent: &[u8], text: &str) -> Result<(), ImportError> {
    // The current segment's number, for messages about its points.
    let segment = st.draft.segments.last().map_or(1, |s| s.number);
    let at = |point| At::Point { segment, point };
    match (el, parent) {
        // Our writer puts a track in a Folder; other tools name the Document.
        (b"name", b"Folder") if st.draft.name.is_none() => st.draft.name = Some(text.to_owned()),
        (b"name", b"Document") => st.document_name = Some(text.to_owned()),
        (b"name", b"Placemark") => st.placemark_name = Some(text.to_owned()),
        (b"Placemark", _) => {
            let segments = st.draft.segments.iter_mut().skip(st.placemark_first);
            for seg in segments {
                seg.name.clone_from(&st.placemark_name);
            }
        }
        (b"coordinates", b"LineString") => line_string(st, text)?,
        (b"when", b"Track") => {
            // Always inside the open gx:Track: a track cannot end before its children.
            let Some(t) = st.track.as_mut() else {
                return Ok(());
            };
            let time = if text.is_empty() {
                None
            } else {
                Some(build::time(at(t.whens.len() + 1), text)?)
            };
            t.whens.push(time);
        }
        (b"coord", b"Track") => {
            let Some(t) = st.track.as_mut() else {
                return Ok(());
            };
            let at = at(t.coords.len() + 1);
            t.coords.push(tuple(at, text.split_whitespace())?);
        }
        (b"value", b"SimpleArrayData") => {
            if let Some((_, values)) = st.track.as_mut().and_then(|t| t.array.as_mut()) {
                values.push(build::number(at(values.len() + 1), "gx:value", text)?);
            }
        }
        (b"SimpleArrayData", _) => {
            if let Some(t) = &mut st.track {
                t.arrays.extend(t.array.take());
            }
        }
        (b"Track", _) => {
            if let Some(t) = st.track.take() {
                gx_track(st, t)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// `lng,lat[,alt]` tuples separated by whitespace.
fn line_string(st: &mut State, text: &str) -> Result<(), ImportError> {
    for tuple_text in text.split_whitespace() {
        let at = st.draft.next_at();
        let (lng, lat, alt) = tuple(at, tuple_text.split(','))?;
        let mut p = build::point(at, lat, lng)?;
        p.alt = alt;
        st.draft.current().push(p, None);
    }
    Ok(())
}

/// Longitude, latitude and an optional altitude.
fn tuple<'t>(
    at: At,
    mut parts: impl Iterator<Item = &'t str>,
) -> Result<(f64, f64, Option<f64>), ImportError> {
    let lng = build::coordinate(at, "longitude", parts.next().unwrap_or(""))?;
    let lat = build::coordinate(at, "latitude", parts.next().unwrap_or(""))?;
    let alt = build::number(at, "altitude", parts.next().unwrap_or(""))?;
    Ok((lng, lat, alt))
}

fn gx_track(st: &mut State, t: GxTrack) -> Result<(), ImportError> {
    let seg = st.draft.current();
    // A gx:Track may leave out times altogether; otherwise every position needs its <when>.
    if !t.whens.is_empty() && t.whens.len() != t.coords.len() {
        return Err(ImportError::Inconsistent(format!(
            "segment {}: the gx:Track has {} <when> for {} <gx:coord>",
            seg.number,
            t.whens.len(),
            t.coords.len()
        )));
    }
    let value = |name: &str, i: usize| {
        t.arrays
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.get(i).copied().flatten())
    };
    for (i, &(lng, lat, alt)) in t.coords.iter().enumerate() {
        let at = At::Point {
            segment: seg.number,
            point: i + 1,
        };
        let mut p = build::point(at, lat, lng)?;
        p.alt = alt;
        p.speed = value("speed", i);
        p.heading = value("heading", i);
        seg.push(p, t.whens.get(i).copied().flatten());
    }
    Ok(())
}
