//! The movement model's state: per-kind profiles (how an object moves relative to the speed
//! limits), the builder that accumulates a tracker-day (GPS noise, trip fixes, parkings with
//! sparse fixes, single reports); the per-second trip loop is in `drive.rs`.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::address::address_for;
use super::catalog::Kind;
use super::day::{DayData, LBS, NO_ADDR, PARKING, Point, Track, TrackKind, track_id};
use super::geo::{LatLng, Mode, Polyline, offset};

pub struct Profile {
    pub mode: Mode,
    /// Cruising speed range where the route knows no speed limits, km/h.
    pub cruise: (f64, f64),
    /// The share of the speed limit held in traffic (a range, re-drawn every 20–60 s).
    pub flow: (f64, f64),
    /// (probability, share of the limit): a lead-footed stretch at or a little above it.
    pub fast: Option<(f64, (f64, f64))>,
    /// Never faster than this (the vehicle, the driver's habits), km/h.
    pub cap_kmh: f64,
    /// m/s².
    pub accel: f64,
    pub decel: f64,
    /// Metres between traffic stops on routes without junction data, and stop durations.
    pub stop_every: (f64, f64),
    pub stop_secs: (f64, f64),
    /// Chance of a red light at a junction with signals, and of a stop to give way at another.
    pub p_red: f64,
    pub p_yield: f64,
    /// Speed through sharp corners, km/h.
    pub turn_kmh: f64,
    /// Speeding threshold for `speedup` events, km/h.
    pub speed_limit: Option<u16>,
    pub ignition: bool,
}

pub fn profile(kind: Kind) -> Profile {
    let car = Profile {
        mode: Mode::Drive,
        cruise: (30.0, 58.0),
        flow: (0.7, 0.97),
        fast: Some((0.12, (1.0, 1.12))),
        cap_kmh: 76.0,
        accel: 2.2,
        decel: 3.0,
        stop_every: (400.0, 1400.0),
        stop_secs: (10.0, 60.0),
        p_red: 0.45,
        p_yield: 0.06,
        turn_kmh: 22.0,
        speed_limit: Some(60),
        ignition: true,
    };
    match kind {
        Kind::Car | Kind::Scale => car,
        Kind::Van => Profile {
            cruise: (25.0, 55.0),
            flow: (0.65, 0.95),
            fast: Some((0.08, (1.0, 1.08))),
            cap_kmh: 72.0,
            accel: 1.8,
            decel: 2.5,
            stop_every: (350.0, 1200.0),
            stop_secs: (10.0, 75.0),
            turn_kmh: 20.0,
            ..car
        },
        Kind::Truck => Profile {
            cruise: (30.0, 52.0),
            flow: (0.65, 0.92),
            fast: None,
            cap_kmh: 100.0,
            accel: 0.9,
            decel: 2.0,
            stop_every: (600.0, 1600.0),
            turn_kmh: 18.0,
            speed_limit: Some(90),
            ..car
        },
        Kind::Walker | Kind::Beacon => Profile {
            mode: Mode::Walk,
            cruise: (4.0, 5.8),
            flow: (1.0, 1.0),
            fast: None,
            cap_kmh: 6.5,
            accel: 0.8,
            decel: 1.0,
            stop_every: (200.0, 600.0),
            stop_secs: (10.0, 45.0),
            p_red: 0.4,
            p_yield: 0.0,
            turn_kmh: 100.0,
            speed_limit: None,
            ignition: false,
        },
        Kind::Bike => Profile {
            mode: Mode::Cycle,
            cruise: (13.0, 21.0),
            flow: (1.0, 1.0),
            fast: None,
            cap_kmh: 24.0,
            accel: 0.8,
            decel: 1.5,
            stop_every: (500.0, 1500.0),
            stop_secs: (10.0, 40.0),
            p_red: 0.4,
            p_yield: 0.03,
            turn_kmh: 10.0,
            speed_limit: None,
            ignition: false,
        },
    }
}

