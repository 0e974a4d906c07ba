// packed.ts: decoding a buffer built by hand per docs/ipc.md's layout table, zero-copy views,
// the encoder's round trip, and rejection of malformed buffers.
import { describe, expect, it } from "vitest";
import { decodePacked, encodePacked, joinWindows, packedByteLength, packedBytes, PackedFormatError } from "../../src/api/packed";

/** 3 points in 2 segments, written byte by byte following the table. */
function handBuilt(): ArrayBuffer {
  const n = 3, s = 2;
  const size = 16 + 8 * n * 3 + 8 * s + 4 * n * 3 + 4 * (s + 1) + n + n;
  const buf = new ArrayBuffer(size);
  const dv = new DataView(buf);
  [0x54, 0x4d, 0x50, 0x4b].forEach((b, i) => dv.setUint8(i, b)); // "TMPK"
  dv.setUint32(4, 1, true);
  dv.setUint32(8, n, true);
  dv.setUint32(12, s, true);
  let o = 16;
  for (const v of [1_718_345_520_000, 1_718_345_530_000, 1_718_345_540_000]) { dv.setFloat64(o, v, true); o += 8; }
  for (const v of [52.5, 52.51, 52.52]) { dv.setFloat64(o, v, true); o += 8; }
  for (const v of [13.4, 13.41, 13.42]) { dv.setFloat64(o, v, true); o += 8; }
  for (const v of [101, NaN]) { dv.setFloat64(o, v, true); o += 8; }
  for (const v of [10.5, NaN, 80]) { dv.setFloat32(o, v, true); o += 4; }
  for (const v of [34, 35, NaN]) { dv.setFloat32(o, v, true); o += 4; }
  for (const v of [90, 180, 270]) { dv.setFloat32(o, v, true); o += 4; }
  for (const v of [0, 2, 3]) { dv.setUint32(o, v, true); o += 4; }
  for (const v of [7, 255, 12]) dv.setUint8(o++, v);
  for (const v of [0, 1, 5]) dv.setUint8(o++, v);
  expect(o).toBe(size);
  return buf;
}

