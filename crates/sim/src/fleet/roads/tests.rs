//! The committed road graph decodes into a sound network, and routes on it are legal.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::super::geo::{LatLng, Mode, PathGenerator, distance_m, ll, segment_distance_m};
use super::paths::RoadPaths;
use super::{RoadGraph, graph, route};

/// Nodes reached from `start` following `mode`'s links (or, `reverse`, links into them).
fn reach(g: &RoadGraph, mode: Mode, start: u32, reverse: bool) -> HashSet<u32> {
    let net = g.net(mode);
    let mut seen = HashSet::from([start]);
    let mut todo = vec![start];
    while let Some(v) = todo.pop() {
        let next: Vec<u32> = if reverse {
            net.incoming(v).iter().map(|&(u, _)| u).collect()
        } else {
            net.out(v).iter().map(|l| l.to).collect()
        };
        for u in next {
            if seen.insert(u) {
                todo.push(u);
            }
        }
    }
    seen
}

fn members(g: &RoadGraph, mode: Mode) -> Vec<u32> {
    let net = g.net(mode);
    (0..g.nodes.len() as u32)
        .filter(|&v| !net.out(v).is_empty())
        .collect()
}

#[test]
fn graph_decodes_with_its_known_shape() {
    let g = graph();
    // The numbers `scripts/build-roads.sh` printed for the committed file.
    assert_eq!(g.nodes.len(), 17_120);
    assert_eq!(g.edges.len(), 24_965);
    assert_eq!(g.signal.iter().filter(|s| **s).count(), 428);
    for p in &g.nodes {
        assert!(
            (51.06..51.30).contains(&p.lat) && (71.27..71.64).contains(&p.lng),
            "{p:?}"
        );
    }
    let km = |car: bool| {
        g.edges
            .iter()
            .filter(|e| if car { e.car } else { e.foot })
            .map(|e| e.length_m)
            .sum::<f64>()
            / 1000.0
    };
    assert!(
        (1800.0..2100.0).contains(&km(true)),
        "{} km drivable",
        km(true)
    );
    assert!(
        (2100.0..2500.0).contains(&km(false)),
        "{} km walkable",
        km(false)
    );
    assert!(g.edges.iter().all(|e| e.from != e.to && e.length_m > 0.0));
    assert!(g.edges.iter().all(|e| (5..=140).contains(&e.limit)));
    // Every class the build keeps is there, one-way streets too.
    let classes: HashSet<u8> = g.edges.iter().map(|e| e.class).collect();
    assert_eq!(classes.len(), 16, "{classes:?}");
    assert!(g.edges.iter().filter(|e| e.oneway).count() > 1000);
}

#[test]
fn driving_network_is_strongly_connected_and_walking_connected() {
    let g = graph();
    for mode in [Mode::Drive, Mode::Walk] {
        let all = members(g, mode);
        assert!(all.len() > 10_000, "{mode:?}: {}", all.len());
        let fwd = reach(g, mode, all[0], false);
        let back = reach(g, mode, all[0], true);
        assert_eq!(fwd.len(), all.len(), "{mode:?}: not all reachable");
        assert_eq!(back.len(), all.len(), "{mode:?}: not all can come back");
    }
}

#[test]
fn corrupt_files_are_refused() {
    let data = super::DATA;
    assert!(RoadGraph::decode(&data[..data.len() - 1]).is_err());
    assert!(RoadGraph::decode(b"TMRG\x02").is_err());
    assert!(RoadGraph::decode(b"nope").is_err());
    let mut extra = data.to_vec();
    extra.push(0);
    assert!(RoadGraph::decode(&extra).is_err());
}

type StepKey = ((i64, i64), (i64, i64));

fn step_key(a: LatLng, b: LatLng) -> StepKey {
    let k = |p: LatLng| ((p.lat * 1e6).round() as i64, (p.lng * 1e6).round() as i64);
    (k(a), k(b))
}

/// For each mode, every step between consecutive edge vertices → whether it may be taken in
/// that direction.
fn legal_steps(mode: Mode) -> &'static HashMap<StepKey, bool> {
    static STEPS: OnceLock<[HashMap<StepKey, bool>; 3]> = OnceLock::new();
    let all = STEPS.get_or_init(|| {
        super::MODES.map(|m| {
            let g = graph();
            let mut allowed = HashMap::new();
            for (i, e) in g.edges.iter().enumerate() {
                if !(if m == Mode::Drive { e.car } else { e.foot }) {
                    continue;
                }
                let v: Vec<LatLng> = g.edge_points(i as u32).collect();
                for w in v.windows(2) {
                    *allowed.entry(step_key(w[0], w[1])).or_default() |= true;
                    let back = allowed.entry(step_key(w[1], w[0])).or_default();
                    *back |= m != Mode::Drive || !e.oneway;
                }
            }
            allowed
        })
    });
    &all[mode as usize]
}

/// Every consecutive pair of route vertices lies along an edge of the graph in a direction
/// the edge allows (cars: never against a one-way street).
pub fn assert_legal(pts: &[LatLng], mode: Mode) {
    let allowed = legal_steps(mode);
    for w in pts.windows(2) {
        let ok = allowed.get(&step_key(w[0], w[1]));
        assert_eq!(
            ok,
            Some(&true),
            "{mode:?}: {:?} → {:?} is not a legal step",
            w[0],
            w[1]
        );
    }
}

