//! The demo world's fixed facts: Astana places, geofences, the base fleet roster and groups.
//! Coordinates are approximate; places lie within their radius of a drivable street (vehicles
//! stop at the nearest node of the road graph).

use super::geo::{LatLng, Mode, ll};

/// Baiterek tower, the middle of the demo area.
pub const CENTER: LatLng = ll(51.1283, 71.4305);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Car,
    Van,
    Truck,
    Walker,
    Bike,
    /// An asset tracker in interval mode: wakes every ~2 h, sends one fix (single reports).
    Beacon,
    /// The benchmark tracker of scale mode.
    Scale,
}

/// The network a kind moves on.
pub fn mode_of(kind: Kind) -> Mode {
    match kind {
        Kind::Walker => Mode::Walk,
        Kind::Bike => Mode::Cycle,
        _ => Mode::Drive,
    }
}

pub struct PlaceDef {
    pub label: &'static str,
    pub description: &'static str,
    pub at: LatLng,
    pub radius: u32,
    pub icon_id: u32,
}

/// Indexes into `PLACES` used by the roster.
pub const DEPOT: usize = 0;
pub const OFFICE: usize = 1;
pub const WAREHOUSE: usize = 2;
/// Places from this index on are customers (delivery destinations).
pub const FIRST_CUSTOMER: usize = 3;

pub const PLACES: &[PlaceDef] = &[
    PlaceDef {
        label: "Main depot",
        description: "Vans and couriers start here",
        at: ll(51.1850, 71.4050),
        radius: 150,
        icon_id: 12,
    },
    PlaceDef {
        label: "Head office",
        description: "Trackmate Logistics HQ",
        at: ll(51.1285, 71.4240),
        radius: 80,
        icon_id: 3,
    },
    PlaceDef {
        label: "East warehouse",
        description: "Cross-dock and truck yard",
        at: ll(51.1560, 71.4870),
        radius: 200,
        icon_id: 12,
    },
    PlaceDef {
        label: "Customer: Khan Shatyr",
        description: "Mall, loading dock on the west side",
        at: ll(51.1327, 71.4036),
        radius: 120,
        icon_id: 55,
    },
    PlaceDef {
        label: "Customer: Mega Silk Way",
        description: "Mall, gate 4",
        at: ll(51.0894, 71.4085),
        radius: 150,
        icon_id: 55,
    },
    PlaceDef {
        label: "Customer: Keruen",
        description: "Mall, underground delivery bay",
        at: ll(51.1262, 71.4346),
        radius: 100,
        icon_id: 55,
    },
    PlaceDef {
        label: "Customer: Asia Park",
        description: "Mall, service entrance",
        at: ll(51.1414, 71.4633),
        radius: 120,
        icon_id: 55,
    },
    PlaceDef {
        label: "Customer: Magnum Saryarka",
        description: "Hypermarket",
        at: ll(51.1630, 71.4150),
        radius: 100,
        icon_id: 55,
    },
    PlaceDef {
        label: "Customer: Pharmacy on Kenesary",
        description: "Small parcels only",
        at: ll(51.1694, 71.4353),
        radius: 50,
        icon_id: 40,
    },
    PlaceDef {
        label: "Customer: Cafe on Dostyk",
        description: "Morning deliveries",
        at: ll(51.1240, 71.4426),
        radius: 40,
        icon_id: 41,
    },
    PlaceDef {
        label: "Customer: University campus",
        description: "Reception at block C",
        at: ll(51.0903, 71.3983),
        radius: 200,
        icon_id: 55,
    },
    PlaceDef {
        label: "Customer: Railway station",
        description: "Parcel office",
        at: ll(51.1930, 71.4140),
        radius: 120,
        icon_id: 55,
    },
    PlaceDef {
        label: "Customer: Old town market",
        description: "Back entrance",
        at: ll(51.1750, 71.4520),
        radius: 80,
        icon_id: 55,
    },
    PlaceDef {
        label: "Customer: South logistics park",
        description: "Truck destination on the airport road",
        at: ll(51.0913, 71.4765),
        radius: 250,
        icon_id: 12,
    },
];

/// The truck's runs besides city customers: the logistics park on the airport road (the last
/// place), and out of town to the industrial area on the eastern highway.
pub const TRUCK_RUNS: &[LatLng] = &[ll(51.0913, 71.4765), ll(51.1289, 71.6030)];

/// The airport road as far as the map goes; the sausage zone's centre line.
pub const AIRPORT_HIGHWAY: &[LatLng] = &[
    ll(51.1066, 71.4490),
    ll(51.0960, 71.4712),
    ll(51.0885, 71.4732),
    ll(51.0842, 71.4809),
    ll(51.0714, 71.4906),
];

