//! The packed binary form of a track (`TMPK` v1): little-endian columns, each aligned to its
//! element size, so a web view wraps every column in a typed array without copying or parsing.
//! The layout is the contract in `docs/ipc.md` ("Packed points"); `ui/src/api/packed.ts` reads it.
//!
//! ```text
//! 0   magic "TMPK" | 4 version u32 | 8 n (points) u32 | 12 s (segments) u32
//! 16  f64×n time (Unix ms) | f64×n lat | f64×n lng | f64×s segment id (NaN = none)
//!     f32×n speed km/h | f32×n altitude m | f32×n heading °   (NaN = unknown)
//!     u32×(s+1) segment starts | u8×n satellites (255 = unknown) | u8×n flags
//! ```
//! The 16-byte header and the widest-first column order keep every offset aligned.

use crate::{Point, Track};

/// The first four bytes.
pub const MAGIC: [u8; 4] = *b"TMPK";
/// The layout version this module writes and reads.
pub const VERSION: u32 = 1;
/// Header size in bytes.
pub const HEADER_LEN: usize = 16;
/// `satellites` value for "unknown".
pub const SATELLITES_UNKNOWN: u8 = 255;
/// Flag bits.
pub const FLAG_PARKING: u8 = 1;
pub const FLAG_GSM_LBS: u8 = 2;
pub const FLAG_BUFFERED: u8 = 4;

/// Byte offsets of every column for `n` points and `s` segments, and the total length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub time: usize,
    pub lat: usize,
    pub lng: usize,
    pub segment_ids: usize,
    pub speed: usize,
    pub alt: usize,
    pub heading: usize,
    pub starts: usize,
    pub satellites: usize,
    pub flags: usize,
    pub len: usize,
}

impl Layout {
    pub fn new(n: usize, s: usize) -> Layout {
        let time = HEADER_LEN;
        let lat = time + 8 * n;
        let lng = lat + 8 * n;
        let segment_ids = lng + 8 * n;
        let speed = segment_ids + 8 * s;
        let alt = speed + 4 * n;
        let heading = alt + 4 * n;
        let starts = heading + 4 * n;
        let satellites = starts + 4 * (s + 1);
        let flags = satellites + n;
        Layout {
            time,
            lat,
            lng,
            segment_ids,
            speed,
            alt,
            heading,
            starts,
            satellites,
            flags,
            len: flags + n,
        }
    }
}

/// A packed track read back into columns (what the UI sees as typed arrays).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Columns {
    pub time: Vec<f64>,
    pub lat: Vec<f64>,
    pub lng: Vec<f64>,
    pub segment_ids: Vec<f64>,
    pub speed: Vec<f32>,
    pub alt: Vec<f32>,
    pub heading: Vec<f32>,
    /// `s + 1` entries: segment `i` is points `starts[i]..starts[i + 1]`.
    pub starts: Vec<u32>,
    pub satellites: Vec<u8>,
    pub flags: Vec<u8>,
}

impl Columns {
    /// Number of points.
    pub fn len(&self) -> usize {
        self.time.len()
    }

    pub fn is_empty(&self) -> bool {
        self.time.is_empty()
    }
}

/// Why bytes are not a packed track.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnpackError {
    #[error("not a packed track (bad magic)")]
    Magic,
    #[error("packed track version {0} is not supported (expected {VERSION})")]
    Version(u32),
    #[error("packed track is {actual} bytes, its header says {expected}")]
    Length { expected: usize, actual: usize },
    #[error("segment starts are not increasing or exceed the point count")]
    Starts,
}

fn opt_f32(v: Option<f64>) -> f32 {
    v.map_or(f32::NAN, |v| v as f32)
}

/// Writes `N`-byte values into consecutive slots of a column.
#[inline(always)]
fn put<const N: usize>(col: &mut [u8], i: usize, bytes: [u8; N]) {
    col[i * N..i * N + N].copy_from_slice(&bytes);
}

