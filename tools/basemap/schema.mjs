// Owns the basemap's tile schema: which OpenStreetMap features the offline basemap keeps, in which
// layer and class, with which attributes, and from which zoom. Everything else in the OSM QA
// tiles (addresses, shops, power lines, metadata tags…) is dropped. ui/src/map/offlineStyle.ts
// draws exactly these layers and classes; ui/tests/unit/basemap.test.ts checks the two agree.
//
//   layer     geometry  attributes    classes
//   water     polygon   -             -
//   waterway  line      class, name   river canal stream ditch
//   landuse   polygon   class         park grass wood pitch wetland cemetery farmland industrial
//                                     commercial residential institution parking
//   building  polygon   -             -                                      (z14 only)
//   road      line      class, name   motorway trunk primary secondary tertiary minor service
//                                     track path rail
//   place     point     class, name   city town village suburb neighbourhood

/** Layers in drawing order, with their geometry and attribute names (metadata `vector_layers`). */
export const LAYERS = [
  { id: "water", geometry: "polygon", fields: {} },
  { id: "waterway", geometry: "line", fields: { class: "String", name: "String" } },
  { id: "landuse", geometry: "polygon", fields: { class: "String" } },
  { id: "building", geometry: "polygon", fields: {} },
  { id: "road", geometry: "line", fields: { class: "String", name: "String" } },
  { id: "place", geometry: "point", fields: { class: "String", name: "String" } },
];

export const MIN_ZOOM = 8;
export const MAX_ZOOM = 14;

const ROAD_CLASS = {
  motorway: "motorway",
  motorway_link: "motorway",
  trunk: "trunk",
  trunk_link: "trunk",
  primary: "primary",
  primary_link: "primary",
  secondary: "secondary",
  secondary_link: "secondary",
  tertiary: "tertiary",
  tertiary_link: "tertiary",
  residential: "minor",
  unclassified: "minor",
  living_street: "minor",
  road: "minor",
  service: "service",
  track: "track",
  footway: "path",
  pedestrian: "path",
  path: "path",
  cycleway: "path",
  steps: "path",
  bridleway: "path",
};

/** First zoom a road class is in the tiles, and first zoom its name is. */
const ROAD_ZOOM = {
  motorway: [8, 11],
  trunk: [8, 11],
  primary: [9, 12],
  secondary: [10, 12],
  tertiary: [11, 12],
  minor: [12, 13],
  service: [13, 14],
  track: [13, 14],
  path: [14, 14],
  rail: [10, 99],
};

const WATERWAY_ZOOM = { river: [9, 12], canal: [11, 13], stream: [12, 14], ditch: [13, 99] };

const PLACE_ZOOM = { city: 8, town: 9, village: 11, suburb: 11, neighbourhood: 13 };

const LANDUSE = [
  ["park", (p) => ["park", "garden", "common", "recreation_ground"].includes(p.leisure) || ["village_green", "recreation_ground"].includes(p.landuse)],
  ["pitch", (p) => ["pitch", "stadium", "track", "sports_centre"].includes(p.leisure)],
  ["wood", (p) => p.landuse === "forest" || ["wood", "scrub"].includes(p.natural)],
  ["wetland", (p) => p.natural === "wetland"],
  ["grass", (p) => ["grass", "meadow"].includes(p.landuse) || ["grassland", "heath"].includes(p.natural)],
  ["cemetery", (p) => p.landuse === "cemetery"],
  ["farmland", (p) => ["farmland", "orchard", "allotments", "greenfield", "farmyard"].includes(p.landuse)],
  ["institution", (p) => ["school", "university", "college", "kindergarten", "hospital", "clinic"].includes(p.amenity)],
  ["parking", (p) => p.amenity === "parking"],
  ["industrial", (p) => ["industrial", "garages", "railway", "landfill", "brownfield", "construction", "military"].includes(p.landuse)],
  ["commercial", (p) => ["commercial", "retail"].includes(p.landuse)],
  ["residential", (p) => p.landuse === "residential"],
];

/** Smallest area (in square pixels of a 512-px tile) a polygon has at its first zoom. */
const MIN_AREA_PX = { water: 24, landuse: 48 };

/**
 * The basemap feature an OSM feature becomes, or null.
 * `type` is the MVT geometry type (1 point, 2 line, 3 polygon).
 * Returns `{ layer, props, minzoom, nameMinzoom? , minAreaPx? }`.
 */
export function classify(type, p) {
  if (type === 2) {
    if (p.highway && ROAD_CLASS[p.highway] && p.area !== "yes") {
      const cls = ROAD_CLASS[p.highway];
      return road(cls, p.name);
    }
    if (p.railway === "rail" && !p.service) return road("rail");
    if (p.waterway && WATERWAY_ZOOM[p.waterway] && p.tunnel !== "culvert") {
      const [minzoom, nameMinzoom] = WATERWAY_ZOOM[p.waterway];
      return { layer: "waterway", props: { class: p.waterway, name: str(p.name) }, minzoom, nameMinzoom };
    }
    return null;
  }
  if (type === 3) {
    if (p.natural === "water" || p.water || p.waterway === "riverbank" || ["reservoir", "basin"].includes(p.landuse)) {
      return { layer: "water", props: {}, minzoom: MIN_ZOOM, minAreaPx: MIN_AREA_PX.water };
    }
    if (p.building && p.building !== "no") return { layer: "building", props: {}, minzoom: 14 };
    for (const [cls, test] of LANDUSE) {
      if (test(p)) return { layer: "landuse", props: { class: cls }, minzoom: MIN_ZOOM, minAreaPx: MIN_AREA_PX.landuse };
    }
    return null;
  }
  if (type === 1 && p.place && PLACE_ZOOM[p.place] !== undefined && p.name) {
    return { layer: "place", props: { class: p.place, name: str(p.name) }, minzoom: PLACE_ZOOM[p.place], nameMinzoom: 0 };
  }
  return null;
}

function road(cls, name) {
  const [minzoom, nameMinzoom] = ROAD_ZOOM[cls];
  return { layer: "road", props: { class: cls, name: str(name) }, minzoom, nameMinzoom };
}

function str(v) {
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

/** A polygon's first zoom: the first at which it covers `minAreaPx` square pixels (512-px tiles). */
export function polygonMinZoom(areaUnit, minzoom, minAreaPx) {
  for (let z = minzoom; z < MAX_ZOOM; z++) {
    const side = 512 * 2 ** z;
    if (areaUnit * side * side >= minAreaPx) return z;
  }
  return MAX_ZOOM;
}
