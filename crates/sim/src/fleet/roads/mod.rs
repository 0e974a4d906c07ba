//! The demo area's real street network (OpenStreetMap, Astana; built by
//! `scripts/build-roads.sh`, committed as `crates/sim/data/astana-roads.bin`): decoded once per
//! process, with per-mode adjacency, travel-time costs, speed limits and a nearest-node index.

pub mod format;
pub mod index;
pub mod paths;
pub mod route;
#[cfg(test)]
pub(crate) mod tests;

use std::sync::OnceLock;

use self::index::NodeIndex;
use super::geo::{LatLng, Mode, distance_m};

/// © OpenStreetMap contributors, ODbL 1.0 (see `crates/sim/data/LICENSE-ODbL.md`).
const DATA: &[u8] = include_bytes!("../../../data/astana-roads.bin");

pub const MODES: [Mode; 3] = [Mode::Drive, Mode::Walk, Mode::Cycle];

/// Class codes of the file (see `format`).
pub const SERVICE: u8 = 13;
pub const FOOTWAY: u8 = 14;
pub const PATH: u8 = 15;

/// The limit drivers assume where `maxspeed` is not tagged (Kazakh rules: 60 in town, 90 on
/// rural trunk roads, 110 on motorways; lower on yards and residential lanes), km/h.
pub fn default_limit(class: u8) -> u8 {
    match class {
        0 => 110,
        2 => 90,
        1 | 3..=10 => 60,
        11 => 40,
        12 | SERVICE => 20,
        _ => 10,
    }
}

/// Speed traffic actually flows at on a class, km/h: the router's travel-time estimate.
fn flow_kmh(class: u8) -> f64 {
    [
        100.0, 50.0, 80.0, 45.0, 55.0, 40.0, 50.0, 35.0, 42.0, 30.0, 35.0, 28.0, 12.0, 15.0, 5.0,
        5.0,
    ][class as usize & 15]
}

/// Expected wait at a traffic signal, added to the cost of reaching it (ms).
const SIGNAL_COST_MS: u32 = 12_000;

pub struct Edge {
    pub from: u32,
    pub to: u32,
    pub class: u8,
    pub oneway: bool,
    /// Effective limit (tagged or the class default), km/h.
    pub limit: u8,
    pub car: bool,
    pub foot: bool,
    pub shape: (u32, u32),
    pub length_m: f64,
}

#[derive(Clone, Copy, Debug)]
pub struct Link {
    pub to: u32,
    pub edge: u32,
    /// Along the edge's geometry (from → to) or against it.
    pub forward: bool,
    /// Travel cost in ms (for walking and cycling: ms at the mode's pace, weighted by how
    /// pleasant the way is).
    pub cost: u32,
}

/// One mode's adjacency in compressed rows: `arcs[offsets[v]..offsets[v + 1]]` leave `v`.
pub struct Net {
    pub offsets: Vec<u32>,
    pub arcs: Vec<Link>,
    /// Incoming arcs as (source node, index into `arcs`), rows by target node.
    pub rev_offsets: Vec<u32>,
    pub rev: Vec<(u32, u32)>,
    /// Lowest cost per metre of any arc: A*'s admissible heuristic.
    pub min_ms_per_m: f64,
    pub index: NodeIndex,
}

impl Net {
    pub fn out(&self, v: u32) -> &[Link] {
        &self.arcs[self.offsets[v as usize] as usize..self.offsets[v as usize + 1] as usize]
    }

    pub fn incoming(&self, v: u32) -> &[(u32, u32)] {
        &self.rev[self.rev_offsets[v as usize] as usize..self.rev_offsets[v as usize + 1] as usize]
    }
}

