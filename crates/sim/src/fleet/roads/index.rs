//! A uniform grid over the graph's nodes for "nearest node of this network" look-ups
//! (destinations, homes and parked positions are snapped to the streets).

use super::super::geo::{LatLng, ll};

/// Cell size in degrees: about 220 m north-south and 140 m east-west in Astana.
const CELL: f64 = 0.002;

pub struct NodeIndex {
    origin: LatLng,
    cols: usize,
    rows: usize,
    /// Node ids per cell, rows of `cols` cells from the south-west corner.
    cells: Vec<Vec<u32>>,
}

impl NodeIndex {
    /// Indexes the nodes with `member[v]` set.
    pub fn new(nodes: &[LatLng], member: &[bool]) -> NodeIndex {
        let (mut lo, mut hi) = (ll(f64::MAX, f64::MAX), ll(f64::MIN, f64::MIN));
        for p in nodes
            .iter()
            .zip(member)
            .filter(|(_, m)| **m)
            .map(|(p, _)| p)
        {
            lo = ll(lo.lat.min(p.lat), lo.lng.min(p.lng));
            hi = ll(hi.lat.max(p.lat), hi.lng.max(p.lng));
        }
        if lo.lat > hi.lat {
            lo = ll(0.0, 0.0);
            hi = lo;
        }
        let cols = ((hi.lng - lo.lng) / CELL) as usize + 1;
        let rows = ((hi.lat - lo.lat) / CELL) as usize + 1;
        let mut idx = NodeIndex {
            origin: lo,
            cols,
            rows,
            cells: vec![Vec::new(); cols * rows],
        };
        for (v, p) in nodes.iter().enumerate().filter(|(v, _)| member[*v]) {
            let (c, r) = idx.cell(*p);
            idx.cells[r * cols + c].push(v as u32);
        }
        idx
    }

    fn cell(&self, p: LatLng) -> (usize, usize) {
        let c = ((p.lng - self.origin.lng) / CELL).floor();
        let r = ((p.lat - self.origin.lat) / CELL).floor();
        (
            c.clamp(0.0, (self.cols - 1) as f64) as usize,
            r.clamp(0.0, (self.rows - 1) as f64) as usize,
        )
    }

    /// The nearest indexed node (ties: the lower id); rings of cells widen until no closer
    /// node can exist. Distances are planar (`xy`, and `pxy` for `p`): cheap, and exact
    /// enough at city scale.
    pub fn nearest(&self, xy: &[(f64, f64)], p: LatLng, pxy: (f64, f64)) -> u32 {
        let (c0, r0) = (self.cell(p).0 as i64, self.cell(p).1 as i64);
        let mut best: Option<(f64, u32)> = None;
        // One ring spans at least this many metres (the narrower east-west side, a little
        // short so the planar distances can only make the search go on longer).
        let ring_m = CELL * 111_000.0 * (p.lat + 1.0).to_radians().cos();
        let max_ring = self.cols.max(self.rows) as i64;
        for ring in 0..=max_ring {
            for r in r0 - ring..=r0 + ring {
                for c in c0 - ring..=c0 + ring {
                    let on_ring = (r - r0).abs() == ring || (c - c0).abs() == ring;
                    if !on_ring || r < 0 || c < 0 || r >= self.rows as i64 || c >= self.cols as i64
                    {
                        continue;
                    }
                    for &v in &self.cells[r as usize * self.cols + c as usize] {
                        let q = xy[v as usize];
                        let d = (q.0 - pxy.0).hypot(q.1 - pxy.1);
                        if best.is_none_or(|b| (d, v) < b) {
                            best = Some((d, v));
                        }
                    }
                }
            }
            // Anything in the next ring is at least `ring * ring_m` away.
            if best.is_some_and(|(d, _)| d <= ring as f64 * ring_m) {
                break;
            }
        }
        best.map_or(0, |(_, v)| v)
    }
}
