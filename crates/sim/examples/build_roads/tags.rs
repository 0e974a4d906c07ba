//! OSM tags → what the road graph keeps of a way: class, speed limit, one-way direction and
//! who may use it (cars, people on foot). Class codes are the graph file's (see the decoder,
//! `crates/sim/src/fleet/roads/format.rs`).

use crate::mvt::Tags;

pub struct WayAttrs {
    pub class: u8,
    /// Only when tagged (and understood); the simulator applies a per-class default otherwise.
    pub maxspeed: Option<u8>,
    /// 1 along the geometry, -1 against it, 0 both ways (for cars; people walk either way).
    pub oneway: i8,
    pub car: bool,
    pub foot: bool,
}

/// The class code of a `highway=*` value the graph keeps, in the file's numbering.
fn class_of(highway: &str) -> Option<u8> {
    Some(match highway {
        "motorway" => 0,
        "motorway_link" => 1,
        "trunk" => 2,
        "trunk_link" => 3,
        "primary" => 4,
        "primary_link" => 5,
        "secondary" => 6,
        "secondary_link" => 7,
        "tertiary" => 8,
        "tertiary_link" => 9,
        "unclassified" => 10,
        "residential" => 11,
        "living_street" => 12,
        "service" => 13,
        "footway" | "pedestrian" | "steps" => 14,
        "path" | "cycleway" | "track" | "bridleway" => 15,
        _ => return None,
    })
}

/// `maxspeed` in km/h: plain numbers, "N mph", and the Kazakh/Russian zone codes.
fn parse_maxspeed(v: &str) -> Option<u8> {
    let v = v.trim();
    let kmh = match v {
        "KZ:urban" | "RU:urban" => 60.0,
        "KZ:living_street" | "RU:living_street" => 20.0,
        "KZ:rural" | "RU:rural" => 90.0,
        "KZ:motorway" | "RU:motorway" => 110.0,
        "walk" => 5.0,
        _ => {
            let (num, mph) = match v.strip_suffix("mph") {
                Some(n) => (n.trim(), true),
                None => (v, false),
            };
            let n: f64 = num.parse().ok()?;
            if mph { n * 1.609_344 } else { n }
        }
    };
    (1.0..=250.0).contains(&kmh).then(|| kmh.round() as u8)
}

fn is_no(v: Option<&String>) -> bool {
    matches!(v.map(String::as_str), Some("no" | "private"))
}

fn is_yes(v: Option<&String>) -> bool {
    matches!(
        v.map(String::as_str),
        Some("yes" | "designated" | "permissive")
    )
}

/// `None` for ways the graph does not keep (not a road or path, an area, no access at all).
pub fn classify(tags: &Tags) -> Option<WayAttrs> {
    let class = class_of(tags.get("highway")?)?;
    if tags.get("area").is_some_and(|a| a == "yes") {
        return None;
    }
    let access_no = is_no(tags.get("access"));
    let drivable_class = class <= 13;
    let car = drivable_class
        && !access_no
        && !is_no(tags.get("motor_vehicle"))
        && !is_no(tags.get("motorcar"));
    // Motorways and trunk roads have no pavement; everything else may be walked unless
    // tagged otherwise.
    let foot_default = class >= 4 && !access_no;
    let foot = if is_yes(tags.get("foot")) {
        true
    } else {
        foot_default && !is_no(tags.get("foot"))
    };
    let roundabout = matches!(
        tags.get("junction").map(String::as_str),
        Some("roundabout" | "circular")
    );
    let oneway = match tags.get("oneway").map(String::as_str) {
        Some("yes" | "true" | "1") => 1,
        Some("-1" | "reverse") => -1,
        Some("no" | "false" | "0") => 0,
        // Motorways and roundabouts are one-way unless tagged otherwise.
        _ if roundabout || class <= 1 => 1,
        _ => 0,
    };
    Some(WayAttrs {
        class,
        maxspeed: tags.get("maxspeed").and_then(|v| parse_maxspeed(v)),
        oneway: if car { oneway } else { 0 },
        car,
        foot,
    })
}