pub struct RoadGraph {
    pub nodes: Vec<LatLng>,
    /// Nodes in planar metres (x east, y north): A*'s heuristic, nearest-node look-ups.
    pub xy: Vec<(f64, f64)>,
    /// Metres per degree of longitude and latitude in `xy`.
    xy_scale: (f64, f64),
    pub edges: Vec<Edge>,
    pub shape: Vec<LatLng>,
    pub signal: Vec<bool>,
    /// Where three or more drivable or walkable ways meet (a place to yield or queue).
    pub junction: Vec<bool>,
    nets: [Net; 3],
}

/// The process-wide graph (decoded on first use: a few milliseconds).
pub fn graph() -> &'static RoadGraph {
    static GRAPH: OnceLock<RoadGraph> = OnceLock::new();
    GRAPH.get_or_init(|| RoadGraph::decode(DATA).expect("the committed road graph decodes"))
}

fn arc_cost(e: &Edge, mode: Mode, signal_at_end: bool) -> u32 {
    let ms = match mode {
        Mode::Drive => {
            let kmh = flow_kmh(e.class).min(e.limit as f64);
            e.length_m / (kmh / 3.6) * 1000.0
                + if signal_at_end {
                    SIGNAL_COST_MS as f64
                } else {
                    0.0
                }
        }
        // People prefer footways to walking along roads, and avoid the big ones.
        Mode::Walk => {
            let w = match e.class {
                FOOTWAY | PATH => 1.0,
                11..=SERVICE => 1.4,
                8..=10 => 1.6,
                _ => 2.0,
            };
            e.length_m / (5.0 / 3.6) * 1000.0 * w
        }
        // Couriers on bikes ride quiet streets, cycleways and pavements.
        Mode::Cycle => {
            let w = match e.class {
                PATH | 10..=SERVICE => 1.0,
                8 | 9 => 1.15,
                FOOTWAY => 1.3,
                _ => 1.4,
            };
            e.length_m / (17.0 / 3.6) * 1000.0 * w
        }
    };
    ms.round().max(1.0) as u32
}

fn build_net(nodes: &[LatLng], edges: &[Edge], signal: &[bool], mode: Mode) -> Net {
    let n = nodes.len();
    let mut pairs: Vec<(u32, Link)> = Vec::new();
    for (i, e) in edges.iter().enumerate() {
        let allowed = if mode == Mode::Drive { e.car } else { e.foot };
        if !allowed {
            continue;
        }
        let one_way = mode == Mode::Drive && e.oneway;
        let fwd = Link {
            to: e.to,
            edge: i as u32,
            forward: true,
            cost: arc_cost(e, mode, signal[e.to as usize]),
        };
        pairs.push((e.from, fwd));
        if !one_way {
            let back = Link {
                to: e.from,
                forward: false,
                cost: arc_cost(e, mode, signal[e.from as usize]),
                ..fwd
            };
            pairs.push((e.to, back));
        }
    }
    pairs.sort_by_key(|(from, a)| (*from, a.to, a.edge, a.forward));
    let mut offsets = vec![0u32; n + 1];
    for (from, _) in &pairs {
        offsets[*from as usize + 1] += 1;
    }
    for v in 0..n {
        offsets[v + 1] += offsets[v];
    }
    let arcs: Vec<Link> = pairs.iter().map(|(_, a)| *a).collect();
    let mut rev: Vec<(u32, u32, u32)> = pairs
        .iter()
        .enumerate()
        .map(|(k, (from, a))| (a.to, *from, k as u32))
        .collect();
    rev.sort_unstable();
    let mut rev_offsets = vec![0u32; n + 1];
    for (to, _, _) in &rev {
        rev_offsets[*to as usize + 1] += 1;
    }
    for v in 0..n {
        rev_offsets[v + 1] += rev_offsets[v];
    }
    let min_ms_per_m = arcs
        .iter()
        .map(|a| a.cost as f64 / edges[a.edge as usize].length_m.max(1.0))
        .fold(f64::INFINITY, f64::min)
        .min(1000.0 / (130.0 / 3.6));
    let member: Vec<bool> = (0..n).map(|v| offsets[v] < offsets[v + 1]).collect();
    Net {
        offsets,
        arcs,
        rev_offsets,
        rev: rev.into_iter().map(|(_, from, k)| (from, k)).collect(),
        min_ms_per_m,
        index: NodeIndex::new(nodes, &member),
    }
}

