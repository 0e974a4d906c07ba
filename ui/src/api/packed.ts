// Decoder of the packed binary tracks (docs/ipc.md, "Packed points": load_track's windows, a
// file's track, a live trail): wraps each column of the little-endian, aligned buffer in a typed
// array view without copying; `joinWindows` puts a track read in windows together once.

export interface PackedTrack {
  /** Number of points. */
  readonly n: number;
  /** Number of segments (trips). */
  readonly s: number;
  /** Unix milliseconds. */
  readonly time: Float64Array;
  readonly lat: Float64Array;
  readonly lng: Float64Array;
  /** Trip id per segment; NaN when none. */
  readonly segmentId: Float64Array;
  /** km/h, NaN = unknown. */
  readonly speed: Float32Array;
  /** metres, NaN = unknown. */
  readonly altitude: Float32Array;
  /** degrees, NaN = unknown. */
  readonly heading: Float32Array;
  /** s + 1 entries; segment i is points [segmentStart[i], segmentStart[i+1]). */
  readonly segmentStart: Uint32Array;
  /** 255 = unknown. */
  readonly satellites: Uint8Array;
  /** bit 0 parking, bit 1 gsm_lbs, bit 2 buffered. */
  readonly flags: Uint8Array;
}

/**
 * Points `[a, b)` of segment `seg`. The end is clamped to `n`, so a segment table that runs past
 * the points never reads past them; `b <= a` for an empty segment. The one place the table is
 * read, for the map, the chart, the timeline and the replay.
 */
export function segmentRange(t: Pick<PackedTrack, "n" | "segmentStart">, seg: number): [number, number] {
  return [t.segmentStart[seg] as number, Math.min(t.segmentStart[seg + 1] as number, t.n)];
}

export const PACKED_MAGIC = "TMPK";
export const PACKED_VERSION = 1;
export const HEADER_BYTES = 16;
export const FLAG_PARKING = 1;
export const FLAG_GSM_LBS = 2;
export const FLAG_BUFFERED = 4;

export class PackedFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PackedFormatError";
  }
}

/** Total byte length of a packed buffer with n points and s segments. */
export function packedByteLength(n: number, s: number): number {
  return HEADER_BYTES + 8 * (3 * n + s) + 4 * (3 * n) + 4 * (s + 1) + 2 * n;
}

