//! Files written by other tools, by hand: the shapes GPS devices, Google Earth, geojson.io,
//! togeojson and spreadsheets produce, with and without times.

use trackmate_tracks::import::{self, Imported};
use trackmate_tracks::{Format, StatsOptions, distance_m, track_stats};

fn read(format: Format, text: &str) -> Imported {
    import::parse(text.as_bytes(), format).unwrap_or_else(|e| panic!("{e}"))
}

fn count(r: &Imported) -> Vec<usize> {
    r.track.segments.iter().map(|s| s.points.len()).collect()
}

#[test]
fn a_device_gpx_with_times_and_no_extensions() {
    let gpx = r#"<?xml version="1.0" encoding="UTF-8" standalone="no" ?>
<gpx xmlns="http://www.topografix.com/GPX/1/1" creator="eTrex 30" version="1.1">
  <metadata><name>Morning ride</name><time>2024-05-01T06:00:00Z</time></metadata>
  <wpt lat="51.0" lon="71.0"><name>Home</name><time>2024-05-01T05:00:00Z</time></wpt>
  <trk>
    <trkseg>
      <trkpt lat="51.1000" lon="71.4000"><ele>350.2</ele><time>2024-05-01T06:00:00Z</time></trkpt>
      <trkpt lat="51.1010" lon="71.4000"><ele>351</ele><time>2024-05-01T06:00:10.5Z</time></trkpt>
    </trkseg>
    <trkseg>
      <trkpt lat="51.1020" lon="71.4000">
        <time>2024-05-01T06:30:00Z</time>
      </trkpt>
    </trkseg>
  </trk>
</gpx>"#;
    let r = read(Format::Gpx, gpx);
    assert!(!r.timeless);
    assert_eq!(
        r.track.name, "Morning ride",
        "the metadata name when the trk has none"
    );
    assert_eq!(count(&r), [2, 1], "the waypoint is not part of the track");
    let p = &r.track.segments[0].points[1];
    assert_eq!(p.time.timestamp_millis(), 1_714_543_210_500);
    assert_eq!((p.lat, p.lng, p.alt), (51.101, 71.4, Some(351.0)));
    assert_eq!(
        (p.speed, p.heading, p.address.as_deref()),
        (None, None, None)
    );
    assert!(r.track.segments[1].points[0].alt.is_none());
}

#[test]
fn gpx_1_0_speed_and_course_are_metres_per_second_and_degrees() {
    let gpx = r#"<gpx version="1.0" xmlns="http://www.topografix.com/GPX/1/0">
  <trk><name>Old logger</name><trkseg>
    <trkpt lat="10" lon="20"><time>2020-01-01T00:00:00Z</time><course>90.5</course><speed>10</speed><sat>6</sat></trkpt>
    <trkpt lat="10.001" lon="20"><time>2020-01-01T00:00:05</time><speed>0</speed></trkpt>
  </trkseg></trk></gpx>"#;
    let r = read(Format::Gpx, gpx);
    assert_eq!(r.track.name, "Old logger");
    let pts = &r.track.segments[0].points;
    assert_eq!(pts[0].speed, Some(36.0));
    assert_eq!(pts[0].heading, Some(90.5));
    assert_eq!(pts[0].satellites, Some(6));
    // No offset: GPX times are UTC.
    assert_eq!((pts[1].time - pts[0].time).num_seconds(), 5);
}

#[test]
fn a_gpx_without_times_imports_as_timeless_with_the_right_distance() {
    let gpx = r#"<gpx version="1.1" creator="planner">
  <rte><name>Planned</name>
    <rtept lat="0" lon="0"/><rtept lat="0" lon="0.01"/><rtept lat="0" lon="0.03"/>
  </rte>
  <trk><trkseg><trkpt lat="0" lon="0.03"/><trkpt lat="0.01" lon="0.03"/></trkseg></trk>
</gpx>"#;
    let r = read(Format::Gpx, gpx);
    assert!(r.timeless);
    assert_eq!(count(&r), [3, 2]);
    assert_eq!(r.track.segments[0].name.as_deref(), Some("Planned"));
    let times: Vec<i64> = r
        .track
        .segments
        .iter()
        .flat_map(|s| &s.points)
        .map(|p| p.time.timestamp())
        .collect();
    assert_eq!(
        times,
        [0, 1, 2, 3, 4],
        "synthetic, one second apart, in order"
    );
    let s = track_stats(&r.track, &StatsOptions::default());
    let want = distance_m(0.0, 0.0, 0.0, 0.03) + distance_m(0.0, 0.03, 0.01, 0.03);
    assert!(
        (s.distance_m - want).abs() < 1e-6,
        "{} vs {want}",
        s.distance_m
    );
}