impl RoadGraph {
    pub fn decode(bytes: &[u8]) -> Result<RoadGraph, String> {
        let raw = format::decode(bytes)?;
        let edges: Vec<Edge> = raw
            .edges
            .iter()
            .map(|r| {
                let mut len = 0.0;
                let mut prev = raw.nodes[r.from as usize];
                for &p in raw.shape[r.shape.0 as usize..r.shape.1 as usize]
                    .iter()
                    .chain(std::iter::once(&raw.nodes[r.to as usize]))
                {
                    len += distance_m(prev, p);
                    prev = p;
                }
                Edge {
                    from: r.from,
                    to: r.to,
                    class: r.class,
                    oneway: r.oneway,
                    limit: r.maxspeed.unwrap_or_else(|| default_limit(r.class)),
                    car: r.car,
                    foot: r.foot,
                    shape: r.shape,
                    length_m: len,
                }
            })
            .collect();
        let n = raw.nodes.len();
        let mut signal = vec![false; n];
        for &s in &raw.signals {
            signal[s as usize] = true;
        }
        let mut neighbours: Vec<Vec<u32>> = vec![Vec::new(); n];
        for e in &edges {
            neighbours[e.from as usize].push(e.to);
            neighbours[e.to as usize].push(e.from);
        }
        let junction = neighbours
            .iter_mut()
            .map(|v| {
                v.sort_unstable();
                v.dedup();
                v.len() >= 3
            })
            .collect();
        let nets = MODES.map(|m| build_net(&raw.nodes, &edges, &signal, m));
        // Route trees store a link's position among its node's links in a byte.
        let drive = &nets[Mode::Drive as usize];
        if (0..n).any(|v| drive.offsets[v + 1] - drive.offsets[v] >= u8::MAX as u32) {
            return Err("a node with 255 or more drivable links".into());
        }
        // Equirectangular at the northernmost latitude: east-west distances come out a little
        // short everywhere, never long, so the heuristic never over-estimates.
        let north = raw.nodes.iter().map(|p| p.lat).fold(0.0, f64::max);
        let k = std::f64::consts::PI / 180.0 * 6_371_000.0;
        let xy_scale = (k * north.to_radians().cos(), k);
        let xy = raw
            .nodes
            .iter()
            .map(|p| (p.lng * xy_scale.0, p.lat * xy_scale.1))
            .collect();
        Ok(RoadGraph {
            xy,
            xy_scale,
            nodes: raw.nodes,
            edges,
            shape: raw.shape,
            signal,
            junction,
            nets,
        })
    }

    pub fn net(&self, mode: Mode) -> &Net {
        &self.nets[mode as usize]
    }

    /// The edge's vertices from `from` to `to`.
    pub fn edge_points(&self, e: u32) -> impl DoubleEndedIterator<Item = LatLng> + '_ {
        let e = &self.edges[e as usize];
        std::iter::once(self.nodes[e.from as usize])
            .chain(
                self.shape[e.shape.0 as usize..e.shape.1 as usize]
                    .iter()
                    .copied(),
            )
            .chain(std::iter::once(self.nodes[e.to as usize]))
    }

    /// The node of `mode`'s network nearest to `p`.
    pub fn nearest(&self, p: LatLng, mode: Mode) -> u32 {
        self.net(mode).index.nearest(&self.xy, p, self.project(p))
    }

    /// `p` in the planar metres of `xy`.
    pub fn project(&self, p: LatLng) -> (f64, f64) {
        (p.lng * self.xy_scale.0, p.lat * self.xy_scale.1)
    }
}
