// The overlay layers' GeoJSON: geodesic circles, corridor widths in metres, polygons closed,
// events by category with their list index, stops.
import { describe, expect, it } from "vitest";
import { circleRing, eventCategory, eventFeatures, metresToPixelsZ0, placeFeatures, stopFeatures, zoneFeatures } from "../../src/lib/geoFeatures";
import type { EventRow, ZoneShape } from "../../src/api";

/** Great-circle distance in metres on the sphere the app measures on (6,371,008.8 m): the check
 *  is written here, apart from circleRing's destination-point formula it checks. */
function haversineM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const r = Math.PI / 180;
  const h = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lng2 - lng1) * r) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

describe("circleRing", () => {
  it("puts every vertex at the radius from the centre and closes the ring", () => {
    const ring = circleRing(51.13, 71.43, 500, 32);
    expect(ring).toHaveLength(33);
    expect(ring[0]).toEqual(ring[32]);
    for (const [lng, lat] of ring) expect(haversineM(51.13, 71.43, lat, lng)).toBeCloseTo(500, 0);
  });
});

describe("metresToPixelsZ0", () => {
  it("covers the metres at every zoom: width × 2^z pixels × metres-per-pixel at z", () => {
    const lat = 51.13;
    const w0 = metresToPixelsZ0(200, lat);
    const z = 15;
    const metresPerPixel = ((2 * Math.PI * 6378137) / (512 * 2 ** z)) * Math.cos((lat * Math.PI) / 180);
    expect(w0 * 2 ** z * metresPerPixel).toBeCloseTo(200, 6);
  });
});

describe("zoneFeatures", () => {
  const zones: ZoneShape[] = [
    { id: 1, label: "Depot", kind: "circle", color: "#ff0000", radius: 300, center: { lat: 51.1, lng: 71.4 }, points: [] },
    { id: 2, label: "Yard", kind: "polygon", color: null, radius: null, center: null, points: [{ lat: 51, lng: 71 }, { lat: 51, lng: 71.1 }, { lat: 51.1, lng: 71.1 }] },
    { id: 3, label: "Route", kind: "sausage", color: "#00ff00", radius: 50, center: null, points: [{ lat: 51, lng: 71 }, { lat: 51.05, lng: 71.05 }] },
    { id: 4, label: "Broken", kind: "polygon", color: null, radius: null, center: null, points: [{ lat: 51, lng: 71 }] },
  ];
  it("draws circles and polygons as areas and corridors as lines with their metre width", () => {
    const f = zoneFeatures(zones);
    expect(f.areas.features.map((x) => x.properties.id)).toEqual([1, 2]);
    const poly = f.areas.features[1]!.geometry as { coordinates: number[][][] };
    expect(poly.coordinates[0]![0]).toEqual(poly.coordinates[0]![3]); // closed
    expect(f.areas.features[1]!.properties.color).toBe("#2563eb"); // default colour
    expect(f.corridors.features).toHaveLength(1);
    expect(f.corridors.features[0]!.properties.widthZ0).toBeCloseTo(metresToPixelsZ0(100, 51.025), 9);
    expect(f.labels.features).toHaveLength(3);
  });
});

describe("events and stops", () => {
  const ev = (event: string, lat: number | null): EventRow => ({ id: 1, objectId: 7, time: "2024-06-14T08:00:00+05:00", event, message: event, lat, lng: lat === null ? null : 71, address: "" });
  it("maps known types to categories and unknown ones to other", () => {
    expect(eventCategory("speedup")).toBe("speed");
    expect(eventCategory("inzone")).toBe("zone");
    expect(eventCategory("sos")).toBe("alarm");
    expect(eventCategory("something_new")).toBe("other");
  });
  it("keeps the list index of events with a position and skips the others", () => {
    const f = eventFeatures([ev("speedup", 51), ev("offline", null), ev("inzone", 52)]);
    expect(f.features.map((x) => x.properties.index)).toEqual([0, 2]);
    expect(f.features[1]!.properties.category).toBe("zone");
  });
  it("builds stop and place points", () => {
    const s = stopFeatures([{ kind: "parking", start: "", end: "", durationS: 600, lat: 51, lng: 71, address: null, pointIndex: 3 }]);
    expect(s.features[0]!.geometry).toEqual({ type: "Point", coordinates: [71, 51] });
    expect(s.features[0]!.properties.kind).toBe("parking");
    const p = placeFeatures([{ id: 9, label: "Shop", lat: 1, lng: 2, radius: null, address: "Main st", description: null }]);
    expect(p.features[0]!.properties).toMatchObject({ id: 9, label: "Shop", radius: 0 });
  });
});
