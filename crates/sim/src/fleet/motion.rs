//! The movement model: per-kind driving profiles and a builder that turns routes into sampled
//! trip points (1-second integration with acceleration, traffic stops and corner braking) and
//! fills parkings with sparse fixes.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::address::address_for;
use super::catalog::{CENTER, Kind};
use super::day::{DayData, LBS, NO_ADDR, PARKING, Point, Track, TrackKind, track_id};
use super::geo::{LatLng, Polyline, distance_m, heading_delta, offset};

/// Beyond this distance from the centre a route counts as highway (no lights, higher speeds).
const HIGHWAY_RADIUS_M: f64 = 9_000.0;

pub struct Profile {
    /// Urban cruising speed range, km/h.
    pub cruise: (f64, f64),
    /// (probability, range): a lead-footed stretch above the urban limit.
    pub fast: Option<(f64, (f64, f64))>,
    /// Highway cruising range outside `HIGHWAY_RADIUS_M`, km/h.
    pub highway: Option<(f64, f64)>,
    /// m/s².
    pub accel: f64,
    pub decel: f64,
    /// Metres between traffic stops, and their duration in seconds.
    pub stop_every: (f64, f64),
    pub stop_secs: (f64, f64),
    /// Speed through sharp corners, km/h.
    pub turn_kmh: f64,
    /// Speeding threshold for `speedup` events, km/h.
    pub speed_limit: Option<u16>,
    pub ignition: bool,
}