/** Accepts what invoke may hand back (ArrayBuffer, a view, or in mocks a number array). */
export function toArrayBuffer(raw: unknown): { buffer: ArrayBuffer; offset: number; length: number } {
  if (raw instanceof ArrayBuffer) return { buffer: raw, offset: 0, length: raw.byteLength };
  if (ArrayBuffer.isView(raw)) {
    // A view at an unaligned offset cannot back Float64Array views: copy once in that case.
    if (raw.byteOffset % 8 !== 0 || !(raw.buffer instanceof ArrayBuffer)) {
      const copy = new Uint8Array(raw.byteLength);
      copy.set(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
      return { buffer: copy.buffer, offset: 0, length: copy.byteLength };
    }
    return { buffer: raw.buffer, offset: raw.byteOffset, length: raw.byteLength };
  }
  if (Array.isArray(raw)) {
    const copy = Uint8Array.from(raw as number[]);
    return { buffer: copy.buffer, offset: 0, length: copy.byteLength };
  }
  throw new PackedFormatError("load_track did not return binary data");
}

export function decodePacked(raw: unknown): PackedTrack {
  const { buffer, offset: base, length } = toArrayBuffer(raw);
  if (length < HEADER_BYTES) throw new PackedFormatError(`packed track too short: ${length} bytes`);
  const dv = new DataView(buffer, base, length);
  const magic = String.fromCharCode(dv.getUint8(0), dv.getUint8(1), dv.getUint8(2), dv.getUint8(3));
  if (magic !== PACKED_MAGIC) throw new PackedFormatError(`bad magic ${JSON.stringify(magic)}`);
  const version = dv.getUint32(4, true);
  if (version !== PACKED_VERSION) throw new PackedFormatError(`unsupported packed version ${version}`);
  const n = dv.getUint32(8, true);
  const s = dv.getUint32(12, true);
  const expected = packedByteLength(n, s);
  if (length < expected) throw new PackedFormatError(`packed track truncated: ${length} of ${expected} bytes`);

  let at = base + HEADER_BYTES;
  const f64 = (count: number): Float64Array => {
    const a = new Float64Array(buffer, at, count);
    at += 8 * count;
    return a;
  };
  const f32 = (count: number): Float32Array => {
    const a = new Float32Array(buffer, at, count);
    at += 4 * count;
    return a;
  };
  const time = f64(n);
  const lat = f64(n);
  const lng = f64(n);
  const segmentId = f64(s);
  const speed = f32(n);
  const altitude = f32(n);
  const heading = f32(n);
  const segmentStart = new Uint32Array(buffer, at, s + 1);
  at += 4 * (s + 1);
  const satellites = new Uint8Array(buffer, at, n);
  at += n;
  const flags = new Uint8Array(buffer, at, n);
  return { n, s, time, lat, lng, segmentId, speed, altitude, heading, segmentStart, satellites, flags };
}

/**
 * The packed buffer `t`'s columns are views of, as `decodePacked` read it (header included): what
 * the page sends back to the app (an export). Every track the page holds is such a buffer.
 */
export function packedBytes(t: PackedTrack): Uint8Array {
  const start = t.time.byteOffset - HEADER_BYTES;
  if (start < 0) throw new PackedFormatError("the track's columns are not in a packed buffer");
  return new Uint8Array(t.time.buffer, start, packedByteLength(t.n, t.s));
}

/** Little-endian host check: typed arrays use the host's byte order, the format is little-endian. */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export interface PackInput {
  time: ArrayLike<number>;
  lat: ArrayLike<number>;
  lng: ArrayLike<number>;
  speed?: ArrayLike<number>;
  altitude?: ArrayLike<number>;
  heading?: ArrayLike<number>;
  satellites?: ArrayLike<number>;
  flags?: ArrayLike<number>;
  /** Segment starts (s entries, first 0); the final n is appended. */
  segmentStart: ArrayLike<number>;
  segmentId: ArrayLike<number>;
}

/** A zeroed buffer of the packed layout for `n` points and `s` segments, its header written. */
function packedBuffer(n: number, s: number): ArrayBuffer {
  const buf = new ArrayBuffer(packedByteLength(n, s));
  const dv = new DataView(buf);
  for (let i = 0; i < 4; i++) dv.setUint8(i, PACKED_MAGIC.charCodeAt(i));
  dv.setUint32(4, PACKED_VERSION, true);
  dv.setUint32(8, n, true);
  dv.setUint32(12, s, true);
  return buf;
}

/** Encoder with the same layout (for tests, the browser-test IPC mock, and the GPU layer's warm-up track). */
export function encodePacked(p: PackInput): ArrayBuffer {
  const n = p.time.length;
  const s = p.segmentId.length;
  const buf = packedBuffer(n, s);
  const dv = new DataView(buf);
  let at = HEADER_BYTES;
  const f64 = (src: ArrayLike<number> | undefined, count: number) => {
    for (let i = 0; i < count; i++) dv.setFloat64(at + 8 * i, src ? (src[i] ?? NaN) : NaN, true);
    at += 8 * count;
  };
  const f32 = (src: ArrayLike<number> | undefined) => {
    for (let i = 0; i < n; i++) dv.setFloat32(at + 4 * i, src ? (src[i] ?? NaN) : NaN, true);
    at += 4 * n;
  };
  f64(p.time, n);
  f64(p.lat, n);
  f64(p.lng, n);
  f64(p.segmentId, s);
  f32(p.speed);
  f32(p.altitude);
  f32(p.heading);
  for (let i = 0; i < s; i++) dv.setUint32(at + 4 * i, p.segmentStart[i] ?? 0, true);
  dv.setUint32(at + 4 * s, n, true);
  at += 4 * (s + 1);
  for (let i = 0; i < n; i++) dv.setUint8(at + i, p.satellites ? (p.satellites[i] ?? 255) : 255);
  at += n;
  for (let i = 0; i < n; i++) dv.setUint8(at + i, p.flags ? (p.flags[i] ?? 0) : 0);
  return buf;
}

/**
 * The track put together from the windows `load_track` sent (each a packed track of one
 * segment, in order): their points one after the other in one new buffer of the packed layout,
 * cut into the reply's segments (`segmentIds[i]` starts at `segmentStarts[i]`; null: no trip).
 * The windows can be dropped afterwards: the page keeps one copy.
 */
export function joinWindows(windows: readonly PackedTrack[], segmentStarts: readonly number[], segmentIds: readonly (number | null)[]): PackedTrack {
  let n = 0;
  for (const w of windows) n += w.n;
  const s = segmentIds.length;
  if (segmentStarts.length !== s) throw new PackedFormatError(`${segmentStarts.length} segment starts for ${s} segments`);
  const out = decodePacked(packedBuffer(n, s));
  let at = 0;
  for (const w of windows) {
    out.time.set(w.time, at);
    out.lat.set(w.lat, at);
    out.lng.set(w.lng, at);
    out.speed.set(w.speed, at);
    out.altitude.set(w.altitude, at);
    out.heading.set(w.heading, at);
    out.satellites.set(w.satellites, at);
    out.flags.set(w.flags, at);
    at += w.n;
  }
  for (let i = 0; i < s; i++) {
    out.segmentId[i] = segmentIds[i] ?? NaN;
    // A start past the points (a reply that does not match its windows) is clamped, as
    // `segmentRange` clamps the end.
    out.segmentStart[i] = Math.min(segmentStarts[i] as number, n);
  }
  out.segmentStart[s] = n;
  return out;
}