#[test]
fn routes_follow_the_streets_legally() {
    let paths = RoadPaths::new();
    let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(3);
    let spots = [
        ll(51.1850, 71.4050),
        ll(51.1560, 71.4870),
        ll(51.1285, 71.4240),
        ll(51.0894, 71.4085),
        ll(51.1930, 71.4140),
        ll(51.0760, 71.4870),
    ];
    let mut oneway_steps = 0;
    for &a in &spots {
        for &b in &spots {
            if a == b {
                continue;
            }
            for mode in [Mode::Drive, Mode::Walk] {
                let r = paths.route(a, b, mode, &mut rng);
                assert_eq!(r.pts[0], paths.snap(a, mode));
                assert_eq!(*r.pts.last().unwrap(), paths.snap(b, mode));
                assert_legal(&r.pts, mode);
                let crow = distance_m(a, b);
                let len: f64 = r.pts.windows(2).map(|w| distance_m(w[0], w[1])).sum();
                assert!(
                    len >= crow - 300.0 && len < crow * 2.5 + 1500.0,
                    "{len} vs {crow}"
                );
                if mode == Mode::Drive {
                    assert_eq!(r.limits.len(), r.pts.len() - 1);
                    oneway_steps += r.pts.len();
                }
            }
        }
    }
    assert!(oneway_steps > 1000);
}

#[test]
fn the_tree_and_a_star_agree_on_the_fastest_drive() {
    let g = graph();
    let cost = |links: &[super::Link]| links.iter().map(|l| l.cost as u64).sum::<u64>();
    let (a, b) = (
        g.nearest(ll(51.1850, 71.4050), Mode::Drive),
        g.nearest(ll(51.0894, 71.4085), Mode::Drive),
    );
    let via_tree = route::drive(g, a, b).unwrap();
    let via_astar = route::astar(g, Mode::Drive, a, b).unwrap();
    assert_eq!(cost(&via_tree), cost(&via_astar));
    // Fastest by time, so on average well above walking pace.
    let r = route::to_route(g, a, &via_tree, Mode::Drive);
    let len: f64 = r.pts.windows(2).map(|w| distance_m(w[0], w[1])).sum();
    let kmh = len / (cost(&via_tree) as f64 / 1000.0) * 3.6;
    assert!((25.0..70.0).contains(&kmh), "{kmh}");
}

/// Segments of `mode`'s network bucketed by ~0.001° cells (≥ 70 m), for distance-to-road checks.
type SegmentGrid = HashMap<(i64, i64), Vec<(LatLng, LatLng, u32)>>;

const SEG_CELL: f64 = 0.001;

fn segment_grid(mode: Mode) -> &'static SegmentGrid {
    static GRIDS: OnceLock<[SegmentGrid; 3]> = OnceLock::new();
    let grids = GRIDS.get_or_init(|| {
        super::MODES.map(|m| {
            let g = graph();
            let mut grid = SegmentGrid::new();
            for (i, e) in g.edges.iter().enumerate() {
                if !(if m == Mode::Drive { e.car } else { e.foot }) {
                    continue;
                }
                let pts: Vec<LatLng> = g.edge_points(i as u32).collect();
                for w in pts.windows(2) {
                    // Every cell the segment's bounding box touches.
                    let (lo_r, hi_r) = (w[0].lat.min(w[1].lat), w[0].lat.max(w[1].lat));
                    let (lo_c, hi_c) = (w[0].lng.min(w[1].lng), w[0].lng.max(w[1].lng));
                    for r in (lo_r / SEG_CELL).floor() as i64..=(hi_r / SEG_CELL).floor() as i64 {
                        for c in (lo_c / SEG_CELL).floor() as i64..=(hi_c / SEG_CELL).floor() as i64
                        {
                            grid.entry((r, c)).or_default().push((w[0], w[1], i as u32));
                        }
                    }
                }
            }
            grid
        })
    });
    &grids[mode as usize]
}

/// The nearest edge of `mode`'s network to `p` and its distance, metres (none beyond ~70 m).
pub fn nearest_road(p: LatLng, mode: Mode) -> Option<(f64, u32)> {
    let grid = segment_grid(mode);
    let (r0, c0) = (
        (p.lat / SEG_CELL).floor() as i64,
        (p.lng / SEG_CELL).floor() as i64,
    );
    let mut best: Option<(f64, u32)> = None;
    for r in r0 - 1..=r0 + 1 {
        for c in c0 - 1..=c0 + 1 {
            for &(a, b, e) in grid.get(&(r, c)).map_or(&[][..], Vec::as_slice) {
                let d = segment_distance_m(p, a, b);
                if best.is_none_or(|x| (d, e) < x) {
                    best = Some((d, e));
                }
            }
        }
    }
    best
}

/// Distance from `p` to the nearest segment of `mode`'s network, metres (∞ beyond ~70 m).
pub fn road_distance_m(p: LatLng, mode: Mode) -> f64 {
    nearest_road(p, mode).map_or(f64::INFINITY, |(d, _)| d)
}
