// File names offered for export and shown for opened files.
import { describe, expect, it } from "vitest";
import { baseName, exportFileName } from "../../src/state/insight.svelte";

describe("exportFileName", () => {
  it("uses the label with the format's extension", () => {
    expect(exportFileName("Van 01", "gpx")).toBe("Van 01.gpx");
    expect(exportFileName("Van 01", "geojson")).toBe("Van 01.geojson");
  });
  it("drops characters file systems refuse and falls back to 'track'", () => {
    expect(exportFileName('a/b:c*?"<>|d', "kml")).toBe("a b c d.kml");
    expect(exportFileName("  ", "csv")).toBe("track.csv");
  });
});

describe("baseName", () => {
  it("takes the last segment with either separator", () => {
    expect(baseName("/home/me/trip.gpx")).toBe("trip.gpx");
    expect(baseName("C:\\Users\\me\\trip.kml")).toBe("trip.kml");
  });
});
