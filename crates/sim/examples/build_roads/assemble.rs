//! From clipped tile pieces to a topological graph: vertices shared by several ways (or
//! ending one) become nodes, ends within a metre of another vertex are joined (tiles cut ways
//! at their borders), and each piece is split into edges between nodes.

use std::collections::HashMap;

use crate::tags::WayAttrs;

/// World coordinates at zoom 12 with the tiles' 2^20 extent: 2^32 units around the globe.
pub type Xy = (i64, i64);

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Attr {
    pub class: u8,
    pub maxspeed: Option<u8>,
    /// Cars may only go from `from` to `to`.
    pub oneway: bool,
    pub car: bool,
    pub foot: bool,
}

pub struct Piece {
    pub attr: Attr,
    pub pts: Vec<Xy>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    pub from: u32,
    pub to: u32,
    pub attr: Attr,
    /// Interior vertices, in order from `from` to `to`.
    pub shape: Vec<Xy>,
}

pub struct Graph {
    pub nodes: Vec<Xy>,
    pub edges: Vec<Edge>,
}

/// Cuts a line to the tile's own square, so neighbouring tiles' buffers do not overlap;
/// points on the border get the border's exact coordinate, so both sides nearly agree.
pub fn clip(line: &[Xy], min: Xy, max: Xy) -> Vec<Vec<Xy>> {
    let inside = |p: Xy| p.0 >= min.0 && p.0 <= max.0 && p.1 >= min.1 && p.1 <= max.1;
    let mut out: Vec<Vec<Xy>> = Vec::new();
    let mut cur: Vec<Xy> = Vec::new();
    for w in line.windows(2) {
        let (a, b) = (w[0], w[1]);
        let Some((ca, cb)) = clip_segment(a, b, min, max) else {
            if cur.len() >= 2 {
                out.push(std::mem::take(&mut cur));
            }
            cur.clear();
            continue;
        };
        if cur.last() != Some(&ca) {
            if cur.len() >= 2 {
                out.push(std::mem::take(&mut cur));
            }
            cur = vec![ca];
        }
        if cb != ca {
            cur.push(cb);
        }
        if !inside(b) {
            if cur.len() >= 2 {
                out.push(std::mem::take(&mut cur));
            }
            cur.clear();
        }
    }
    if cur.len() >= 2 {
        out.push(cur);
    }
    out
}

