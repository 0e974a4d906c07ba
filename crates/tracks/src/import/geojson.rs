//! GeoJSON (RFC 7946) reader: every LineString, and every line of a MultiLineString, of a
//! FeatureCollection, a Feature or a bare geometry becomes a segment.
//!
//! Per-point times come from the arrays tools write next to the coordinates:
//! `properties.coordinateProperties.times` (togeojson, and our writer), `properties.coordTimes`
//! (older togeojson) or `properties.times`; for a MultiLineString either one array per line or
//! one for all. Our writer's `speeds` and `headings` arrays and its `track`/`name`/`id`
//! properties are read back too. A Point is a map marker and skipped — unless it carries a
//! time, which is how our writer stores a one-point segment.
//!
//! Not the `geojson` crate: it parses into the same `serde_json::Value` tree this reader walks and
//! then into its own types (79 MB: 868 ms to parse alone, against 1,188 ms for this whole import
//! to a `Track`, same loaded run), and the times, speeds and headings live in properties it leaves
//! as untyped JSON anyway — it would add a conversion, not remove one.

use serde_json::{Map, Value};

use super::build::{self, Draft};
use super::error::{At, ImportError};
use crate::Format;

pub(super) fn parse(bytes: &[u8]) -> Result<Draft, ImportError> {
    let root: Value = serde_json::from_slice(bytes).map_err(|e| ImportError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let wrong = |found: String| ImportError::WrongFormat {
        format: Format::GeoJson,
        found,
    };
    let Some(obj) = root.as_object() else {
        return Err(wrong("the top level is not a JSON object".into()));
    };
    let mut draft = Draft::default();
    let mut skipped: Vec<String> = Vec::new();
    match obj.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => {
            let features = obj.get("features").and_then(Value::as_array);
            for f in features.into_iter().flatten() {
                feature(&mut draft, f, &mut skipped)?;
            }
            // Not in RFC 7946, but GDAL and others name the collection.
            let name = obj.get("name").and_then(Value::as_str).map(str::to_owned);
            draft.name = draft.name.or(name);
        }
        Some("Feature") => feature(&mut draft, &root, &mut skipped)?,
        Some(_) => geometry(&mut draft, &root, &Map::new(), &mut skipped)?,
        None => return Err(wrong("there is no \"type\" member at the top level".into())),
    }
    if draft.segments.is_empty() && !skipped.is_empty() {
        skipped.dedup();
        return Err(ImportError::NoLines {
            found: skipped.join(", "),
        });
    }
    Ok(draft)
}

fn feature(draft: &mut Draft, f: &Value, skipped: &mut Vec<String>) -> Result<(), ImportError> {
    let empty = Map::new();
    let props = f
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    // Our writer names the track in every feature; the first one wins.
    if draft.name.is_none() {
        draft.name = props
            .get("track")
            .and_then(Value::as_str)
            .map(str::to_owned);
    }
    match f.get("geometry") {
        Some(g) if !g.is_null() => geometry(draft, g, props, skipped),
        _ => Ok(()),
    }
}

fn geometry(
    draft: &mut Draft,
    g: &Value,
    props: &Map<String, Value>,
    skipped: &mut Vec<String>,
) -> Result<(), ImportError> {
    let kind = g.get("type").and_then(Value::as_str).unwrap_or("(no type)");
    let coords = g.get("coordinates");
    let per_point = PerPoint::new(props);
    match kind {
        "LineString" => line(draft, coords, props, &per_point, 0),
        "MultiLineString" => {
            let lines = coords.and_then(Value::as_array).map_or(&[][..], |v| v);
            let mut offset = 0;
            for (i, l) in lines.iter().enumerate() {
                // Times of a MultiLineString: one array per line, or one for all lines.
                let pp = per_point.line(i);
                let flat_offset = if pp.nested { 0 } else { offset };
                line(draft, Some(l), props, &pp, flat_offset)?;
                offset += l.as_array().map_or(0, Vec::len);
            }
            Ok(())
        }
        "Point" if per_point.has_time() => {
            let one = Value::Array(vec![coords.cloned().unwrap_or(Value::Null)]);
            line(draft, Some(&one), props, &per_point, 0)
        }
        "GeometryCollection" => {
            let parts = g.get("geometries").and_then(Value::as_array);
            for part in parts.into_iter().flatten() {
                geometry(draft, part, &Map::new(), skipped)?;
            }
            Ok(())
        }
        other => {
            skipped.push(other.to_owned());
            Ok(())
        }
    }
}

