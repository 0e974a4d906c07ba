//! A minimal Mapbox Vector Tile (protobuf) reader: layers, features, tags and line
//! geometries — just what the road-graph build needs, so the build has no dependencies.

use std::collections::BTreeMap;

/// One tag value as the tile stores it; numbers are kept as text (tags are compared as OSM
/// strings, and `maxspeed` is parsed later).
pub type Tags = BTreeMap<String, String>;

pub struct Feature {
    pub tags: Tags,
    /// 1 point, 2 line string, 3 polygon.
    pub geom_type: u32,
    /// Parts (one per MoveTo) in tile coordinates `0..extent`.
    pub parts: Vec<Vec<(i64, i64)>>,
}

pub struct Layer {
    pub extent: u32,
    pub features: Vec<Feature>,
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    fn done(&self) -> bool {
        self.pos >= self.buf.len()
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.buf.get(self.pos).ok_or("truncated varint")?;
            self.pos += 1;
            v |= ((b & 0x7f) as u64) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err("varint too long".into())
    }

    fn bytes(&mut self) -> Result<&'a [u8], String> {
        let n = self.varint()? as usize;
        let end = self.pos.checked_add(n).filter(|&e| e <= self.buf.len());
        let end = end.ok_or("truncated field")?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    /// (field number, wire type).
    fn key(&mut self) -> Result<(u32, u8), String> {
        let k = self.varint()?;
        Ok(((k >> 3) as u32, (k & 7) as u8))
    }

    fn skip(&mut self, wire: u8) -> Result<(), String> {
        match wire {
            0 => {
                self.varint()?;
            }
            1 => self.pos += 8,
            2 => {
                self.bytes()?;
            }
            5 => self.pos += 4,
            w => return Err(format!("unsupported wire type {w}")),
        }
        if self.pos > self.buf.len() {
            return Err("truncated fixed field".into());
        }
        Ok(())
    }

    fn packed(&mut self) -> Result<Vec<u32>, String> {
        let mut r = Reader::new(self.bytes()?);
        let mut out = Vec::new();
        while !r.done() {
            out.push(r.varint()? as u32);
        }
        Ok(out)
    }
}

fn string(b: &[u8]) -> Result<String, String> {
    String::from_utf8(b.to_vec()).map_err(|e| e.to_string())
}

fn value(b: &[u8]) -> Result<String, String> {
    let mut r = Reader::new(b);
    let mut out = String::new();
    while !r.done() {
        let (field, wire) = r.key()?;
        out = match (field, wire) {
            (1, 2) => string(r.bytes()?)?,
            (2, 5) => {
                let v = f32::from_le_bytes(r.buf[r.pos..r.pos + 4].try_into().unwrap());
                r.pos += 4;
                v.to_string()
            }
            (3, 1) => {
                let v = f64::from_le_bytes(r.buf[r.pos..r.pos + 8].try_into().unwrap());
                r.pos += 8;
                v.to_string()
            }
            (4, 0) | (5, 0) => (r.varint()? as i64).to_string(),
            (6, 0) => zigzag(r.varint()?).to_string(),
            (7, 0) => (r.varint()? != 0).to_string(),
            (_, w) => {
                r.skip(w)?;
                continue;
            }
        };
    }
    Ok(out)
}

fn zigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// Decodes the command stream of a geometry into parts (ClosePath repeats the first vertex).
fn geometry(cmds: &[u32]) -> Result<Vec<Vec<(i64, i64)>>, String> {
    let (mut x, mut y) = (0i64, 0i64);
    let mut parts: Vec<Vec<(i64, i64)>> = Vec::new();
    let mut i = 0;
    while i < cmds.len() {
        let (id, count) = (cmds[i] & 7, (cmds[i] >> 3) as usize);
        i += 1;
        match id {
            1 | 2 => {
                for _ in 0..count {
                    let (dx, dy) = (cmds.get(i), cmds.get(i + 1));
                    let (Some(&dx), Some(&dy)) = (dx, dy) else {
                        return Err("truncated geometry".into());
                    };
                    i += 2;
                    x += zigzag(dx as u64);
                    y += zigzag(dy as u64);
                    if id == 1 {
                        parts.push(Vec::new());
                    }
                    parts.last_mut().ok_or("LineTo before MoveTo")?.push((x, y));
                }
            }
            7 => {
                if let Some(p) = parts.last_mut() {
                    if let Some(&first) = p.first() {
                        p.push(first);
                    }
                }
            }
            c => return Err(format!("unknown geometry command {c}")),
        }
    }
    Ok(parts)
}

fn layer(b: &[u8]) -> Result<Layer, String> {
    let mut r = Reader::new(b);
    let mut extent = 4096u32;
    let (mut keys, mut values) = (Vec::new(), Vec::new());
    // Features refer to keys/values by index, and those may come after them: decode last.
    let mut raw_features = Vec::new();
    while !r.done() {
        match r.key()? {
            (2, 2) => raw_features.push(r.bytes()?),
            (3, 2) => keys.push(string(r.bytes()?)?),
            (4, 2) => values.push(value(r.bytes()?)?),
            (5, 0) => extent = r.varint()? as u32,
            (_, w) => r.skip(w)?,
        }
    }
    let mut features = Vec::with_capacity(raw_features.len());
    for fb in raw_features {
        let mut f = Reader::new(fb);
        let (mut tags, mut geom_type, mut cmds) = (Tags::new(), 0u32, Vec::new());
        while !f.done() {
            match f.key()? {
                (2, 2) => {
                    let t = f.packed()?;
                    for kv in t.chunks_exact(2) {
                        let k = keys.get(kv[0] as usize).ok_or("bad key index")?;
                        let v = values.get(kv[1] as usize).ok_or("bad value index")?;
                        tags.insert(k.clone(), v.clone());
                    }
                }
                (3, 0) => geom_type = f.varint()? as u32,
                (4, 2) => cmds = f.packed()?,
                (_, w) => f.skip(w)?,
            }
        }
        features.push(Feature {
            tags,
            geom_type,
            parts: geometry(&cmds)?,
        });
    }
    Ok(Layer { extent, features })
}

/// Every layer of one tile.
pub fn decode(tile: &[u8]) -> Result<Vec<Layer>, String> {
    let mut r = Reader::new(tile);
    let mut layers = Vec::new();
    while !r.done() {
        match r.key()? {
            (3, 2) => layers.push(layer(r.bytes()?)?),
            (_, w) => r.skip(w)?,
        }
    }
    Ok(layers)
}