pub fn profile(kind: Kind) -> Profile {
    let car = Profile {
        cruise: (30.0, 58.0),
        fast: Some((0.12, (62.0, 76.0))),
        highway: None,
        accel: 2.2,
        decel: 3.0,
        stop_every: (400.0, 1400.0),
        stop_secs: (10.0, 60.0),
        turn_kmh: 22.0,
        speed_limit: Some(60),
        ignition: true,
    };
    match kind {
        Kind::Car | Kind::Scale => car,
        Kind::Van => Profile {
            cruise: (25.0, 55.0),
            fast: Some((0.08, (62.0, 70.0))),
            accel: 1.8,
            decel: 2.5,
            stop_every: (350.0, 1200.0),
            stop_secs: (10.0, 75.0),
            turn_kmh: 20.0,
            ..car
        },
        Kind::Truck => Profile {
            cruise: (30.0, 52.0),
            fast: None,
            highway: Some((80.0, 108.0)),
            accel: 0.9,
            decel: 2.0,
            stop_every: (600.0, 1600.0),
            turn_kmh: 18.0,
            speed_limit: Some(90),
            ..car
        },
        Kind::Walker | Kind::Beacon => Profile {
            cruise: (4.0, 5.8),
            fast: None,
            highway: None,
            accel: 0.8,
            decel: 1.0,
            stop_every: (200.0, 600.0),
            stop_secs: (10.0, 45.0),
            turn_kmh: 100.0,
            speed_limit: None,
            ignition: false,
        },
        Kind::Bike => Profile {
            cruise: (13.0, 21.0),
            fast: None,
            highway: None,
            accel: 0.8,
            decel: 1.5,
            stop_every: (500.0, 1500.0),
            stop_secs: (10.0, 40.0),
            turn_kmh: 10.0,
            speed_limit: None,
            ignition: false,
        },
    }
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
    sample_s: f64,
    lbs_prone: bool,
    pub data: DayData,
    heading: f64,
    /// Planned connection loss (start, end) in seconds of day, applied inside a parking.
    pub gap: Option<(f64, f64)>,
}

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
            gap: None,
        }
    }

    fn ms(&self, s: f64) -> i64 {
        self.day_start_ms + (s * 1000.0).round() as i64
    }

    fn next_track_id(&self) -> i64 {
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

    fn pick_target(&mut self, pos: LatLng) -> f64 {
        let kmh = match self.prof.highway {
            Some(range) if distance_m(CENTER, pos) > HIGHWAY_RADIUS_M => {
                if self.rng.gen_bool(0.15) {
                    self.rng.gen_range(range.1 - 6.0..=range.1 + 2.0)
                } else {
                    self.rng.gen_range(range.0..=range.1 - 8.0)
                }
            }
            _ => match self.prof.fast {
                Some((p, range)) if self.rng.gen_bool(p) => self.rng.gen_range(range.0..=range.1),
                _ => self.rng.gen_range(self.prof.cruise.0..=self.prof.cruise.1),
            },
        };
        kmh / 3.6
    }

    fn is_highway(&self, pos: LatLng) -> bool {
        self.prof.highway.is_some() && distance_m(CENTER, pos) > HIGHWAY_RADIUS_M
    }

    fn push_trip_point(
        &mut self,
        route: &Polyline,
        d: f64,
        v: f64,
        t: f64,
        hint: &mut usize,
        addr: bool,
    ) {
        let (p, h) = route.at(d, hint);
        self.heading = h;
        let p = self.jitter(p, 1.5);
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
    }

    /// Drives `route` starting at `t0` (seconds of day); returns the arrival time.
    pub fn drive(&mut self, route: &Polyline, t0: f64) -> f64 {
        let len = route.length();
        let start = self.data.points.len() as u32;
        let id = self.next_track_id();
        let (accel, decel) = (self.prof.accel, self.prof.decel);
        let turn_v = self.prof.turn_kmh / 3.6;
        let stop_every = self.prof.stop_every;
        let mut hint = 0usize;
        let mut t = t0.round();
        let (mut d, mut v) = (0.0f64, 0.0f64);
        let mut target = self.pick_target(route.pts[0]);
        let mut retarget_at = t + self.rng.gen_range(20.0..60.0);
        let mut next_stop = d + self.rng.gen_range(stop_every.0..stop_every.1);
        let mut stop_until: Option<f64> = None;
        let mut stop_recorded = true;
        let mut turn_i = 0usize;

        self.push_trip_point(route, 0.0, 0.0, t, &mut hint, true);
        let mut last_t = t;
        let mut last_h = self.heading;
        let mut last_v = 0.0;
        let mut interval = self.sample_interval();
        loop {
            t += 1.0;
            if let Some(until) = stop_until {
                v = 0.0;
                if t >= until {
                    stop_until = None;
                    next_stop = d + self.rng.gen_range(stop_every.0..stop_every.1);
                }
            } else {
                while turn_i < route.sharp_turns.len() && route.sharp_turns[turn_i].0 < d - 1.0 {
                    turn_i += 1;
                }
                let brake = |dist: f64| (2.0 * decel * (dist - 1.0).max(0.0)).sqrt().max(1.2);
                let mut vmax = target.min(brake(len - d));
                if next_stop < len - 50.0 {
                    vmax = vmax.min(brake(next_stop - d));
                }
                if let Some(&(td, _)) = route.sharp_turns.get(turn_i) {
                    vmax = vmax.min((turn_v * turn_v + 2.0 * decel * (td - d).max(0.0)).sqrt());
                }
                v = if v < vmax {
                    (v + accel).min(vmax)
                } else {
                    (v - decel * 1.5).max(vmax)
                };
                d += v;
                if d >= next_stop && next_stop < len - 50.0 {
                    d = next_stop;
                    v = 0.0;
                    stop_until = Some(
                        t + self
                            .rng
                            .gen_range(self.prof.stop_secs.0..self.prof.stop_secs.1),
                    );
                    stop_recorded = false;
                }
                if d >= len - 0.5 {
                    break;
                }
            }
            let h = route.heading_at(d, &mut hint);
            if t >= retarget_at {
                let (pos, _) = route.at(d, &mut hint);
                target = self.pick_target(pos);
                retarget_at = t + self.rng.gen_range(20.0..60.0);
                // Highways have no traffic lights; resume stops once back in town.
                if self.is_highway(pos) {
                    next_stop = f64::INFINITY;
                } else if next_stop.is_infinite() {
                    next_stop = d + self.rng.gen_range(stop_every.0..stop_every.1);
                }
            }
            let since = t - last_t;
            // Like real devices: a fix on schedule, on turning, on a sharp speed change.
            let due = since >= interval
                || (since >= 5.0 && heading_delta(h, last_h) >= 25.0)
                || (since >= 5.0 && (v - last_v).abs() * 3.6 >= 20.0)
                || (since >= 5.0 && last_v == 0.0 && v > 0.0)
                || (since >= 5.0 && !stop_recorded);
            if due {
                self.push_trip_point(route, d, v, t, &mut hint, false);
                stop_recorded = stop_recorded || v == 0.0;
                last_t = t;
                last_h = h;
                last_v = v;
                interval = self.sample_interval();
            }
        }
        if t - last_t < 1.0 {
            t += 1.0;
        }
        self.push_trip_point(route, len, 0.0, t, &mut hint, true);
        let end = self.data.points.len() as u32;
        self.data.tracks.push(Track {
            id,
            kind: TrackKind::Regular,
            start,
            end,
        });
        t
    }

    fn sample_interval(&mut self) -> f64 {
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
