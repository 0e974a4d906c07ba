// The `pmtiles://` protocol for MapLibre (npm pmtiles), registered once per page. Archives the app
// ships (data/basemap/astana.pmtiles) are read whole with one plain GET and sliced in memory:
// no HTTP range requests, which the app's own asset scheme (tauri://) is not relied on to serve.
// Any other pmtiles:// URL falls back to the package's range-request source.
import type { AddProtocolAction, AddProtocolResponseData, GetResourceResponse } from "maplibre-gl";
import { PMTiles, Protocol, type RangeResponse, type Source } from "pmtiles";

/** What is needed of MapLibre (pass the `maplibregl` namespace from ./maplibre). */
export interface ProtocolHost {
  addProtocol(name: string, handler: AddProtocolAction): void;
}

/** A Source over a whole file fetched once (a few MB at most): slices of it answer every read. */
export class WholeFileSource implements Source {
  private bytes: Promise<ArrayBuffer> | null = null;

  constructor(
    private readonly url: string,
    private readonly load: (url: string) => Promise<ArrayBuffer> = fetchBytes,
  ) {}

  getKey(): string {
    return this.url;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    this.bytes ??= this.load(this.url).catch((e: unknown) => {
      this.bytes = null; // the next read tries again
      throw e;
    });
    const all = await this.bytes;
    return { data: all.slice(offset, offset + length) };
  }
}

async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.arrayBuffer();
}

let protocol: Protocol | null = null;

/** Registers `pmtiles://` with MapLibre (only the first call does) and returns the protocol. */
export function registerPmtiles(host: ProtocolHost): Protocol {
  if (!protocol) {
    const p = new Protocol();
    // pmtiles answers `{ data }` with an ArrayBuffer/Uint8Array (tiles) or TileJSON (the source).
    host.addProtocol("pmtiles", (params, abort) => p.tilev4(params, abort) as Promise<GetResourceResponse<AddProtocolResponseData>>);
    protocol = p;
  }
  return protocol;
}

/**
 * Registers the protocol if need be and makes `url` (absolute, as in the style's
 * `pmtiles://<url>`) read whole rather than by range requests. Idempotent.
 */
export function addArchive(host: ProtocolHost, url: string, load?: (url: string) => Promise<ArrayBuffer>): PMTiles {
  const p = registerPmtiles(host);
  const known = p.get(url);
  if (known) return known;
  const archive = new PMTiles(new WholeFileSource(url, load));
  p.add(archive);
  return archive;
}
