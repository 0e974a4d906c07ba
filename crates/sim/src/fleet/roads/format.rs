//! The road-graph file (`crates/sim/data/astana-roads.bin`, written by the `build_roads`
//! example): its layout and its decoder.
//!
//! All integers are LEB128 varints; signed ones are zigzag-coded. Coordinates are
//! micro-degrees (about 0.1 m), each a delta from the previous coordinate in its run.
//!
//! ```text
//! "TMRG" u8 version=1
//! node_count, edge_count
//! node_count × (Δlat, Δlng)                  nodes in Z-order, deltas from the previous node
//! node_count × (out_count, out_count × edge)  each node's outgoing edges, nodes in order
//!   edge = Δto (to − from), flags u8, [maxspeed u8 if flags bit 5],
//!          shape_count, shape_count × (Δlat, Δlng)   interior vertices, deltas from `from`
//! signal_count, signal_count × Δnode          nodes with traffic signals, ascending
//! ```
//! flags: bits 0–3 class (0 motorway, 1 motorway_link, 2 trunk, 3 trunk_link, 4 primary,
//! 5 primary_link, 6 secondary, 7 secondary_link, 8 tertiary, 9 tertiary_link,
//! 10 unclassified, 11 residential, 12 living_street, 13 service, 14 footway/pedestrian/steps,
//! 15 path/cycleway/track); bit 4 one-way for cars (only from → to); bit 5 maxspeed tagged;
//! bit 6 cars may use it (inside the largest strongly-connected driving component); bit 7
//! people may walk it (inside the largest walking component).

use super::super::geo::{LatLng, ll};

pub const MAGIC: &[u8; 4] = b"TMRG";
pub const VERSION: u8 = 1;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RawEdge {
    pub from: u32,
    pub to: u32,
    pub class: u8,
    pub oneway: bool,
    /// Tagged limit, km/h.
    pub maxspeed: Option<u8>,
    pub car: bool,
    pub foot: bool,
    /// Range of interior vertices in `RawGraph::shape`.
    pub shape: (u32, u32),
}

#[derive(Debug, Default)]
pub struct RawGraph {
    pub nodes: Vec<LatLng>,
    pub edges: Vec<RawEdge>,
    pub shape: Vec<LatLng>,
    pub signals: Vec<u32>,
}

struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self.buf.get(self.pos).ok_or("unexpected end of file")?;
        self.pos += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= ((b & 0x7f) as u64) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err("varint too long".into())
    }

    fn zigzag(&mut self) -> Result<i64, String> {
        let v = self.varint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }

    fn count(&mut self, what: &str, max: usize) -> Result<usize, String> {
        let n = self.varint()? as usize;
        if n > max {
            return Err(format!("{what} count {n} is implausible"));
        }
        Ok(n)
    }
}

fn micro(lat: i64, lng: i64) -> LatLng {
    ll(lat as f64 * 1e-6, lng as f64 * 1e-6)
}

pub fn decode(buf: &[u8]) -> Result<RawGraph, String> {
    if buf.len() < 5 || &buf[..4] != MAGIC {
        return Err("not a road graph (bad magic)".into());
    }
    if buf[4] != VERSION {
        return Err(format!(
            "road graph version {} (expected {VERSION})",
            buf[4]
        ));
    }
    let mut c = Cursor { buf, pos: 5 };
    let n = c.count("node", buf.len())?;
    let m = c.count("edge", buf.len())?;
    let mut g = RawGraph {
        nodes: Vec::with_capacity(n),
        edges: Vec::with_capacity(m),
        ..RawGraph::default()
    };
    let (mut lat, mut lng) = (0i64, 0i64);
    let mut micros = Vec::with_capacity(n);
    for _ in 0..n {
        lat += c.zigzag()?;
        lng += c.zigzag()?;
        micros.push((lat, lng));
        g.nodes.push(micro(lat, lng));
    }
    for from in 0..n as u32 {
        let out = c.count("out-edge", m)?;
        for _ in 0..out {
            let to = from as i64 + c.zigzag()?;
            if !(0..n as i64).contains(&to) {
                return Err(format!("edge from {from} to missing node {to}"));
            }
            let flags = c.byte()?;
            let maxspeed = if flags & 0x20 != 0 {
                Some(c.byte()?)
            } else {
                None
            };
            let k = c.count("shape", buf.len())?;
            let start = g.shape.len() as u32;
            let (mut plat, mut plng) = micros[from as usize];
            for _ in 0..k {
                plat += c.zigzag()?;
                plng += c.zigzag()?;
                g.shape.push(micro(plat, plng));
            }
            g.edges.push(RawEdge {
                from,
                to: to as u32,
                class: flags & 0x0f,
                oneway: flags & 0x10 != 0,
                maxspeed,
                car: flags & 0x40 != 0,
                foot: flags & 0x80 != 0,
                shape: (start, g.shape.len() as u32),
            });
        }
    }
    if g.edges.len() != m {
        return Err(format!("{} edges read, header says {m}", g.edges.len()));
    }
    let s = c.count("signal", n)?;
    let mut node = 0i64;
    for _ in 0..s {
        node += c.varint()? as i64;
        if node >= n as i64 {
            return Err(format!("signal at missing node {node}"));
        }
        g.signals.push(node as u32);
    }
    if c.pos != buf.len() {
        return Err(format!("{} trailing bytes", buf.len() - c.pos));
    }
    Ok(g)
}
