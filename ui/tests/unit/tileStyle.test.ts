// The basemap helpers: the attribution is escaped before MapLibre renders it as HTML, the source
// takes the tile source's zooms and size, and a failed request's status names the notice.
import { describe, expect, it } from "vitest";
import { basemapSource, baseStyle, escapeHtml, troubleFromKind, troubleFromStatus } from "../../src/map/style";

describe("basemap", () => {
  it("starts with the background only (nothing is fetched before Rust names the source)", () => {
    expect(baseStyle().sources).toEqual({});
    expect(baseStyle().layers.map((l) => l.id)).toEqual(["background"]);
  });

  it("escapes the attribution and takes the source's zooms and tile size", () => {
    const s = basemapSource({ id: "x", attribution: '<img src=x onerror="a()"> © A & B', minZoom: 2, maxZoom: 12, tileSize: 512 }, "tiles://localhost/x/{z}/{x}/{y}");
    expect(s.attribution).toBe("&#60;img src=x onerror=&#34;a()&#34;&#62; © A &#38; B");
    expect([s.minzoom, s.maxzoom, s.tileSize, s.tiles]).toEqual([2, 12, 512, ["tiles://localhost/x/{z}/{x}/{y}"]]);
    expect(escapeHtml("© OpenStreetMap contributors")).toBe("© OpenStreetMap contributors");
  });

  it("maps statuses and kinds to the notice", () => {
    expect([503, 401, 403, 429, 502, 500, 0, undefined].map(troubleFromStatus)).toEqual([
      "offline",
      "key_missing",
      "forbidden",
      "rate_limited",
      "bad_reply",
      "error",
      "unknown",
      "unknown",
    ]);
    expect(troubleFromKind("rate_limited")).toBe("rate_limited");
    expect(troubleFromKind("not_found")).toBe("unknown");
  });
});