describe("decodePacked", () => {
  it("reads every column of a hand-built buffer", () => {
    const t = decodePacked(handBuilt());
    expect(t.n).toBe(3);
    expect(t.s).toBe(2);
    expect([...t.time]).toEqual([1_718_345_520_000, 1_718_345_530_000, 1_718_345_540_000]);
    expect([...t.lat]).toEqual([52.5, 52.51, 52.52]);
    expect([...t.lng]).toEqual([13.4, 13.41, 13.42]);
    expect(t.segmentId[0]).toBe(101);
    expect(Number.isNaN(t.segmentId[1])).toBe(true);
    expect(t.speed[0]).toBeCloseTo(10.5);
    expect(Number.isNaN(t.speed[1])).toBe(true);
    expect(t.altitude[1]).toBe(35);
    expect([...t.heading]).toEqual([90, 180, 270]);
    expect([...t.segmentStart]).toEqual([0, 2, 3]);
    expect([...t.satellites]).toEqual([7, 255, 12]);
    expect([...t.flags]).toEqual([0, 1, 5]);
  });

  it("wraps the reply without copying", () => {
    const buf = handBuilt();
    const t = decodePacked(buf);
    expect(t.lat.buffer).toBe(buf);
    expect(t.flags.buffer).toBe(buf);
  });

  it("accepts an aligned Uint8Array view and copies an unaligned one", () => {
    const buf = handBuilt();
    const big = new Uint8Array(buf.byteLength + 9);
    big.set(new Uint8Array(buf), 8);
    expect(decodePacked(new Uint8Array(big.buffer, 8, buf.byteLength)).lat[2]).toBe(52.52);
    big.set(new Uint8Array(buf), 1);
    expect(decodePacked(new Uint8Array(big.buffer, 1, buf.byteLength)).lng[1]).toBe(13.41);
  });

  it("round-trips the encoder used by the IPC mock", () => {
    const buf = encodePacked({ time: [1, 2], lat: [1.5, 2.5], lng: [3.5, 4.5], speed: [5, 6], flags: [1, 0], segmentStart: [0], segmentId: [9] });
    expect(buf.byteLength).toBe(packedByteLength(2, 1));
    const t = decodePacked(buf);
    expect([...t.lng]).toEqual([3.5, 4.5]);
    expect([...t.segmentStart]).toEqual([0, 2]);
    expect([...t.satellites]).toEqual([255, 255]);
  });

  it("decodes an empty track", () => {
    const t = decodePacked(encodePacked({ time: [], lat: [], lng: [], segmentStart: [], segmentId: [] }));
    expect(t.n).toBe(0);
    expect([...t.segmentStart]).toEqual([0]);
  });

  it("rejects bad magic, version and truncation", () => {
    const bad = handBuilt();
    new DataView(bad).setUint8(0, 0x58);
    expect(() => decodePacked(bad)).toThrow(PackedFormatError);
    const v2 = handBuilt();
    new DataView(v2).setUint32(4, 2, true);
    expect(() => decodePacked(v2)).toThrow(/version/);
    expect(() => decodePacked(handBuilt().slice(0, 40))).toThrow(/truncated/);
    expect(() => decodePacked("nope")).toThrow(PackedFormatError);
  });

  it("joins load_track's windows into one track cut by the reply's segments", () => {
    const win = (from: number, n: number) => {
      const idx = Array.from({ length: n }, (_, i) => from + i);
      return decodePacked(encodePacked({
        time: idx.map((i) => i * 1000), lat: idx.map((i) => 50 + i / 100), lng: idx.map((i) => 10 + i / 100),
        speed: idx.map((i) => i), altitude: idx.map((i) => 100 + i), heading: idx.map((i) => i % 360),
        satellites: idx.map((i) => i % 20), flags: idx.map((i) => i % 8), segmentStart: [0], segmentId: [NaN],
      }));
    };
    const t = joinWindows([win(0, 3), win(3, 4), win(7, 2)], [0, 5], [41, null]);
    expect(t.n).toBe(9);
    expect(t.s).toBe(2);
    expect([...t.time]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => i * 1000));
    expect([...t.lng]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => 10 + i / 100));
    expect([...t.speed]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...t.altitude]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => 100 + i));
    expect([...t.satellites]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...t.flags]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 0]);
    expect([...t.segmentStart]).toEqual([0, 5, 9]);
    expect(t.segmentId[0]).toBe(41);
    expect(t.segmentId[1]).toBeNaN();
    // One buffer of the packed layout: it decodes as the same track.
    expect(decodePacked(t.time.buffer).n).toBe(9);
    expect(t.time.buffer.byteLength).toBe(packedByteLength(9, 2));
    // No windows: an empty track; a table that does not match is refused, a start past the end clamped.
    expect(joinWindows([], [], []).n).toBe(0);
    expect(() => joinWindows([win(0, 2)], [0, 1], [1])).toThrow(PackedFormatError);
    expect([...joinWindows([win(0, 2)], [0, 7], [1, 2]).segmentStart]).toEqual([0, 2, 2]);
  });

  it("gives back the packed bytes a track was read from, for an export", () => {
    // A joined track: its own buffer, byte for byte.
    const win = (from: number, n: number) => {
      const idx = Array.from({ length: n }, (_, i) => from + i);
      return decodePacked(encodePacked({ time: idx, lat: idx, lng: idx, segmentStart: [0], segmentId: [NaN] }));
    };
    const t = joinWindows([win(0, 3), win(3, 4)], [0, 5], [41, null]);
    const bytes = packedBytes(t);
    expect(bytes.byteLength).toBe(packedByteLength(7, 2));
    expect(bytes.buffer).toBe(t.time.buffer);
    expect(Array.from(bytes)).toEqual(Array.from(new Uint8Array(t.time.buffer)));
    // A reply read where it lies in a larger buffer: only its own bytes, header first.
    const one = new Uint8Array(encodePacked({ time: [5, 6], lat: [1, 2], lng: [3, 4], segmentStart: [0], segmentId: [7] }));
    const big = new Uint8Array(64 + one.byteLength + 24);
    big.set(one, 64);
    const inner = decodePacked(new Uint8Array(big.buffer, 64, one.byteLength));
    expect(Array.from(packedBytes(inner))).toEqual(Array.from(one));
    expect(decodePacked(packedBytes(inner)).time[1]).toBe(6);
  });
});
