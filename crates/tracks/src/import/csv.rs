//! CSV reader: our export's columns (`export/csv.rs`) by header name, in any order, plus the
//! usual other spellings of the essential ones (latitude, lon, timestamp, ...). A new segment
//! starts where the `track` or `segment` value changes. The `'` our export puts before a
//! formula-like cell is removed, so an export reads back exactly.

use super::build::{self, Draft};
use super::error::{At, ImportError};
use crate::Format;
use crate::export::csv::unguard;

/// The columns we know, each with the header names accepted for it (compared lowercased).
#[derive(Clone, Copy, PartialEq)]
enum Col {
    Track,
    Segment,
    Time,
    Lat,
    Lng,
    Alt,
    Speed,
    Heading,
    Satellites,
    Precision,
    Parking,
    GsmLbs,
    Buffered,
    Mileage,
    Address,
}

const NAMES: &[(Col, &[&str])] = &[
    (Col::Track, &["track"]),
    (Col::Segment, &["segment"]),
    (Col::Time, &["time", "timestamp", "datetime", "date_time"]),
    (Col::Lat, &["lat", "latitude"]),
    (Col::Lng, &["lng", "lon", "long", "longitude"]),
    (Col::Alt, &["alt", "altitude", "ele", "elevation"]),
    // Only km/h: a bare "speed" column could be m/s or knots, and a wrong guess is silent.
    (Col::Speed, &["speed_kmh"]),
    (Col::Heading, &["heading", "course", "bearing"]),
    (Col::Satellites, &["satellites", "sat", "sats"]),
    (Col::Precision, &["precision"]),
    (Col::Parking, &["parking"]),
    (Col::GsmLbs, &["gsm_lbs"]),
    (Col::Buffered, &["buffered"]),
    (Col::Mileage, &["mileage_km"]),
    (Col::Address, &["address"]),
];

fn column(header: &str) -> Option<Col> {
    let h = header.trim().to_ascii_lowercase();
    NAMES
        .iter()
        .find(|(_, names)| names.contains(&h.as_str()))
        .map(|(c, _)| *c)
}

/// Whether a header line names a latitude and a longitude column (for format sniffing).
pub(super) fn looks_like_header(line: &str) -> bool {
    let cols: Vec<Option<Col>> = line.split(',').map(column).collect();
    cols.contains(&Some(Col::Lat)) && cols.contains(&Some(Col::Lng))
}

pub(super) fn parse(bytes: &[u8]) -> Result<Draft, ImportError> {
    let bad_csv = |e: csv::Error| ImportError::Csv {
        line: e.position().map_or(1, |p| p.line()),
        message: match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => format!("{len} fields where the header has {expected_len}"),
            _ => e.to_string(),
        },
    };
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let cols: Vec<Option<Col>> = reader
        .headers()
        .map_err(bad_csv)?
        .iter()
        .map(column)
        .collect();
    let find = |c: Col| cols.iter().position(|x| *x == Some(c));
    let (Some(lat_i), Some(lng_i)) = (find(Col::Lat), find(Col::Lng)) else {
        return Err(ImportError::WrongFormat {
            format: Format::Csv,
            found: "the header has no lat and lng (or latitude and longitude) columns".into(),
        });
    };
    let mut draft = Draft::default();
    let mut key: Option<(String, String)> = None;
    for record in reader.records() {
        let record = record.map_err(bad_csv)?;
        let line = record.position().map_or(0, |p| p.line());
        let at = At::Line(line);
        // Cells our export guarded against spreadsheet formulas lose that `'` again.
        let get = |c: Col| unguard(find(c).and_then(|i| record.get(i)).unwrap_or(""));
        let this_key = (get(Col::Track).to_owned(), get(Col::Segment).to_owned());
        if key.as_ref() != Some(&this_key) {
            if draft.name.is_none() && !this_key.0.is_empty() {
                draft.name = Some(this_key.0.clone());
            }
            draft.new_segment();
            key = Some(this_key);
        }
        let lat = build::coordinate(at, "latitude", unguard(record.get(lat_i).unwrap_or("")))?;
        let lng = build::coordinate(at, "longitude", unguard(record.get(lng_i).unwrap_or("")))?;
        let mut p = build::point(at, lat, lng)?;
        p.alt = build::number(at, "altitude", get(Col::Alt))?;
        p.speed = build::number(at, "speed", get(Col::Speed))?;
        p.heading = build::number(at, "heading", get(Col::Heading))?;
        p.satellites = build::integer(at, "satellites", get(Col::Satellites))?;
        p.precision = build::number(at, "precision", get(Col::Precision))?;
        p.parking = build::flag(at, "parking", get(Col::Parking))?;
        p.gsm_lbs = build::flag(at, "gsm_lbs", get(Col::GsmLbs))?;
        p.buffered = build::flag(at, "buffered", get(Col::Buffered))?;
        p.mileage = build::number(at, "mileage", get(Col::Mileage))?;
        let address = get(Col::Address);
        p.address = (!address.is_empty()).then(|| address.to_owned());
        let time = match get(Col::Time).trim() {
            "" => None,
            t => Some(build::time(at, t)?),
        };
        draft.current().push(p, time);
    }
    Ok(draft)
}
