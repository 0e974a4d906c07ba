//! The deterministic demo world: fleet roster, geofences and places built from the seed, on
//! the real streets of `roads/`, and lazy, cached access to any tracker-day of history.

pub mod address;
pub mod cache;
pub mod catalog;
pub mod day;
pub mod daygen;
pub mod drive;
pub mod events;
pub mod geo;
pub mod motion;
pub mod roads;
pub mod scale;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, NaiveDate, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use self::cache::DayCache;
use self::catalog::{
    CENTER, GROUPS, Home, Kind, MOVING_INDEX, PLACES, ROSTER, ZONES, ZoneGeom, mode_of,
};
use self::day::{DayData, day_of_ms, day_start_ms, mix};
use self::geo::{LatLng, PathGenerator, Shape, offset};
use self::roads::paths::RoadPaths;

const FIRST_TRACKER_ID: i64 = 3_010_001;
const FIRST_SOURCE_ID: i64 = 7_200_001;
const FIRST_ZONE_ID: i64 = 901_001;
const FIRST_PLACE_ID: i64 = 1_001;
/// Upper bound on cached points (~40 bytes each): about 160 MB.
const CACHE_POINTS: usize = 4_000_000;
/// Track/event id encoding leaves room for this many trackers.
pub const MAX_TRACKERS: usize = 99_999;
/// Distinct homes of generated cars.
const GENERATED_HOMES: usize = 256;

pub struct TrackerMeta {
    pub idx: u32,
    pub id: i64,
    pub label: String,
    pub kind: Kind,
    pub group_id: i64,
    pub source_id: i64,
    pub device_id: String,
    pub model: &'static str,
    pub phone: String,
    pub blocked: bool,
    pub home: LatLng,
    pub sample_s: u32,
    pub lbs_prone: bool,
    /// The last day with data (its tail is cut); later days are empty.
    pub last_data_day: Option<i64>,
    /// Drives many short trips every day of the week.
    pub always_busy: bool,
    pub creation_date: NaiveDate,
}

pub struct Zone {
    pub id: i64,
    pub label: String,
    pub address: String,
    pub color: String,
    pub shape: Shape,
    pub tags: Vec<i64>,
    /// Bounding box (north-west, south-east): most fixes are far from most zones, and the
    /// box test spares the exact (trigonometric) one.
    pub bbox: (LatLng, LatLng),
}

impl Zone {
    pub fn contains(&self, p: LatLng) -> bool {
        let (nw, se) = self.bbox;
        p.lat <= nw.lat
            && p.lat >= se.lat
            && p.lng >= nw.lng
            && p.lng <= se.lng
            && self.shape.contains(p)
    }
}

pub struct Place {
    pub id: i64,
    pub label: String,
    pub description: String,
    pub at: LatLng,
    pub address: String,
    pub radius: u32,
    pub icon_id: u32,
}

pub struct Group {
    pub id: i64,
    pub title: String,
    pub color: String,
}

/// What generation needs besides the tracker itself.
pub struct World {
    pub seed: u64,
    pub paths: Box<dyn PathGenerator>,
    pub zones: Vec<Zone>,
}

pub struct Fleet {
    pub world: World,
    pub trackers: Vec<TrackerMeta>,
    pub places: Vec<Place>,
    pub groups: Vec<Group>,
    by_id: HashMap<i64, u32>,
    cache: DayCache,
    /// (tracker index, points, window start ms) of the scale-mode tracker.
    scale: Option<(u32, u64, i64)>,
    scale_day: OnceLock<Arc<DayData>>,
}

fn zones() -> Vec<Zone> {
    ZONES
        .iter()
        .enumerate()
        .map(|(i, z)| {
            let shape = match z.geom {
                ZoneGeom::Circle { center, radius } => Shape::Circle {
                    center,
                    radius: radius as f64,
                },
                ZoneGeom::Polygon(pts) => Shape::Polygon(pts.to_vec()),
                ZoneGeom::Sausage { line, radius } => Shape::Sausage {
                    line: line.to_vec(),
                    radius: radius as f64,
                },
            };
            Zone {
                id: FIRST_ZONE_ID + i as i64,
                label: z.label.into(),
                address: z.address.into(),
                color: z.color.into(),
                bbox: shape.bounds(),
                shape,
                tags: z.tags.to_vec(),
            }
        })
        .collect()
}