/// Liang–Barsky.
fn clip_segment(a: Xy, b: Xy, min: Xy, max: Xy) -> Option<(Xy, Xy)> {
    let (dx, dy) = ((b.0 - a.0) as f64, (b.1 - a.1) as f64);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    let checks = [
        (-dx, (a.0 - min.0) as f64),
        (dx, (max.0 - a.0) as f64),
        (-dy, (a.1 - min.1) as f64),
        (dy, (max.1 - a.1) as f64),
    ];
    for (p, q) in checks {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| -> Xy {
        let x = (a.0 as f64 + t * dx).round() as i64;
        let y = (a.1 as f64 + t * dy).round() as i64;
        (x.clamp(min.0, max.0), y.clamp(min.1, max.1))
    };
    let pa = if t0 > 0.0 { at(t0) } else { a };
    let pb = if t1 < 1.0 { at(t1) } else { b };
    Some((pa, pb))
}

pub fn attr_of(w: &WayAttrs) -> Attr {
    Attr {
        class: w.class,
        maxspeed: w.maxspeed,
        oneway: w.oneway != 0,
        car: w.car,
        foot: w.foot,
    }
}

struct Dsu(Vec<u32>);

impl Dsu {
    fn find(&mut self, mut v: u32) -> u32 {
        while self.0[v as usize] != v {
            let p = self.0[v as usize];
            self.0[v as usize] = self.0[p as usize];
            v = p;
        }
        v
    }
    /// The smaller id represents the set, so the result does not depend on the order of joins.
    fn union(&mut self, a: u32, b: u32) {
        let (a, b) = (self.find(a), self.find(b));
        let (lo, hi) = (a.min(b), a.max(b));
        self.0[hi as usize] = lo;
    }
}

/// Builds the graph; `snap` is the joining distance in world units.
pub fn assemble(pieces: &[Piece], snap: i64) -> Graph {
    let mut ids: HashMap<Xy, u32> = HashMap::new();
    let mut coords: Vec<Xy> = Vec::new();
    let mut parts: Vec<(Attr, Vec<u32>)> = Vec::with_capacity(pieces.len());
    for p in pieces {
        let vids = p
            .pts
            .iter()
            .map(|&xy| {
                *ids.entry(xy).or_insert_with(|| {
                    coords.push(xy);
                    (coords.len() - 1) as u32
                })
            })
            .collect();
        parts.push((p.attr, vids));
    }

    // Join each piece's ends to the nearest vertex of another piece within `snap`.
    let cell = |xy: Xy| (xy.0.div_euclid(snap), xy.1.div_euclid(snap));
    let mut grid: HashMap<(i64, i64), Vec<u32>> = HashMap::new();
    for (v, &xy) in coords.iter().enumerate() {
        grid.entry(cell(xy)).or_default().push(v as u32);
    }
    let mut owner: HashMap<u32, Vec<usize>> = HashMap::new();
    for (pi, (_, vids)) in parts.iter().enumerate() {
        for &v in vids {
            let o = owner.entry(v).or_default();
            if o.last() != Some(&pi) {
                o.push(pi);
            }
        }
    }
    let mut dsu = Dsu((0..coords.len() as u32).collect());
    let mut ends: Vec<(u32, usize)> = parts
        .iter()
        .enumerate()
        .flat_map(|(pi, (_, v))| [(v[0], pi), (v[v.len() - 1], pi)])
        .collect();
    ends.sort_unstable();
    ends.dedup();
    for (e, pi) in ends {
        let xy = coords[e as usize];
        let (cx, cy) = cell(xy);
        let mut best: Option<(i64, u32)> = None;
        for gx in cx - 1..=cx + 1 {
            for gy in cy - 1..=cy + 1 {
                for &v in grid.get(&(gx, gy)).map_or(&[][..], Vec::as_slice) {
                    if v == e || owner[&v].contains(&pi) {
                        continue;
                    }
                    let o = coords[v as usize];
                    let d2 = (o.0 - xy.0).pow(2) + (o.1 - xy.1).pow(2);
                    if d2 <= snap * snap && best.is_none_or(|b| (d2, v) < b) {
                        best = Some((d2, v));
                    }
                }
            }
        }
        if let Some((_, v)) = best {
            dsu.union(e, v);
        }
    }

    // Nodes: ends of pieces and vertices used more than once.
    let mut uses = vec![0u32; coords.len()];
    for (_, vids) in parts.iter_mut() {
        for v in vids.iter_mut() {
            *v = dsu.find(*v);
        }
        vids.dedup();
    }
    parts.retain(|(_, v)| v.len() >= 2);
    for (_, vids) in &parts {
        for &v in vids {
            uses[v as usize] += 1;
        }
        uses[vids[0] as usize] += 2;
        uses[vids[vids.len() - 1] as usize] += 2;
    }
    let mut edges = Vec::new();
    for (attr, vids) in &parts {
        let mut start = 0;
        for i in 1..vids.len() {
            if uses[vids[i] as usize] >= 2 {
                let shape = vids[start + 1..i]
                    .iter()
                    .map(|&v| coords[v as usize])
                    .collect();
                if vids[start] != vids[i] {
                    edges.push(Edge {
                        from: vids[start],
                        to: vids[i],
                        attr: *attr,
                        shape,
                    });
                }
                start = i;
            }
        }
    }
    Graph {
        nodes: coords,
        edges,
    }
}