/// The per-point arrays of a feature (or of one line of a MultiLineString).
struct PerPoint<'a> {
    times: Option<&'a Value>,
    speeds: Option<&'a Value>,
    headings: Option<&'a Value>,
    /// The arrays are one per line (a MultiLineString's `[[...], [...]]`).
    nested: bool,
}

impl<'a> PerPoint<'a> {
    fn new(props: &'a Map<String, Value>) -> PerPoint<'a> {
        let cp = props.get("coordinateProperties").and_then(Value::as_object);
        let from_cp = |k: &str| cp.and_then(|m| m.get(k)).filter(|v| v.is_array());
        let from_props = |k: &str| props.get(k).filter(|v| v.is_array());
        PerPoint {
            times: from_cp("times")
                .or_else(|| from_props("coordTimes"))
                .or_else(|| from_props("times"))
                .or_else(|| from_cp("coordTimes")),
            speeds: from_cp("speeds"),
            headings: from_cp("headings"),
            nested: false,
        }
    }

    fn has_time(&self) -> bool {
        self.times
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|v| !v.is_null()))
    }

    /// The arrays for line `i` of a MultiLineString.
    fn line(&self, i: usize) -> PerPoint<'a> {
        let nested = self
            .times
            .and_then(|t| t.get(0))
            .is_some_and(Value::is_array);
        let pick = |v: Option<&'a Value>| if nested { v.and_then(|v| v.get(i)) } else { v };
        PerPoint {
            times: pick(self.times),
            speeds: pick(self.speeds),
            headings: pick(self.headings),
            nested,
        }
    }
}

fn line(
    draft: &mut Draft,
    coords: Option<&Value>,
    props: &Map<String, Value>,
    pp: &PerPoint<'_>,
    offset: usize,
) -> Result<(), ImportError> {
    let positions = coords.and_then(Value::as_array).map_or(&[][..], |v| v);
    let seg = draft.new_segment();
    seg.name = props.get("name").and_then(Value::as_str).map(str::to_owned);
    seg.id = props.get("id").and_then(Value::as_i64);
    let number = seg.number;
    if let Some(times) = pp.times.and_then(Value::as_array) {
        if times.len() < offset + positions.len() {
            return Err(ImportError::Inconsistent(format!(
                "segment {number}: {} times for {} positions",
                times.len().saturating_sub(offset),
                positions.len()
            )));
        }
    }
    for (i, pos) in positions.iter().enumerate() {
        let at = At::Point {
            segment: number,
            point: i + 1,
        };
        let mut p = position(at, pos)?;
        let k = offset + i;
        let num = |arr: Option<&Value>, field| match arr.and_then(|a| a.get(k)) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v.as_f64().map(Some).ok_or_else(|| ImportError::BadValue {
                at,
                field,
                value: v.to_string(),
            }),
        };
        p.speed = num(pp.speeds, "speed")?;
        p.heading = num(pp.headings, "heading")?;
        let time = match pp.times.and_then(|t| t.get(k)) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(build::time(at, s)?),
            Some(v) => {
                Some(
                    v.as_f64()
                        .and_then(build::epoch)
                        .ok_or_else(|| ImportError::BadTime {
                            at,
                            value: v.to_string(),
                        })?,
                )
            }
        };
        seg.push(p, time);
    }
    Ok(())
}

/// `[lng, lat]` or `[lng, lat, alt]`.
fn position(at: At, pos: &Value) -> Result<crate::Point, ImportError> {
    let bad = |detail: String| ImportError::BadCoordinate { at, detail };
    let arr = pos
        .as_array()
        .filter(|a| a.len() >= 2)
        .ok_or_else(|| bad(format!("{pos} is not a [longitude, latitude] position")))?;
    let num = |i: usize| {
        arr[i]
            .as_f64()
            .ok_or_else(|| bad(format!("{} is not a number", arr[i])))
    };
    let (lng, lat) = (num(0)?, num(1)?);
    let mut p = build::point(at, lat, lng)?;
    p.alt = if arr.len() > 2 { Some(num(2)?) } else { None };
    Ok(p)
}
