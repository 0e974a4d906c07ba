// Owns writing a PMTiles v3 archive (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md):
// the 127-byte header, one root directory (no leaf directories: a few hundred tiles fit in the
// first 16 KiB), gzip'd JSON metadata, then the gzip'd tiles clustered in tile-id order with
// identical tiles stored once. Deterministic: fflate's pure-JS deflate at a fixed level and a
// gzip header with mtime 0, so the bytes do not depend on the machine or the time.
import { gzipSync } from "fflate";
import { zxyToTileId } from "pmtiles";

const HEADER_BYTES = 127;
const ROOT_LIMIT = 16384;

/** Gzip with a fixed level and no timestamp (header mtime 0, OS byte fixed by fflate). */
export function gzip(bytes) {
  return gzipSync(bytes, { level: 9, mtime: 0 });
}

function varint(out, n) {
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

/** The directory of `entries` (sorted by tileId), as the spec encodes it, uncompressed. */
export function encodeDirectory(entries) {
  const out = [];
  varint(out, entries.length);
  let last = 0;
  for (const e of entries) {
    varint(out, e.tileId - last);
    last = e.tileId;
  }
  for (const e of entries) varint(out, e.runLength);
  for (const e of entries) varint(out, e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    varint(out, i > 0 && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return Uint8Array.from(out);
}

const e7 = (deg) => Math.round(deg * 1e7);

/**
 * The archive's bytes.
 * `tiles`: [{ z, x, y, data: Uint8Array (uncompressed MVT) }]; `header`: { minZoom, maxZoom,
 * bounds: [w, s, e, n], center: [lon, lat, zoom] }; `metadata`: a JSON-able object.
 */
export function writePmtiles(tiles, header, metadata) {
  const sorted = tiles.map((t) => ({ ...t, tileId: zxyToTileId(t.z, t.x, t.y) })).sort((a, b) => a.tileId - b.tileId);
  const blobs = [];
  const byContent = new Map();
  const entries = [];
  let offset = 0;
  for (const t of sorted) {
    const gz = gzip(t.data);
    const key = Buffer.from(gz).toString("base64");
    let at = byContent.get(key);
    if (!at) {
      at = { offset, length: gz.length };
      byContent.set(key, at);
      blobs.push(gz);
      offset += gz.length;
    }
    const prev = entries[entries.length - 1];
    if (prev && prev.tileId + prev.runLength === t.tileId && prev.offset === at.offset) prev.runLength++;
    else entries.push({ tileId: t.tileId, offset: at.offset, length: at.length, runLength: 1 });
  }
  const root = gzip(encodeDirectory(entries));
  if (HEADER_BYTES + root.length > ROOT_LIMIT) throw new Error(`root directory too large (${root.length} bytes): leaf directories needed`);
  const meta = gzip(new TextEncoder().encode(JSON.stringify(metadata)));

  const rootOffset = HEADER_BYTES;
  const metaOffset = rootOffset + root.length;
  const dataOffset = metaOffset + meta.length;
  const total = dataOffset + offset;
  const buf = new Uint8Array(total);
  const view = new DataView(buf.buffer);
  buf.set(new TextEncoder().encode("PMTiles"), 0);
  view.setUint8(7, 3);
  const u64 = (at, n) => {
    view.setUint32(at, n % 2 ** 32, true);
    view.setUint32(at + 4, Math.floor(n / 2 ** 32), true);
  };
  u64(8, rootOffset);
  u64(16, root.length);
  u64(24, metaOffset);
  u64(32, meta.length);
  u64(40, dataOffset); // leaf directories: none (offset where they would start, length 0)
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, offset);
  u64(72, sorted.length); // addressed tiles
  u64(80, entries.length); // tile entries
  u64(88, blobs.length); // tile contents
  view.setUint8(96, 1); // clustered
  view.setUint8(97, 2); // internal compression: gzip
  view.setUint8(98, 2); // tile compression: gzip
  view.setUint8(99, 1); // tile type: MVT
  view.setUint8(100, header.minZoom);
  view.setUint8(101, header.maxZoom);
  const [w, s, e, n] = header.bounds;
  view.setInt32(102, e7(w), true);
  view.setInt32(106, e7(s), true);
  view.setInt32(110, e7(e), true);
  view.setInt32(114, e7(n), true);
  view.setUint8(118, header.center[2]);
  view.setInt32(119, e7(header.center[0]), true);
  view.setInt32(123, e7(header.center[1]), true);
  buf.set(root, rootOffset);
  buf.set(meta, metaOffset);
  let at = dataOffset;
  for (const b of blobs) {
    buf.set(b, at);
    at += b.length;
  }
  return buf;
}