/// What a test needs to check a generated trip against the map: the noise-free route and,
/// for each fix, its noise-free position and the speed limit there.
// Recorded by every build (an unused `Option` in production), read only by the tests.
#[cfg_attr(not(test), allow(dead_code))]
pub struct TripTrace {
    pub mode: Mode,
    pub route: Vec<LatLng>,
    pub fixes: Vec<(LatLng, Option<f64>)>,
}

/// Ground elevation model: Astana sits at ~347 m with gentle relief.
pub fn alt_at(p: LatLng) -> f64 {
    347.0 + 8.0 * (p.lat * 900.0).sin() + 5.0 * (p.lng * 700.0).cos()
}

/// Accumulates one tracker-day.
pub struct DayBuilder {
    pub rng: ChaCha8Rng,
    pub prof: Profile,
    pub day: i64,
    pub idx: u32,
    day_start_ms: i64,
    pub(super) sample_s: f64,
    lbs_prone: bool,
    pub data: DayData,
    pub(super) heading: f64,
    /// Slowly wandering GPS error (north, east metres): multipath and satellite geometry.
    bias: (f64, f64),
    /// Planned connection loss (start, end) in seconds of day, applied inside a parking.
    pub gap: Option<(f64, f64)>,
    /// When set, every trip records its route and noise-free fixes here (tests).
    pub trace: Option<Vec<TripTrace>>,
}

/// Largest GPS error per axis, metres: fixes stay within ~10 m of the road.
const MAX_BIAS_M: f64 = 5.0;
const WHITE_NOISE_M: f64 = 1.5;

impl DayBuilder {
    pub fn new(
        rng: ChaCha8Rng,
        kind: Kind,
        day: i64,
        idx: u32,
        day_start_ms: i64,
        sample_s: u32,
        lbs_prone: bool,
    ) -> Self {
        DayBuilder {
            rng,
            prof: profile(kind),
            day,
            idx,
            day_start_ms,
            sample_s: sample_s as f64,
            lbs_prone,
            data: DayData::default(),
            heading: 0.0,
            bias: (0.0, 0.0),
            gap: None,
            trace: None,
        }
    }

    pub(super) fn ms(&self, s: f64) -> i64 {
        self.day_start_ms + (s * 1000.0).round() as i64
    }

    pub(super) fn next_track_id(&self) -> i64 {
        track_id(self.day, self.idx, self.data.tracks.len() as u32)
    }

    pub fn track_count(&self) -> usize {
        self.data.tracks.len()
    }

    fn add_address(&mut self, p: LatLng) -> u32 {
        self.data.addresses.push(address_for(p));
        (self.data.addresses.len() - 1) as u32
    }

    fn jitter(&mut self, p: LatLng, metres: f64) -> LatLng {
        let n = self.rng.gen_range(-metres..=metres);
        let e = self.rng.gen_range(-metres..=metres);
        offset(p, n, e)
    }

    /// A moving fix's error: the wandering bias plus a little white noise.
    fn gps_noise(&mut self, p: LatLng) -> LatLng {
        let step = |b: f64, r: f64| (0.85 * b + r).clamp(-MAX_BIAS_M, MAX_BIAS_M);
        self.bias.0 = step(self.bias.0, self.rng.gen_range(-1.2..1.2));
        self.bias.1 = step(self.bias.1, self.rng.gen_range(-1.2..1.2));
        let w = WHITE_NOISE_M;
        let (n, e) = (self.rng.gen_range(-w..=w), self.rng.gen_range(-w..=w));
        offset(p, self.bias.0 + n, self.bias.1 + e)
    }

    /// One fix of a trip at arc length `d` of `route`, moving at `v` m/s.
    pub(super) fn push_trip_point(
        &mut self,
        route: &Polyline,
        d: f64,
        v: f64,
        t: f64,
        hint: &mut usize,
        addr: bool,
    ) {
        let (clean, h) = route.at(d, hint);
        self.heading = h;
        let p = self.gps_noise(clean);
        let addr = if addr { self.add_address(p) } else { NO_ADDR };
        let alt = alt_at(p) + self.rng.gen_range(-1.0..=1.0);
        let point = Point {
            t: self.ms(t),
            lat: p.lat,
            lng: p.lng,
            mileage: (d / 1000.0) as f32,
            alt: alt.round() as i16,
            speed: (v * 3.6).round() as u16,
            heading: (h.round() as u16) % 360,
            precision: self.rng.gen_range(4..=12),
            sats: self.rng.gen_range(8..=15),
            flags: 0,
            addr,
        };
        self.data.points.push(point);
        if let Some(trips) = self.trace.as_mut() {
            if let Some(trip) = trips.last_mut() {
                trip.fixes.push((clean, route.limit_at(d)));
            }
        }
    }

