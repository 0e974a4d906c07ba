//! One tracker-day of generated history (points, trips, events) and the stable numbering that
//! ties ids to (day, tracker, ordinal) so any id can be resolved without a database.

use super::geo::{LatLng, ll};

/// Fleet days are Astana calendar days (UTC+5), whatever zone the user displays: vehicles
/// keep local working hours even when the account is set to another zone.
pub const FLEET_UTC_OFFSET_S: i64 = 5 * 3600;

pub const PARKING: u8 = 1;
pub const LBS: u8 = 2;
pub const NO_ADDR: u32 = u32::MAX;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// Unix milliseconds (the scale tracker samples faster than once a second).
    pub t: i64,
    pub lat: f64,
    pub lng: f64,
    /// Kilometres driven since the start of the trip.
    pub mileage: f32,
    pub alt: i16,
    pub speed: u16,
    pub heading: u16,
    pub precision: u16,
    pub sats: u8,
    pub flags: u8,
    /// Index into `DayData::addresses`, or `NO_ADDR` (addresses exist only at trip ends).
    pub addr: u32,
}

impl Point {
    pub fn is_parking(&self) -> bool {
        self.flags & PARKING != 0
    }

    pub fn is_lbs(&self) -> bool {
        self.flags & LBS != 0
    }

    pub fn pos(&self) -> LatLng {
        ll(self.lat, self.lng)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrackKind {
    Regular,
    /// One fix from a device in interval mode.
    Single,
}

#[derive(Clone, Debug)]
pub struct Track {
    pub id: i64,
    pub kind: TrackKind,
    /// Point index range `start..end` in `DayData::points`.
    pub start: u32,
    pub end: u32,
}

#[derive(Clone, Debug)]
pub struct Event {
    pub id: i64,
    pub t: i64,
    pub event: &'static str,
    pub message: String,
    pub at: LatLng,
    pub address: String,
    /// 0 when the event belongs to no trip.
    pub track_id: i64,
    pub rule_id: Option<i64>,
    /// Zone index for inzone/outzone.
    pub zone: Option<usize>,
}

#[derive(Default, Debug)]
pub struct DayData {
    pub points: Vec<Point>,
    pub tracks: Vec<Track>,
    pub events: Vec<Event>,
    pub addresses: Vec<String>,
}

impl DayData {
    pub fn address(&self, p: &Point) -> &str {
        self.addresses
            .get(p.addr as usize)
            .map(String::as_str)
            .unwrap_or("")
    }

    pub fn track_points(&self, t: &Track) -> &[Point] {
        &self.points[t.start as usize..t.end as usize]
    }
}

pub fn day_of_ms(t_ms: i64) -> i64 {
    (t_ms.div_euclid(1000) + FLEET_UTC_OFFSET_S).div_euclid(86_400)
}

pub fn day_start_ms(day: i64) -> i64 {
    (day * 86_400 - FLEET_UTC_OFFSET_S) * 1000
}

/// Day of week, 0 = Monday (1970-01-01 was a Thursday).
pub fn weekday(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
}

/// Track ids: `day * 10^7 + tracker_index * 100 + ordinal` — stable across runs and decodable,
/// so `track/read?track_id=` needs no index. Limits: < 100 000 trackers, < 100 trips a day.
pub fn track_id(day: i64, idx: u32, ordinal: u32) -> i64 {
    day * 10_000_000 + idx as i64 * 100 + ordinal as i64
}

/// (day, tracker index) of a track id.
pub fn decode_track_id(id: i64) -> (i64, u32) {
    (
        id.div_euclid(10_000_000),
        (id.rem_euclid(10_000_000) / 100) as u32,
    )
}

/// Event ids: `(day * 10^5 + tracker_index) * 1000 + ordinal`.
pub fn event_id(day: i64, idx: u32, ordinal: u32) -> i64 {
    (day * 100_000 + idx as i64) * 1000 + ordinal as i64
}

/// A stable 64-bit mix (splitmix64) for seeding per-day RNGs; `std`'s hasher is not
/// guaranteed stable across Rust releases.
pub fn mix(parts: &[u64]) -> u64 {
    let mut h: u64 = 0x243F_6A88_85A3_08D3;
    for &p in parts {
        h ^= p;
        h = h.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = h;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        h = z ^ (z >> 31);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        let id = track_id(20_000, 11, 7);
        assert_eq!(decode_track_id(id), (20_000, 11));
        assert_eq!(weekday(0), 3);
        let t = day_start_ms(20_000);
        assert_eq!(day_of_ms(t), 20_000);
        assert_eq!(day_of_ms(t - 1), 19_999);
        assert_ne!(mix(&[1, 2, 3]), mix(&[1, 2, 4]));
    }
}
