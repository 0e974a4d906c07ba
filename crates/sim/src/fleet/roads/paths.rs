//! `RoadPaths`: the demo's `PathGenerator` on the real streets — positions snap to the
//! nearest node of the mode's network, drives follow the fastest legal route (one-way
//! streets, speed limits, signal waits), walks and rides the most pleasant one.

use rand::{Rng, RngCore};

use super::super::geo::{LatLng, Mode, PathGenerator, Route};
use super::{RoadGraph, graph, route};

pub struct RoadPaths {
    g: &'static RoadGraph,
}

impl RoadPaths {
    pub fn new() -> RoadPaths {
        RoadPaths { g: graph() }
    }
}

impl Default for RoadPaths {
    fn default() -> Self {
        RoadPaths::new()
    }
}

impl PathGenerator for RoadPaths {
    fn route(&self, from: LatLng, to: LatLng, mode: Mode, _rng: &mut dyn RngCore) -> Route {
        let g = self.g;
        let (a, b) = (g.nearest(from, mode), g.nearest(to, mode));
        let links = match mode {
            _ if a == b => None,
            Mode::Drive => route::drive(g, a, b),
            _ => route::astar(g, mode, a, b),
        };
        match links {
            Some(links) => route::to_route(g, a, &links, mode),
            // Same node, or (never inside one component) unreachable: stay put.
            None => Route::line(vec![g.nodes[a as usize]]),
        }
    }

    fn snap(&self, p: LatLng, mode: Mode) -> LatLng {
        self.g.nodes[self.g.nearest(p, mode) as usize]
    }

    /// Along one short edge to the next node (a car moved across its yard); nowhere when
    /// every edge from here is long.
    fn hop(&self, from: LatLng, mode: Mode, rng: &mut dyn RngCore) -> Route {
        let g = self.g;
        let a = g.nearest(from, mode);
        let short: Vec<_> = g
            .net(mode)
            .out(a)
            .iter()
            .filter(|l| (15.0..=150.0).contains(&g.edges[l.edge as usize].length_m))
            .copied()
            .collect();
        if short.is_empty() {
            return Route::line(vec![g.nodes[a as usize]]);
        }
        let l = short[rng.gen_range(0..short.len())];
        route::to_route(g, a, &[l], mode)
    }
}
