//! CSV export, read back with the independent `csv` crate.

mod common;

use chrono::DateTime;
use common::{export, sample};
use trackmate_tracks::Format;

#[test]
fn csv_crate_reads_every_point_with_times_and_values() {
    let tracks = sample();
    let out = export(Format::Csv, &tracks);
    assert!(out.starts_with("track,segment,time,"));
    assert!(out.contains("\r\n"), "RFC 4180 wants CRLF record ends");

    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header.join(","),
        "track,segment,time,lat,lng,alt,speed_kmh,heading,satellites,precision,\
         parking,gsm_lbs,buffered,mileage_km,address"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let expected: Vec<_> = tracks
        .iter()
        .flat_map(|t| {
            t.segments
                .iter()
                .enumerate()
                .flat_map(move |(i, s)| s.points.iter().map(move |p| (t, i + 1, p)))
        })
        .collect();
    assert_eq!(rows.len(), expected.len());

    let opt = |s: &str| (!s.is_empty()).then(|| s.parse::<f64>().unwrap());
    for (row, (track, seg_no, p)) in rows.iter().zip(expected) {
        assert_eq!(row.len(), header.len());
        assert_eq!(&row[0], track.name);
        assert_eq!(row[1].parse::<usize>().unwrap(), seg_no);
        let time = DateTime::parse_from_rfc3339(&row[2]).unwrap();
        assert_eq!(time, p.time);
        assert_eq!(time.offset(), p.time.offset(), "local offset lost");
        assert_eq!(row[3].parse::<f64>().unwrap(), p.lat);
        assert_eq!(row[4].parse::<f64>().unwrap(), p.lng);
        assert_eq!(opt(&row[5]), p.alt);
        assert_eq!(opt(&row[6]), p.speed);
        assert_eq!(opt(&row[7]), p.heading);
        assert_eq!(opt(&row[8]).map(|s| s as u32), p.satellites);
        assert_eq!(opt(&row[9]), p.precision);
        assert_eq!(row[10].parse::<bool>().unwrap(), p.parking);
        assert_eq!(row[11].parse::<bool>().unwrap(), p.gsm_lbs);
        assert_eq!(row[12].parse::<bool>().unwrap(), p.buffered);
        assert_eq!(opt(&row[13]), p.mileage);
        assert_eq!(&row[14], p.address.as_deref().unwrap_or(""));
    }
}
