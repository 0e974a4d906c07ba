// File names offered for export (opened files are named by Rust, see PickedFile).
import { describe, expect, it } from "vitest";
import { exportFileName } from "../../src/state/insight.svelte";

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
