//! The body of the `api_decode` fuzz target, shared with its corpus replay test
//! (`crates/api/tests/fuzz_corpus.rs`): one reply of one endpoint through
//! `trackmate_api::decode_reply`, exactly as the client decodes a live one.
//!
//! Input: `[endpoint, status, zone, body…]`. The first byte picks the reply type `T` the client
//! decodes for an endpoint (see `crates/api/src/resources/*.rs`), the second the HTTP status and
//! Content-Type, the third the user's time zone (zones with DST gaps and odd offsets, since
//! naive server times are read in it); the rest is the body. A `track/read` body is also read
//! by the client's fast points reader (`decode_points`), which must give exactly what serde's
//! reading gives.

#![allow(dead_code)] // each fuzz target uses a part of this file

use chrono_tz::Tz;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use trackmate_api::{
    EventType, HistoryList, LastGpsPoint, PlaceList, TrackList, TrackPoint, TrackPoints, Tracker,
    TrackerGroup, TrackerState, TrackerStates, UiConfig, UserGetInfo, UserSettings, Zone,
    ZonePoint, decode_points, decode_reply,
};

// The envelopes below are private to the client's resource modules; these copies have the
// same shape (and serde attributes), the models inside them are the client's own.

#[derive(Debug, Deserialize)]
struct ListReply<T> {
    #[serde(default = "Vec::new")]
    #[allow(dead_code)] // read through Debug only
    list: Vec<T>,
}

#[derive(Debug, Deserialize)]
struct ValueReply<T> {
    #[allow(dead_code)]
    value: T,
}

#[derive(Debug, Deserialize)]
struct StateReply {
    #[allow(dead_code)]
    state: TrackerState,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SettingsReply {
    #[allow(dead_code)]
    settings: UserSettings,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct AuthReply {
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    factor_type: Option<String>,
    hash: String,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct HashReply {
    hash: String,
}

#[derive(Debug, Deserialize)]
struct Empty {}

/// Reply types by endpoint, in the order the first input byte picks them.
pub const ENDPOINTS: [&str; 20] = [
    "dealer/get_ui_config",
    "history/tracker/list",
    "history/type/list",
    "place/list",
    "track/list",
    "track/read",
    "tracker/list",
    "tracker/read",
    "tracker/group/list",
    "tracker/get_state",
    "tracker/get_states",
    "tracker/get_last_gps_point",
    "user/auth",
    "user/auth/code/verify",
    "user/logout",
    "user/get_info",
    "user/settings/read",
    "zone/list",
    "zone/point/list",
    // Not an endpoint: any JSON value, the error-probing path alone.
    "(json value)",
];

const STATUSES: [u16; 10] = [200, 200, 200, 200, 400, 403, 429, 500, 502, 503];

/// Zones where naive times are tricky: DST gaps and overlaps, half-hour and 45-minute offsets,
/// a zone east of +12, one that skipped a whole day.
pub const ZONES: [Tz; 8] = [
    Tz::UTC,
    Tz::Europe__Berlin,
    Tz::America__New_York,
    Tz::Asia__Kolkata,
    Tz::Australia__Lord_Howe,
    Tz::Pacific__Chatham,
    Tz::Pacific__Apia,
    Tz::America__Sao_Paulo,
];

/// Decodes one fuzz input; panics only where the client would.
pub fn decode(data: &[u8]) {
    let [endpoint, status, zone, body @ ..] = data else {
        return;
    };
    let status_code = STATUSES[*status as usize % STATUSES.len()];
    let content_type = if status & 0x80 == 0 {
        "application/json"
    } else {
        "text/html; charset=utf-8"
    };
    let tz = ZONES[*zone as usize % ZONES.len()];
    let d = Decode {
        status: status_code,
        content_type,
        body,
        tz,
    };
    match *endpoint as usize % ENDPOINTS.len() {
        0 => d.run::<UiConfig>(),
        1 => d.run::<HistoryList>(),
        2 => d.run::<ListReply<EventType>>(),
        3 => d.run::<PlaceList>(),
        4 => d.run::<TrackList>(),
        5 => {
            d.run::<TrackPoints>();
            d.same_points();
        }
        6 => d.run::<ListReply<Tracker>>(),
        7 => d.run::<ValueReply<Tracker>>(),
        8 => d.run::<ListReply<TrackerGroup>>(),
        9 => d.run::<StateReply>(),
        10 => d.run::<TrackerStates>(),
        11 => d.run::<ValueReply<LastGpsPoint>>(),
        12 => d.run::<AuthReply>(),
        13 => d.run::<HashReply>(),
        14 => d.run::<Empty>(),
        15 => d.run::<UserGetInfo>(),
        16 => d.run::<SettingsReply>(),
        17 => d.run::<ListReply<Zone>>(),
        18 => d.run::<ListReply<ZonePoint>>(),
        _ => d.run::<serde_json::Value>(),
    }
}

struct Decode<'a> {
    status: u16,
    content_type: &'a str,
    body: &'a [u8],
    tz: Tz,
}

impl Decode<'_> {
    fn run<T: DeserializeOwned + std::fmt::Debug>(&self) {
        match decode_reply::<T>(self.status, self.content_type, self.body, self.tz) {
            // Formatting walks every decoded value (and every error message) once more.
            Ok(v) => drop(format!("{v:?}")),
            Err(e) => drop(format!("{e} {e:?}")),
        }
    }

    /// The fast points reader and serde's agree: the same points to the bit (`Debug` tells
    /// -0.0 from 0.0), the same counts left out, or the same error.
    fn same_points(&self) {
        let (status, ct, body, tz) = (self.status, self.content_type, self.body, self.tz);
        let serde = decode_reply::<TrackPoints>(status, ct, body, tz);
        let fast = decode_points::<Vec<TrackPoint>>(status, ct, body, tz);
        match (serde, fast) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a.limit_exceeded, b.limit_exceeded);
                assert_eq!(a.left_out, b.left_out);
                assert_eq!(format!("{:?}", a.list), format!("{:?}", b.points));
            }
            (Err(a), Err(b)) => assert_eq!(format!("{a:?}"), format!("{b:?}")),
            (a, b) => panic!("serde {a:?}, fast {b:?}"),
        }
    }
}