    pub(super) fn start_trace(&mut self, route: &Polyline) {
        let mode = self.prof.mode;
        if let Some(trips) = self.trace.as_mut() {
            trips.push(TripTrace {
                mode,
                route: route.pts.clone(),
                fixes: Vec::new(),
            });
        }
    }

    /// Closes the trip whose fixes are `start..` as a track.
    pub(super) fn end_trip(&mut self, id: i64, start: u32) {
        let end = self.data.points.len() as u32;
        self.data.tracks.push(Track {
            id,
            kind: TrackKind::Regular,
            start,
            end,
        });
    }

    pub(super) fn sample_interval(&mut self) -> f64 {
        let s = self.sample_s;
        (s + self.rng.gen_range(-0.2 * s..=0.2 * s))
            .round()
            .max(3.0)
    }

    /// Sparse fixes every 10–15 minutes while parked at `pos` from `from` to `to` (seconds
    /// of day). Phones indoors sometimes report a cell-tower (LBS) position instead.
    pub fn park(&mut self, pos: LatLng, from: f64, to: f64) {
        let mut t = from + self.rng.gen_range(60.0..300.0);
        while t < to - 30.0 {
            let in_gap = self.gap.is_some_and(|(a, b)| t >= a && t < b);
            if !in_gap {
                let lbs = self.lbs_prone && self.rng.gen_bool(0.12);
                let (p, flags, precision) = if lbs {
                    let dist = self.rng.gen_range(80.0..250.0);
                    let ang = self.rng.gen_range(0.0..std::f64::consts::TAU);
                    let p = offset(pos, dist * ang.cos(), dist * ang.sin());
                    (p, PARKING | LBS, self.rng.gen_range(600..=1500))
                } else {
                    (self.jitter(pos, 2.0), PARKING, self.rng.gen_range(5..=15))
                };
                let point = Point {
                    t: self.ms(t.round()),
                    lat: p.lat,
                    lng: p.lng,
                    mileage: 0.0,
                    alt: alt_at(p).round() as i16,
                    speed: 0,
                    heading: (self.heading.round() as u16) % 360,
                    precision,
                    sats: if lbs { 0 } else { self.rng.gen_range(5..=12) },
                    flags,
                    addr: NO_ADDR,
                };
                self.data.points.push(point);
            }
            t += self.rng.gen_range(600.0..900.0);
        }
    }

    /// One interval-mode fix, reported as its own single-point track.
    pub fn single_report(&mut self, pos: LatLng, t: f64, speed_kmh: f64, heading: f64, lbs: bool) {
        let start = self.data.points.len() as u32;
        let id = self.next_track_id();
        let p = if lbs {
            let dist = self.rng.gen_range(120.0..250.0);
            offset(pos, dist * 0.6, -dist * 0.8)
        } else {
            self.jitter(pos, 3.0)
        };
        let addr = self.add_address(p);
        let point = Point {
            t: self.ms(t.round()),
            lat: p.lat,
            lng: p.lng,
            mileage: 0.0,
            alt: alt_at(p).round() as i16,
            speed: speed_kmh.round() as u16,
            heading: (heading.round() as u16) % 360,
            precision: if lbs {
                self.rng.gen_range(800..=1500)
            } else {
                self.rng.gen_range(5..=20)
            },
            sats: if lbs { 0 } else { self.rng.gen_range(6..=12) },
            flags: if lbs { LBS } else { 0 },
            addr,
        };
        self.data.points.push(point);
        self.data.tracks.push(Track {
            id,
            kind: TrackKind::Single,
            start,
            end: start + 1,
        });
    }
}