/// Packs `track` (segments in order; segment id = `Segment::id` or NaN).
///
/// One pass over the points writes all columns at once: a `Point` is large (it carries an
/// optional address), so walking the points once per column would cost several times the memory
/// traffic for a million points.
///
/// # Panics
/// With more than `u32::MAX` points or segments (far beyond any track a server returns).
pub fn pack(track: &Track) -> Vec<u8> {
    let n: usize = track.segments.iter().map(|s| s.points.len()).sum();
    let s = track.segments.len();
    let n32 = u32::try_from(n).expect("at most u32::MAX points");
    let s32 = u32::try_from(s).expect("at most u32::MAX segments");
    let l = Layout::new(n, s);
    let mut buf = vec![0u8; l.len];

    let (header, rest) = buf.split_at_mut(l.time);
    let (time, rest) = rest.split_at_mut(8 * n);
    let (lat, rest) = rest.split_at_mut(8 * n);
    let (lng, rest) = rest.split_at_mut(8 * n);
    let (seg_ids, rest) = rest.split_at_mut(8 * s);
    let (speed, rest) = rest.split_at_mut(4 * n);
    let (alt, rest) = rest.split_at_mut(4 * n);
    let (heading, rest) = rest.split_at_mut(4 * n);
    let (starts, rest) = rest.split_at_mut(4 * (s + 1));
    let (sats, flags) = rest.split_at_mut(n);

    header[0..4].copy_from_slice(&MAGIC);
    header[4..8].copy_from_slice(&VERSION.to_le_bytes());
    header[8..12].copy_from_slice(&n32.to_le_bytes());
    header[12..16].copy_from_slice(&s32.to_le_bytes());

    let mut i = 0usize;
    for (si, seg) in track.segments.iter().enumerate() {
        put(
            seg_ids,
            si,
            seg.id.map_or(f64::NAN, |v| v as f64).to_le_bytes(),
        );
        put(starts, si, (i as u32).to_le_bytes());
        for p in &seg.points {
            write_point(p, i, time, lat, lng, speed, alt, heading, sats, flags);
            i += 1;
        }
    }
    put(starts, s, n32.to_le_bytes());
    buf
}

#[allow(clippy::too_many_arguments)] // one slot in each column; a struct would only rename them
#[inline(always)]
fn write_point(
    p: &Point,
    i: usize,
    time: &mut [u8],
    lat: &mut [u8],
    lng: &mut [u8],
    speed: &mut [u8],
    alt: &mut [u8],
    heading: &mut [u8],
    sats: &mut [u8],
    flags: &mut [u8],
) {
    put(time, i, (p.time.timestamp_millis() as f64).to_le_bytes());
    put(lat, i, p.lat.to_le_bytes());
    put(lng, i, p.lng.to_le_bytes());
    put(speed, i, opt_f32(p.speed).to_le_bytes());
    put(alt, i, opt_f32(p.alt).to_le_bytes());
    put(heading, i, opt_f32(p.heading).to_le_bytes());
    // 255 means unknown, so real counts stop at 254 (no receiver sees that many anyway).
    sats[i] = p
        .satellites
        .map_or(SATELLITES_UNKNOWN, |v| v.min(254) as u8);
    flags[i] = (p.parking as u8 * FLAG_PARKING)
        | (p.gsm_lbs as u8 * FLAG_GSM_LBS)
        | (p.buffered as u8 * FLAG_BUFFERED);
}

fn read_u32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

fn column<T, const N: usize>(b: &[u8], at: usize, count: usize, f: fn([u8; N]) -> T) -> Vec<T> {
    b[at..at + N * count]
        .chunks_exact(N)
        .map(|c| f(c.try_into().expect("chunk of N")))
        .collect()
}

/// Reads a packed track back into columns, checking magic, version, length and segment starts.
pub fn unpack(bytes: &[u8]) -> Result<Columns, UnpackError> {
    if bytes.len() < HEADER_LEN || bytes[0..4] != MAGIC {
        return Err(UnpackError::Magic);
    }
    let version = read_u32(bytes, 4);
    if version != VERSION {
        return Err(UnpackError::Version(version));
    }
    let n = read_u32(bytes, 8) as usize;
    let s = read_u32(bytes, 12) as usize;
    let l = Layout::new(n, s);
    if bytes.len() != l.len {
        return Err(UnpackError::Length {
            expected: l.len,
            actual: bytes.len(),
        });
    }
    let cols = Columns {
        time: column(bytes, l.time, n, f64::from_le_bytes),
        lat: column(bytes, l.lat, n, f64::from_le_bytes),
        lng: column(bytes, l.lng, n, f64::from_le_bytes),
        segment_ids: column(bytes, l.segment_ids, s, f64::from_le_bytes),
        speed: column(bytes, l.speed, n, f32::from_le_bytes),
        alt: column(bytes, l.alt, n, f32::from_le_bytes),
        heading: column(bytes, l.heading, n, f32::from_le_bytes),
        starts: column(bytes, l.starts, s + 1, u32::from_le_bytes),
        satellites: bytes[l.satellites..l.satellites + n].to_vec(),
        flags: bytes[l.flags..l.flags + n].to_vec(),
    };
    let increasing = cols.starts.windows(2).all(|w| w[0] <= w[1]);
    if cols.starts.first() != Some(&0) || cols.starts.last() != Some(&(n as u32)) || !increasing {
        return Err(UnpackError::Starts);
    }
    Ok(cols)
}
