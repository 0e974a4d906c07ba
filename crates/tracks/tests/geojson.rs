//! GeoJSON export, read back with the independent `geojson` crate.

mod common;

use chrono::DateTime;
use common::{export, sample};
use geojson::{GeoJson, Value};
use serde_json::Value as Json;
use trackmate_tracks::Format;

fn close(a: f64, b: f64) -> bool {
    // Seven decimals: half a unit of the last place plus float noise.
    (a - b).abs() <= 0.5e-7 + 1e-12
}

#[test]
fn geojson_crate_reads_one_feature_per_nonempty_segment() {
    let tracks = sample();
    let out = export(Format::GeoJson, &tracks);
    let GeoJson::FeatureCollection(fc) = out.parse::<GeoJson>().expect("invalid GeoJSON") else {
        panic!("not a FeatureCollection");
    };
    let segs: Vec<_> = tracks
        .iter()
        .flat_map(|t| t.segments.iter().map(move |s| (t, s)))
        .filter(|(_, s)| !s.points.is_empty())
        .collect();
    assert_eq!(fc.features.len(), segs.len());

    for (feature, (track, seg)) in fc.features.iter().zip(segs) {
        let positions = match &feature.geometry.as_ref().expect("null geometry").value {
            Value::LineString(ps) => ps.clone(),
            Value::Point(p) => {
                assert_eq!(seg.points.len(), 1, "Point geometry for a longer segment");
                vec![p.clone()]
            }
            other => panic!("unexpected geometry {other:?}"),
        };
        assert_eq!(positions.len(), seg.points.len());
        let all_alt = seg.points.iter().all(|p| p.alt.is_some());
        for (pos, p) in positions.iter().zip(&seg.points) {
            assert!(
                close(pos[0], p.lng) && close(pos[1], p.lat),
                "{pos:?} vs {p:?}"
            );
            // At most seven decimals in the text.
            for v in pos {
                let frac = v.to_string().split('.').nth(1).map_or(0, str::len);
                assert!(frac <= 7, "{v}");
            }
            if all_alt {
                assert!(close(pos[2], p.alt.unwrap()));
            } else {
                assert_eq!(pos.len(), 2);
            }
        }

        let prop = |k: &str| feature.property(k).unwrap_or_else(|| panic!("no {k}"));
        assert_eq!(prop("track"), &Json::from(track.name.as_str()));
        assert_eq!(
            prop("name"),
            &seg.name.clone().map_or(Json::Null, Json::from)
        );
        assert_eq!(prop("id").as_i64(), seg.id);
        let time = |v: &Json| DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap();
        assert_eq!(time(prop("start_time")), seg.points[0].time);
        assert_eq!(time(prop("end_time")), seg.points.last().unwrap().time);

        let cp = prop("coordinateProperties");
        let times = cp["times"].as_array().unwrap();
        let speeds = cp["speeds"].as_array().unwrap();
        let headings = cp["headings"].as_array().unwrap();
        assert_eq!(times.len(), seg.points.len());
        for (i, p) in seg.points.iter().enumerate() {
            let t = time(&times[i]);
            assert_eq!(t, p.time);
            assert_eq!(t.offset(), p.time.offset(), "local offset lost");
            // Exact: this crate turns on serde_json's float_roundtrip.
            assert_eq!(speeds[i].as_f64(), p.speed);
            assert_eq!(headings[i].as_f64(), p.heading);
        }
    }
}