impl Fleet {
    /// `fleet_size` pads the hand-written roster with generated cars and vans;
    /// `scale_points` adds one benchmark tracker with that many fixes in the last 24 h.
    pub fn new(
        seed: u64,
        now: DateTime<Utc>,
        fleet_size: Option<usize>,
        scale_points: Option<u64>,
    ) -> Fleet {
        let today = day_of_ms(now.timestamp_millis());
        let paths: Box<dyn PathGenerator> = Box::new(RoadPaths::new());
        let base = NaiveDate::from_ymd_opt(2023, 3, 8).expect("valid date");
        let mut trackers = Vec::new();
        let total = fleet_size
            .unwrap_or(0)
            .clamp(ROSTER.len(), MAX_TRACKERS - 1);
        for idx in 0..total {
            let mut rng = ChaCha8Rng::seed_from_u64(mix(&[seed, idx as u64, 0xF1EE7]));
            let meta = match ROSTER.get(idx) {
                Some(r) => TrackerMeta {
                    label: r.label.into(),
                    kind: r.kind,
                    group_id: r.group_id,
                    model: r.model,
                    blocked: r.blocked,
                    home: match r.home {
                        Home::Place(p) => PLACES[p].at,
                        Home::Point(p) => p,
                    },
                    sample_s: r.sample_s,
                    lbs_prone: r.lbs_prone,
                    last_data_day: r.offline_days.map(|d| today - d),
                    always_busy: idx == MOVING_INDEX,
                    ..skeleton(idx, base)
                },
                None => {
                    let kind = if idx % 3 == 0 { Kind::Van } else { Kind::Car };
                    TrackerMeta {
                        label: format!(
                            "{} {:05}",
                            if kind == Kind::Van { "Van" } else { "Car" },
                            idx + 1
                        ),
                        kind,
                        group_id: [0, 5001, 5002, 5003][idx % 4],
                        home: generated_home(&mut rng),
                        sample_s: rng.gen_range(10..=30),
                        ..skeleton(idx, base)
                    }
                }
            };
            // Objects sleep where their network lets them stop.
            let meta = TrackerMeta {
                home: paths.snap(meta.home, mode_of(meta.kind)),
                ..meta
            };
            trackers.push(meta);
        }
        let scale = scale_points.map(|n| {
            let idx = trackers.len() as u32;
            trackers.push(TrackerMeta {
                label: format!("Scale test tracker ({n} points/day)"),
                kind: Kind::Scale,
                ..skeleton(idx as usize, base)
            });
            // Whole seconds, so a window given to the second covers every point.
            (idx, n, now.timestamp() * 1000 - 86_400_000)
        });
        let by_id = trackers.iter().map(|t| (t.id, t.idx)).collect();
        let places = PLACES
            .iter()
            .enumerate()
            .map(|(i, p)| Place {
                id: FIRST_PLACE_ID + i as i64,
                label: p.label.into(),
                description: p.description.into(),
                at: p.at,
                address: address::address_for(p.at),
                radius: p.radius,
                icon_id: p.icon_id,
            })
            .collect();
        let groups = GROUPS
            .iter()
            .map(|g| Group {
                id: g.id,
                title: g.title.into(),
                color: g.color.into(),
            })
            .collect();
        Fleet {
            world: World {
                seed,
                paths,
                zones: zones(),
            },
            trackers,
            places,
            groups,
            by_id,
            cache: DayCache::new(CACHE_POINTS),
            scale,
            scale_day: OnceLock::new(),
        }
    }

    pub fn tracker(&self, id: i64) -> Option<&TrackerMeta> {
        self.by_id.get(&id).map(|&i| &self.trackers[i as usize])
    }

    pub fn moving_tracker(&self) -> &TrackerMeta {
        &self.trackers[MOVING_INDEX]
    }

    pub fn scale_tracker(&self) -> Option<&TrackerMeta> {
        self.scale.map(|(idx, _, _)| &self.trackers[idx as usize])
    }