pub enum ZoneGeom {
    Circle {
        center: LatLng,
        radius: u32,
    },
    Polygon(&'static [LatLng]),
    Sausage {
        line: &'static [LatLng],
        radius: u32,
    },
}

pub struct ZoneDef {
    pub label: &'static str,
    pub address: &'static str,
    pub color: &'static str,
    pub geom: ZoneGeom,
    pub tags: &'static [i64],
}

pub const ZONES: &[ZoneDef] = &[
    ZoneDef {
        label: "Main depot",
        address: "Industrial zone, Astana",
        color: "27A9E3",
        geom: ZoneGeom::Circle {
            center: ll(51.1850, 71.4050),
            radius: 300,
        },
        tags: &[1],
    },
    ZoneDef {
        label: "East warehouse",
        address: "Eastern industrial area, Astana",
        color: "F4A300",
        geom: ZoneGeom::Circle {
            center: ll(51.1560, 71.4870),
            radius: 300,
        },
        tags: &[1],
    },
    ZoneDef {
        label: "Mega Silk Way",
        address: "Kabanbay Batyr Ave 62, Astana",
        color: "9B59B6",
        geom: ZoneGeom::Circle {
            center: ll(51.0894, 71.4085),
            radius: 200,
        },
        tags: &[2],
    },
    ZoneDef {
        label: "Left bank business district",
        address: "Mangilik El Ave, Astana",
        color: "2ECC71",
        geom: ZoneGeom::Polygon(&[
            ll(51.1400, 71.4000),
            ll(51.1400, 71.4350),
            ll(51.1250, 71.4480),
            ll(51.1120, 71.4400),
            ll(51.1120, 71.4050),
        ]),
        tags: &[2, 3],
    },
    ZoneDef {
        label: "North industrial area",
        address: "Industrial zone, Astana",
        color: "E74C3C",
        geom: ZoneGeom::Polygon(&[
            ll(51.1950, 71.3850),
            ll(51.1980, 71.4250),
            ll(51.1780, 71.4300),
            ll(51.1720, 71.3900),
        ]),
        tags: &[3],
    },
    ZoneDef {
        label: "Airport highway corridor",
        address: "Airport road, Astana",
        color: "34495E",
        geom: ZoneGeom::Sausage {
            line: AIRPORT_HIGHWAY,
            radius: 150,
        },
        tags: &[4],
    },
    ZoneDef {
        label: "Kabanbay Batyr Ave corridor",
        address: "Kabanbay Batyr Ave, Astana",
        color: "1ABC9C",
        geom: ZoneGeom::Sausage {
            line: &[
                ll(51.1600, 71.4300),
                ll(51.1450, 71.4305),
                ll(51.1280, 71.4310),
                ll(51.1000, 71.4320),
            ],
            radius: 60,
        },
        tags: &[4],
    },
];

pub struct GroupDef {
    pub id: i64,
    pub title: &'static str,
    pub color: &'static str,
}

pub const GROUPS: &[GroupDef] = &[
    GroupDef {
        id: 5001,
        title: "Deliveries",
        color: "27A9E3",
    },
    GroupDef {
        id: 5002,
        title: "Service",
        color: "F4A300",
    },
    GroupDef {
        id: 5003,
        title: "Logistics",
        color: "E74C3C",
    },
];

/// Where an object sleeps: a place, or a residential point.
#[derive(Clone, Copy)]
pub enum Home {
    Place(usize),
    Point(LatLng),
}

pub struct RosterEntry {
    pub label: &'static str,
    pub kind: Kind,
    pub group_id: i64,
    pub home: Home,
    pub model: &'static str,
    /// Seconds between fixes while moving (device setting).
    pub sample_s: u32,
    pub blocked: bool,
    /// Goes silent this many days before "now" (its last day with data).
    pub offline_days: Option<i64>,
    /// A phone or indoor device that sometimes gets cell-tower (LBS) fixes.
    pub lbs_prone: bool,
}

/// The hand-written base fleet (index = tracker index). Larger fleets append generated cars.
pub const ROSTER: &[RosterEntry] = &[
    RosterEntry {
        label: "Van 01 (Ford Transit)",
        kind: Kind::Van,
        group_id: 5001,
        home: Home::Place(DEPOT),
        model: "telfmb920",
        sample_s: 10,
        blocked: false,
        offline_days: None,
        lbs_prone: false,
    },
    RosterEntry {
        label: "Van 02 (Mercedes Sprinter)",
        kind: Kind::Van,
        group_id: 5001,
        home: Home::Place(DEPOT),
        model: "telfmb920",
        sample_s: 15,
        blocked: false,
        offline_days: None,
        lbs_prone: false,
    },
    RosterEntry {
        label: "Van 03 (GAZelle Next)",
        kind: Kind::Van,
        group_id: 5001,
        home: Home::Place(DEPOT),
        model: "telfmb920",
        sample_s: 20,
        blocked: false,
        offline_days: Some(4),
        lbs_prone: false,
    },
    RosterEntry {
        label: "Courier Aigerim (on foot)",
        kind: Kind::Walker,
        group_id: 5001,
        home: Home::Point(ll(51.1300, 71.4380)),
        model: "iosnavixytracker_xgps",
        sample_s: 20,
        blocked: false,
        offline_days: None,
        lbs_prone: true,
    },
    RosterEntry {
        label: "Bike courier Daniyar",
        kind: Kind::Bike,
        group_id: 5001,
        home: Home::Point(ll(51.1480, 71.4200)),
        model: "queclink_gl300",
        sample_s: 15,
        blocked: false,
        offline_days: None,
        lbs_prone: true,
    },
    RosterEntry {
        label: "Truck KAMAZ 65115",
        kind: Kind::Truck,
        group_id: 5003,
        home: Home::Place(WAREHOUSE),
        model: "ruptela_pro5",
        sample_s: 30,
        blocked: false,
        offline_days: None,
        lbs_prone: false,
    },
    RosterEntry {
        label: "Service car 1 (Lada Vesta)",
        kind: Kind::Car,
        group_id: 5002,
        home: Home::Place(OFFICE),
        model: "telfmb920",
        sample_s: 15,
        blocked: false,
        offline_days: None,
        lbs_prone: false,
    },
    RosterEntry {
        label: "Service car 2 (Toyota Camry)",
        kind: Kind::Car,
        group_id: 5002,
        home: Home::Place(OFFICE),
        model: "telfmb920",
        sample_s: 15,
        blocked: false,
        offline_days: None,
        lbs_prone: false,
    },
    RosterEntry {
        label: "Service car 3 (Hyundai Accent)",
        kind: Kind::Car,
        group_id: 5002,
        home: Home::Place(OFFICE),
        model: "telfmb920",
        sample_s: 20,
        blocked: true,
        offline_days: None,
        lbs_prone: false,
    },
    RosterEntry {
        label: "Director's car (Toyota Land Cruiser)",
        kind: Kind::Car,
        group_id: 0,
        home: Home::Point(ll(51.1060, 71.4000)),
        model: "telfmb920",
        sample_s: 15,
        blocked: false,
        offline_days: None,
        lbs_prone: false,
    },
    RosterEntry {
        label: "Trailer beacon T-7",
        kind: Kind::Beacon,
        group_id: 0,
        home: Home::Place(WAREHOUSE),
        model: "queclink_gl320mg",
        sample_s: 7200,
        blocked: false,
        offline_days: None,
        lbs_prone: true,
    },
    RosterEntry {
        label: "Spare car (Chevrolet Cobalt)",
        kind: Kind::Car,
        group_id: 0,
        home: Home::Place(OFFICE),
        model: "eelink_got8",
        sample_s: 25,
        blocked: false,
        offline_days: Some(9),
        lbs_prone: false,
    },
];

/// Index of the van that drives many trips every day (`DemoInfo::moving_tracker_id`).
pub const MOVING_INDEX: usize = 0;

/// Real Astana street names for synthetic addresses.
pub const STREETS: &[&str] = &[
    "Kabanbay Batyr Ave",
    "Turan Ave",
    "Mangilik El Ave",
    "Respublika Ave",
    "Abay Ave",
    "Kenesary St",
    "Syganak St",
    "Dostyk St",
    "Saryarka Ave",
    "Bogenbay Batyr Ave",
    "Kunayev St",
    "Seifullin St",
    "Zhenis Ave",
    "Beibitshilik St",
    "Tauelsizdik Ave",
    "Akmeshit St",
    "Orynbor St",
    "Imanov St",
    "Pushkin St",
    "Auezov St",
    "Zheltoksan St",
    "Korgalzhyn Hwy",
    "Kosmonavtov St",
    "Bukhar Zhyrau Ave",
    "Tlendiyev Ave",
    "Otyrar St",
    "Sauran St",
    "Hussein bin Talal St",
    "Alikhan Bokeikhan St",
    "Kerey Zhanibek Khandar St",
];
