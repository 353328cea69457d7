// A small basemap of a coast, as an operator's archive would have it in the OpenMapTiles schema
// (tilemaker's) or the Protomaps one: the sea west of a coastline, a coastal road a few kilometres
// inland that a convoy's route follows, and a named town between the two.
import { type BasemapContent, writePmtiles } from './pmtiles.js';

/** The road, north to south along the coast; a declared convoy route follows these points. */
export const COASTAL_ROAD: [number, number][] = [
  [35.97, 35.3],
  [35.95, 35.1],
  [35.98, 34.9],
  [35.96, 34.7],
];
/** The sea reaches east to about 35.85° E here, some 10 km west of the road. */
const COASTLINE: [number, number][] = [
  [35.86, 35.6],
  [35.84, 35.1],
  [35.87, 34.9],
  [35.85, 34.4],
];
export const TOWN = { name: 'Tartus', arabic: 'طرطوس', position: [35.91, 34.95] as [number, number] };
const BOUNDS: [number, number, number, number] = [35.4, 34.4, 36.4, 35.6];

const sea: GeoJSON.Feature = {
  type: 'Feature',
  properties: { class: 'ocean', kind: 'ocean' },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [BOUNDS[0], BOUNDS[1]],
        ...COASTLINE.slice().reverse(),
        [BOUNDS[0], BOUNDS[3]],
        [BOUNDS[0], BOUNDS[1]],
      ],
    ],
  },
};
const land: GeoJSON.Feature = {
  type: 'Feature',
  properties: { kind: 'earth' },
  geometry: {
    type: 'Polygon',
    coordinates: [[[BOUNDS[2], BOUNDS[1]], [BOUNDS[2], BOUNDS[3]], ...COASTLINE, [BOUNDS[2], BOUNDS[1]]]],
  },
};
const road = (properties: Record<string, unknown>): GeoJSON.Feature => ({
  type: 'Feature',
  properties,
  geometry: { type: 'LineString', coordinates: COASTAL_ROAD },
});
const town = (properties: Record<string, unknown>): GeoJSON.Feature => ({
  type: 'Feature',
  properties: { name: TOWN.name, 'name:ar': TOWN.arabic, 'name:en': TOWN.name, ...properties },
  geometry: { type: 'Point', coordinates: TOWN.position },
});

const vectorLayers = (ids: string[]) => ids.map((id) => ({ id, fields: {} }));

export const SCHEMAS = {
  openmaptiles: {
    layers: {
      water: [sea],
      transportation: [road({ class: 'primary' })],
      place: [town({ class: 'town', rank: 5 })],
    },
    metadata: {
      name: 'Coast (tilemaker, OpenMapTiles schema)',
      vector_layers: vectorLayers([
        'water',
        'landuse',
        'landcover',
        'transportation',
        'place',
        'boundary',
        'building',
      ]),
    },
  },
  protomaps: {
    layers: {
      earth: [land],
      water: [sea],
      roads: [road({ kind: 'major_road' })],
      places: [town({ kind: 'locality', population_rank: 10 })],
    },
    metadata: {
      name: 'Coast (Protomaps basemap schema)',
      vector_layers: vectorLayers([
        'earth',
        'water',
        'landuse',
        'roads',
        'places',
        'boundaries',
        'buildings',
      ]),
    },
  },
  unknown: {
    layers: { lines: [road({})] },
    metadata: { name: 'Something else', vector_layers: vectorLayers(['lines']) },
  },
} satisfies Record<string, Pick<BasemapContent, 'layers' | 'metadata'>>;

/** Writes the coast's archive in `schema` to `path`; returns its bytes. */
export function writeCoastBasemap(path: string, schema: keyof typeof SCHEMAS): Buffer {
  return writePmtiles(path, { ...SCHEMAS[schema], bounds: BOUNDS, maxZoom: 10 });
}
