// The map's tiles: typed wrappers of the tile-source commands (docs/ipc.md) and the base URL of
// the app's `tiles://` scheme, which differs per platform (Tauri's convertFileSrc knows how).
import { convertFileSrc } from "@tauri-apps/api/core";
import type { TileSourceInfo } from "./bindings/TileSourceInfo";
import type { TileSourceRequest } from "./bindings/TileSourceRequest";
import type { TileStatus } from "./bindings/TileStatus";
import { call } from "./commands";

/** The custom scheme Rust serves tiles on (service/tiles.rs `SCHEME`). */
export const TILE_SCHEME = "tiles";

/** The source in use (its id is the path segment of its tile URLs). */
export function getTileSource(): Promise<TileSourceInfo> {
  return call("get_tile_source");
}

/** Chooses the map source; a custom one is validated in Rust (kind `tiles` with the reason). */
export function setTileSource(source: TileSourceRequest): Promise<TileSourceInfo> {
  return call("set_tile_source", { source });
}

/** The latest tile problem (offline, refused, rate limited, ...) and the offline cache's use. */
export function tileStatus(): Promise<TileStatus> {
  return call("tile_status");
}

/**
 * `tiles://localhost/` on Linux and macOS, `http://tiles.localhost/` on Windows and Android
 * (Tauri maps custom schemes that way there). Outside Tauri (a plain browser without the IPC
 * mock's helper) the Linux form is assumed.
 */
export function tileBaseUrl(): string {
  try {
    return convertFileSrc("", TILE_SCHEME);
  } catch {
    return `${TILE_SCHEME}://localhost/`;
  }
}

/** The MapLibre tile URL template of source `id`. */
export function tileUrlTemplate(id: string): string {
  return `${tileBaseUrl()}${encodeURIComponent(id)}/{z}/{x}/{y}`;
}
