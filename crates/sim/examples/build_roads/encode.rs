//! Writes the graph file (format: `crates/sim/src/fleet/roads/format.rs`): nodes in
//! Z-order with delta-coded micro-degrees, then each node's outgoing edges with their shapes.

use crate::assemble::{Graph, Xy};

const WORLD: f64 = 4_294_967_296.0; // 2^32 units around the globe at zoom 12, extent 2^20

/// (lat, lng) in micro-degrees.
pub fn to_micro(xy: Xy) -> (i32, i32) {
    let lng = xy.0 as f64 / WORLD * 360.0 - 180.0;
    let n = std::f64::consts::PI * (1.0 - 2.0 * xy.1 as f64 / WORLD);
    let lat = n.sinh().atan().to_degrees();
    ((lat * 1e6).round() as i32, (lng * 1e6).round() as i32)
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn zigzag(out: &mut Vec<u8>, v: i64) {
    varint(out, ((v << 1) ^ (v >> 63)) as u64);
}

fn spread(v: u32) -> u64 {
    let mut x = v as u64 & 0xFFFF_FFFF;
    x = (x | (x << 16)) & 0x0000_FFFF_0000_FFFF;
    x = (x | (x << 8)) & 0x00FF_00FF_00FF_00FF;
    x = (x | (x << 4)) & 0x0F0F_0F0F_0F0F_0F0F;
    x = (x | (x << 2)) & 0x3333_3333_3333_3333;
    (x | (x << 1)) & 0x5555_5555_5555_5555
}

pub struct Summary {
    pub signals: usize,
    pub nodes: usize,
    pub edges: usize,
    pub shape_points: usize,
}

/// `signals`: traffic-signal points, each given to the nearest drivable node within `radius`
/// (world units): signals sit on the approach to a junction, the graph's node is the junction.
pub fn encode(g: &Graph, signals: &[Xy], radius: f64) -> (Vec<u8>, Summary) {
    // Only nodes that edges use, renumbered in Z-order so neighbours have nearby numbers and
    // coordinates (small deltas).
    let mut used = vec![false; g.nodes.len()];
    for e in &g.edges {
        used[e.from as usize] = true;
        used[e.to as usize] = true;
    }
    let micro: Vec<(i32, i32)> = g.nodes.iter().map(|&xy| to_micro(xy)).collect();
    let mut order: Vec<u32> = (0..g.nodes.len() as u32)
        .filter(|&v| used[v as usize])
        .collect();
    let key = |v: u32| {
        let (lat, lng) = micro[v as usize];
        let (y, x) = (
            (lat as i64 + 90_000_000) as u32,
            (lng as i64 + 180_000_000) as u32,
        );
        (spread(y) << 1 | spread(x), v)
    };
    order.sort_by_key(|&v| key(v));
    let mut new_id = vec![u32::MAX; g.nodes.len()];
    for (i, &v) in order.iter().enumerate() {
        new_id[v as usize] = i as u32;
    }
    let mut edges: Vec<(u32, u32, &crate::assemble::Edge)> = g
        .edges
        .iter()
        .map(|e| (new_id[e.from as usize], new_id[e.to as usize], e))
        .collect();
    edges.sort_by(|a, b| (a.0, a.1, &a.2.attr, &a.2.shape).cmp(&(b.0, b.1, &b.2.attr, &b.2.shape)));
    edges.dedup_by(|a, b| {
        a.0 == b.0 && a.1 == b.1 && a.2.attr == b.2.attr && a.2.shape == b.2.shape
    });

    let mut out = b"TMRG".to_vec();
    out.push(1);
    varint(&mut out, order.len() as u64);
    varint(&mut out, edges.len() as u64);
    let mut prev = (0i64, 0i64);
    for &v in &order {
        let (lat, lng) = micro[v as usize];
        zigzag(&mut out, lat as i64 - prev.0);
        zigzag(&mut out, lng as i64 - prev.1);
        prev = (lat as i64, lng as i64);
    }
    let mut shape_points = 0;
    let mut k = 0;
    for from in 0..order.len() as u32 {
        let start = k;
        while k < edges.len() && edges[k].0 == from {
            k += 1;
        }
        varint(&mut out, (k - start) as u64);
        for &(f, to, e) in &edges[start..k] {
            zigzag(&mut out, to as i64 - f as i64);
            let a = e.attr;
            let flags = a.class
                | (a.oneway as u8) << 4
                | (a.maxspeed.is_some() as u8) << 5
                | (a.car as u8) << 6
                | (a.foot as u8) << 7;
            out.push(flags);
            if let Some(s) = a.maxspeed {
                out.push(s);
            }
            varint(&mut out, e.shape.len() as u64);
            let (mut plat, mut plng) = micro[order[f as usize] as usize];
            for &xy in &e.shape {
                let (lat, lng) = to_micro(xy);
                zigzag(&mut out, lat as i64 - plat as i64);
                zigzag(&mut out, lng as i64 - plng as i64);
                (plat, plng) = (lat, lng);
            }
            shape_points += e.shape.len();
        }
    }
    let mut car_node = vec![false; g.nodes.len()];
    for e in g.edges.iter().filter(|e| e.attr.car) {
        car_node[e.from as usize] = true;
        car_node[e.to as usize] = true;
    }
    let mut lit: Vec<u32> = signals
        .iter()
        .filter_map(|&s| {
            order
                .iter()
                .filter(|&&v| car_node[v as usize])
                .map(|&v| {
                    let p = g.nodes[v as usize];
                    (((p.0 - s.0) as f64).hypot((p.1 - s.1) as f64), v)
                })
                .filter(|&(d, _)| d <= radius)
                .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
                .map(|(_, v)| new_id[v as usize])
        })
        .collect();
    lit.sort_unstable();
    lit.dedup();
    varint(&mut out, lit.len() as u64);
    let mut prev = 0;
    for &v in &lit {
        varint(&mut out, (v - prev) as u64);
        prev = v;
    }
    let summary = Summary {
        signals: lit.len(),
        nodes: order.len(),
        edges: edges.len(),
        shape_points,
    };
    (out, summary)
}