#[test]
fn a_google_earth_kml_with_a_multitrack_a_line_and_a_marker() {
    let kml = r#"<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">
<Document><name>Recorded</name>
  <Placemark><name>Start</name><Point><coordinates>71.4,51.1,0</coordinates></Point></Placemark>
  <Placemark><name>Drive</name>
    <gx:MultiTrack><gx:Track>
      <when>2024-06-01T08:00:00+05:00</when><when>2024-06-01T08:00:30+05:00</when>
      <gx:coord>71.40 51.10 350</gx:coord><gx:coord>71.41 51.10 352</gx:coord>
    </gx:Track><gx:Track>
      <when>2024-06-01T09:00:00Z</when>
      <gx:coord>71.42 51.11</gx:coord>
    </gx:Track></gx:MultiTrack>
  </Placemark>
</Document></kml>"#;
    let r = read(Format::Kml, kml);
    assert!(!r.timeless);
    assert_eq!(r.track.name, "Recorded");
    assert_eq!(count(&r), [2, 1], "the Point placemark is not a track");
    let p = &r.track.segments[0].points[1];
    assert_eq!((p.lng, p.lat, p.alt), (71.41, 51.10, Some(352.0)));
    assert_eq!(p.time.to_rfc3339(), "2024-06-01T08:00:30+05:00");
    assert_eq!(r.track.segments[1].name.as_deref(), Some("Drive"));
    assert_eq!(r.track.segments[1].points[0].alt, None);

    let lines = r#"<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>Path</name>
      <MultiGeometry>
        <LineString><coordinates>71.4,51.1 71.5,51.1,10
          71.6,51.2</coordinates></LineString>
        <LineString><coordinates>1,2 3,4</coordinates></LineString>
        <Polygon><outerBoundaryIs><LinearRing><coordinates>0,0 1,0 1,1 0,0</coordinates></LinearRing></outerBoundaryIs></Polygon>
      </MultiGeometry></Placemark></Document></kml>"#;
    let r = read(Format::Kml, lines);
    assert!(r.timeless);
    assert_eq!(count(&r), [3, 2], "lines only, not the polygon");
    assert_eq!(r.track.segments[0].points[1].alt, Some(10.0));
    assert_eq!(r.track.segments[1].name.as_deref(), Some("Path"));
}

#[test]
fn a_geojson_io_drawing_without_times() {
    let geo = r##"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"marker-color":"#7e7e7e"},"geometry":{"type":"Point","coordinates":[71.4,51.1]}},
      {"type":"Feature","properties":{"stroke":"#555555"},"geometry":{"coordinates":[[71.40,51.10],[71.41,51.11],[71.42,51.10]],"type":"LineString"}}
    ]}"##;
    let r = read(Format::GeoJson, geo);
    assert!(r.timeless);
    assert_eq!(count(&r), [3], "the marker is skipped");
    assert_eq!(r.track.name, "");
}

#[test]
fn togeojson_times_for_a_multilinestring_and_unix_milliseconds() {
    let geo = r#"{"type":"Feature","properties":{"name":"Hike",
        "coordTimes":[["2024-01-01T10:00:00Z","2024-01-01T10:01:00Z"],["2024-01-01T11:00:00Z","2024-01-01T11:02:00Z"]]},
      "geometry":{"type":"MultiLineString","coordinates":[[[10,50,100],[10.001,50,101]],[[10.002,50],[10.003,50]]]}}"#;
    let r = read(Format::GeoJson, geo);
    assert_eq!(count(&r), [2, 2]);
    let s1 = &r.track.segments[1];
    assert_eq!(s1.name.as_deref(), Some("Hike"));
    assert_eq!((s1.points[1].time - s1.points[0].time).num_seconds(), 120);
    assert_eq!(r.track.segments[0].points[1].alt, Some(101.0));

    let flat = r#"{"type":"LineString","coordinates":[[10,50],[10.001,50]]}"#;
    assert!(read(Format::GeoJson, flat).timeless);
    let ms = r#"{"type":"Feature","properties":{"times":[1714550400000,1714550401000]},
      "geometry":{"type":"LineString","coordinates":[[10,50],[10.001,50]]}}"#;
    let r = read(Format::GeoJson, ms);
    assert_eq!(
        r.track.segments[0].points[1].time.timestamp(),
        1_714_550_401
    );
}

#[test]
fn a_spreadsheet_csv_with_other_column_names() {
    let csv = "Timestamp,Latitude,Longitude,Elevation,Note\r\n\
               2024-05-01 06:00:00,51.1,71.4,350,x\r\n\
               2024-05-01 06:00:05,51.2,71.5,,\"a, b\"\r\n";
    let r = read(Format::Csv, csv);
    assert_eq!(count(&r), [2]);
    let p = &r.track.segments[0].points[1];
    assert_eq!((p.lat, p.lng, p.alt), (51.2, 71.5, None));
    assert_eq!(p.time.timestamp(), 1_714_543_205);
}

#[test]
fn read_path_detects_by_content_and_names_the_track_after_the_file() {
    let dir = tempfile::tempdir().unwrap();
    // A GPX saved with a misleading extension and no name.
    let path = dir.path().join("Evening walk.txt");
    std::fs::write(
        &path,
        r#"<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="2"/></trkseg></trk></gpx>"#,
    )
    .unwrap();
    let r = trackmate_tracks::read_path(&path).unwrap();
    assert_eq!(r.format, Format::Gpx);
    assert_eq!(r.track.name, "Evening walk");
    assert!(r.timeless);
}
