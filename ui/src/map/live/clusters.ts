// A big fleet's markers grouped at low zooms (supercluster in the page, as MapLibre's clustered
// GeoJSON source did in its worker): the index is built once per change from the states'
// positions, and each frame asks it for what the view shows.
import Supercluster from "supercluster";
import type { Marker } from "./scene";

/** Above this many objects the fleet is clustered at low zooms. */
export const CLUSTER_ABOVE = 300;
/** Above this zoom every marker is drawn on its own; below, those within the radius group. */
export const CLUSTER_MAX_ZOOM = 11;
/** Pixels within which markers group (MapLibre's default, which the layer used). */
export const CLUSTER_RADIUS = 40;

export interface Cluster {
  /** supercluster's id (for its expansion zoom). */
  id: number;
  lng: number;
  lat: number;
  count: number;
}

export class FleetClusters {
  private index = new Supercluster<{ i: number }>({ radius: CLUSTER_RADIUS, maxZoom: CLUSTER_MAX_ZOOM });

  /** Indexes `markers` (their states' positions). */
  load(markers: readonly Marker[]): void {
    this.index = new Supercluster<{ i: number }>({ radius: CLUSTER_RADIUS, maxZoom: CLUSTER_MAX_ZOOM });
    this.index.load(markers.map((m, i) => ({ type: "Feature", properties: { i }, geometry: { type: "Point", coordinates: [m.lng, m.lat] } })));
  }

  /** What the view ([west, south, east, north]) shows at `zoom`: its clusters, and the indices
   * (into the markers loaded) of the markers on their own. */
  view(bbox: [number, number, number, number], zoom: number, clusters: Cluster[], singles: number[]): void {
    clusters.length = 0;
    singles.length = 0;
    for (const f of this.index.getClusters(bbox, zoom)) {
      const p = f.properties as { cluster?: boolean; cluster_id?: number; point_count?: number; i?: number };
      const [lng, lat] = f.geometry.coordinates as [number, number];
      if (p.cluster) clusters.push({ id: p.cluster_id as number, lng, lat, count: p.point_count as number });
      else singles.push(p.i as number);
    }
  }

  /** The zoom at which cluster `id` comes apart. */
  expansionZoom(id: number): number {
    return this.index.getClusterExpansionZoom(id);
  }
}
