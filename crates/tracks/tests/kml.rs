//! KML export: well-formed XML (quick-xml), one Placemark per non-empty segment, exact coords.

mod common;

use chrono::DateTime;
use common::{export, parse_xml, sample};
use trackmate_tracks::Format;

#[test]
fn kml_is_well_formed_with_a_placemark_per_nonempty_segment() {
    let tracks = sample();
    let root = parse_xml(&export(Format::Kml, &tracks));
    assert_eq!(root.name, "kml");
    assert_eq!(root.attr("xmlns"), Some("http://www.opengis.net/kml/2.2"));
    let doc = root.child("Document").expect("no Document");
    let folders: Vec<_> = doc.all("Folder").collect();
    assert_eq!(folders.len(), tracks.len());

    for (folder, track) in folders.iter().zip(&tracks) {
        assert_eq!(folder.child("name").unwrap().text, track.name);
        let placemarks: Vec<_> = folder.all("Placemark").collect();
        let segs: Vec<_> = track
            .segments
            .iter()
            .filter(|s| !s.points.is_empty())
            .collect();
        assert_eq!(placemarks.len(), segs.len());
        for (pm, seg) in placemarks.iter().zip(segs) {
            if let Some(name) = &seg.name {
                assert_eq!(&pm.child("name").unwrap().text, name);
            }
            let span = pm.child("TimeSpan").unwrap();
            let instant = |el: &str| DateTime::parse_from_rfc3339(&span.child(el).unwrap().text);
            assert_eq!(instant("begin").unwrap(), seg.points[0].time);
            assert_eq!(instant("end").unwrap(), seg.points.last().unwrap().time);

            let gx = pm.child("gx:Track").expect("no gx:Track");
            let whens: Vec<_> = gx.all("when").collect();
            let coords: Vec<_> = gx.all("gx:coord").collect();
            assert_eq!(whens.len(), seg.points.len());
            assert_eq!(coords.len(), seg.points.len());
            // All <when> before all <gx:coord>, as the gx schema requires.
            let last_when = gx.children.iter().rposition(|c| c.name == "when").unwrap();
            let first_coord = gx
                .children
                .iter()
                .position(|c| c.name == "gx:coord")
                .unwrap();
            assert!(last_when < first_coord);

            for ((when, coord), p) in whens.iter().zip(&coords).zip(&seg.points) {
                assert!(when.text.ends_with('Z'), "{}", when.text);
                assert_eq!(DateTime::parse_from_rfc3339(&when.text).unwrap(), p.time);
                let v: Vec<f64> = coord.text.split(' ').map(|x| x.parse().unwrap()).collect();
                assert_eq!(v.len(), 3);
                assert_eq!((v[0], v[1]), (p.lng, p.lat));
                assert_eq!(v[2], p.alt.unwrap_or(0.0));
            }
        }
    }
}