    /// One tracker-day, generated on first use.
    pub fn day(&self, idx: u32, day: i64) -> Arc<DayData> {
        if let Some((sidx, n, start)) = self.scale {
            if sidx == idx {
                return self
                    .scale_day
                    .get_or_init(|| {
                        Arc::new(scale::scale_day(self.world.paths.as_ref(), idx, n, start))
                    })
                    .clone();
            }
        }
        let meta = &self.trackers[idx as usize];
        self.cache
            .get_or_generate((idx, day), || daygen::generate_day(&self.world, meta, day))
    }

    /// The tracker-days overlapping `[from_ms, to_ms]`, oldest first.
    pub fn days(&self, idx: u32, from_ms: i64, to_ms: i64) -> Vec<Arc<DayData>> {
        if self.scale.is_some_and(|(s, _, _)| s == idx) {
            return vec![self.day(idx, 0)];
        }
        (day_of_ms(from_ms)..=day_of_ms(to_ms))
            .map(|d| self.day(idx, d))
            .collect()
    }

    /// The day holding track `track_id` if it belongs to tracker `idx`.
    pub fn day_of_track(&self, idx: u32, track_id: i64) -> Option<Arc<DayData>> {
        let (day, tidx) = day::decode_track_id(track_id);
        if tidx != idx {
            return None;
        }
        let data = if self.scale.is_some_and(|(s, _, _)| s == idx) {
            self.day(idx, 0)
        } else {
            self.day(idx, day)
        };
        data.tracks.iter().any(|t| t.id == track_id).then_some(data)
    }

    /// The newest fix at or before `t_ms`, searching back no further than `min_ms`.
    pub fn last_point(&self, idx: u32, t_ms: i64, min_ms: i64) -> Option<(Arc<DayData>, usize)> {
        let days: Vec<i64> = if self.scale.is_some_and(|(s, _, _)| s == idx) {
            vec![0]
        } else {
            (day_of_ms(min_ms)..=day_of_ms(t_ms)).rev().collect()
        };
        for d in days {
            let data = self.day(idx, d);
            let n = data.points.partition_point(|p| p.t <= t_ms);
            if n > 0 && data.points[n - 1].t >= min_ms {
                return Some((data, n - 1));
            }
            if day_start_ms(d) < min_ms {
                break;
            }
        }
        None
    }
}

/// Homes of generated (scale-fleet) cars: one of a fixed set of residential spots, so ten
/// thousand cars need a few hundred route trees to get home, not ten thousand.
fn generated_home(rng: &mut ChaCha8Rng) -> LatLng {
    static POOL: OnceLock<Vec<LatLng>> = OnceLock::new();
    let pool = POOL.get_or_init(|| {
        let mut r = ChaCha8Rng::seed_from_u64(0x40E5_0001);
        (0..GENERATED_HOMES)
            .map(|_| {
                let dist = r.gen_range(500.0..7000.0);
                let ang = r.gen_range(0.0..std::f64::consts::TAU);
                offset(CENTER, dist * ang.cos(), dist * ang.sin())
            })
            .collect()
    });
    pool[rng.gen_range(0..pool.len())]
}

fn skeleton(idx: usize, base: NaiveDate) -> TrackerMeta {
    let i = idx as i64;
    TrackerMeta {
        idx: idx as u32,
        id: FIRST_TRACKER_ID + i,
        label: String::new(),
        kind: Kind::Car,
        group_id: 0,
        source_id: FIRST_SOURCE_ID + i,
        device_id: format!("359632100{:06}", 1000 + i),
        model: "telfmb920",
        phone: format!("+7701{:07}", (1_000_003 + i * 7_919) % 10_000_000),
        blocked: false,
        home: CENTER,
        sample_s: 15,
        lbs_prone: false,
        last_data_day: None,
        always_busy: false,
        creation_date: base + chrono::Duration::days(i % 400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_a_month_for_every_tracker() {
        let now = DateTime::parse_from_rfc3339("2026-03-10T12:00:00Z")
            .unwrap()
            .to_utc();
        let fleet = Fleet::new(42, now, None, None);
        let today = day_of_ms(now.timestamp_millis());
        for t in &fleet.trackers {
            for d in today - 30..=today {
                let day = fleet.day(t.idx, d);
                assert!(
                    day.points.windows(2).all(|w| w[0].t < w[1].t),
                    "{} day {d}",
                    t.label
                );
            }
        }
    }
}
#[cfg(test)]
mod realism_tests;
