//! Shortest paths by travel time: per-destination trees for driving (every vehicle heads to
//! one of a few hundred depots, customers and homes, so one reverse Dijkstra serves every
//! trip there), A* for walking and cycling, and the conversion of a path into a `Route`.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use super::super::geo::{LatLng, Mode, Route};
use super::{Link, RoadGraph};

const NONE: u8 = u8::MAX;
/// Trees kept before the cache starts over (about 17 KB each).
const MAX_TREES: usize = 4096;

/// For every node, which of its outgoing drive links leads on toward the tree's target.
pub struct Tree {
    next: Vec<u8>,
}

fn build_tree(g: &RoadGraph, target: u32) -> Tree {
    let net = g.net(Mode::Drive);
    let n = g.nodes.len();
    let mut dist = vec![u32::MAX; n];
    let mut next = vec![NONE; n];
    let mut heap = BinaryHeap::new();
    dist[target as usize] = 0;
    heap.push(Reverse((0u32, target)));
    while let Some(Reverse((d, v))) = heap.pop() {
        if d > dist[v as usize] {
            continue;
        }
        for &(u, k) in net.incoming(v) {
            let nd = d.saturating_add(net.arcs[k as usize].cost);
            if nd < dist[u as usize] {
                dist[u as usize] = nd;
                // Out-degrees are below 255 (checked when the graph is decoded).
                next[u as usize] = (k - net.offsets[u as usize]) as u8;
                heap.push(Reverse((nd, u)));
            }
        }
    }
    Tree { next }
}

/// The (cached) tree of fastest drives to `target`. A pure function of the graph and the
/// target, so which trees happen to be cached never changes a route.
pub fn tree(g: &RoadGraph, target: u32) -> Arc<Tree> {
    static TREES: OnceLock<Mutex<HashMap<u32, Arc<Tree>>>> = OnceLock::new();
    let trees = TREES.get_or_init(Mutex::default);
    if let Some(t) = trees.lock().expect("tree cache").get(&target) {
        return t.clone();
    }
    let t = Arc::new(build_tree(g, target));
    let mut cache = trees.lock().expect("tree cache");
    if cache.len() >= MAX_TREES {
        cache.clear();
    }
    cache.entry(target).or_insert(t).clone()
}

/// The fastest drive from `a` to `b` (links in order), or `None` when `b` cannot be reached.
pub fn drive(g: &RoadGraph, a: u32, b: u32) -> Option<Vec<Link>> {
    let t = tree(g, b);
    let net = g.net(Mode::Drive);
    let mut links = Vec::new();
    let mut v = a;
    while v != b {
        let k = t.next[v as usize];
        let link = *net.out(v).get(k as usize)?;
        links.push(link);
        v = link.to;
        if links.len() > g.nodes.len() {
            return None;
        }
    }
    Some(links)
}

/// Per-thread buffers for A*, reset lazily by a generation stamp (a search touches a few
/// thousand of the graph's nodes; clearing all of them each time would dominate).
#[derive(Default)]
struct Scratch {
    stamp: Vec<u32>,
    dist: Vec<u32>,
    via: Vec<u32>,
    generation: u32,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// A* from `a` to `b` on `mode`'s network (integer costs, ties by node id: deterministic).
pub fn astar(g: &RoadGraph, mode: Mode, a: u32, b: u32) -> Option<Vec<Link>> {
    SCRATCH.with(|s| astar_in(g, mode, a, b, &mut s.borrow_mut()))
}

fn astar_in(g: &RoadGraph, mode: Mode, a: u32, b: u32, s: &mut Scratch) -> Option<Vec<Link>> {
    let n = g.nodes.len();
    if s.stamp.len() != n {
        *s = Scratch {
            stamp: vec![0; n],
            dist: vec![0; n],
            via: vec![0; n],
            generation: 0,
        };
    }
    s.generation = s.generation.wrapping_add(1);
    if s.generation == 0 {
        s.stamp.fill(0);
        s.generation = 1;
    }
    let net = g.net(mode);
    let gen_ = s.generation;
    // Planar metres (under-estimated by 1 %, so the heuristic stays admissible).
    let goal = g.xy[b as usize];
    let k = net.min_ms_per_m * 0.99;
    let h = |v: u32| {
        let p = g.xy[v as usize];
        ((p.0 - goal.0).hypot(p.1 - goal.1) * k) as u32
    };
    let mut heap = BinaryHeap::new();
    s.stamp[a as usize] = gen_;
    s.dist[a as usize] = 0;
    s.via[a as usize] = u32::MAX;
    heap.push(Reverse((h(a), a)));
    while let Some(Reverse((f, v))) = heap.pop() {
        let d = s.dist[v as usize];
        if f > d + h(v) {
            continue;
        }
        if v == b {
            break;
        }
        let base = net.offsets[v as usize];
        for (i, l) in net.out(v).iter().enumerate() {
            let nd = d.saturating_add(l.cost);
            let t = l.to as usize;
            if s.stamp[t] != gen_ || nd < s.dist[t] {
                s.stamp[t] = gen_;
                s.dist[t] = nd;
                s.via[t] = base + i as u32;
                heap.push(Reverse((nd + h(l.to), l.to)));
            }
        }
    }
    if s.stamp[b as usize] != gen_ {
        return None;
    }
    let mut links = Vec::new();
    let mut v = b;
    while v != a {
        let link = net.arcs[s.via[v as usize] as usize];
        links.push(link);
        // The link's source: the other end of its edge.
        let e = &g.edges[link.edge as usize];
        v = if link.forward { e.from } else { e.to };
    }
    links.reverse();
    Some(links)
}

/// The vertices of `links` from `start`, with the limit of each segment (driving only) and
/// the junctions passed on the way.
pub fn to_route(g: &RoadGraph, start: u32, links: &[Link], mode: Mode) -> Route {
    let mut pts: Vec<LatLng> = vec![g.nodes[start as usize]];
    let mut limits = Vec::new();
    let mut junctions = Vec::new();
    let mut at = start;
    for l in links {
        if at != start && g.junction[at as usize] {
            junctions.push(((pts.len() - 1) as u32, g.signal[at as usize]));
        }
        let e = &g.edges[l.edge as usize];
        let before = pts.len();
        if l.forward {
            pts.extend(g.edge_points(l.edge).skip(1));
        } else {
            pts.extend(g.edge_points(l.edge).rev().skip(1));
        }
        if mode == Mode::Drive {
            limits.resize(limits.len() + pts.len() - before, e.limit);
        }
        at = l.to;
    }
    Route {
        pts,
        limits,
        junctions,
    }
}
