// The Protomaps basemap schema (docs.protomaps.com/basemaps/layers), as `pmtiles extract` of a
// Protomaps build gives it: `earth` polygons over a sea-coloured background, `roads` by `kind`.
import { GROUND, widthByZoom } from './ground-palette.js';
import type { GroundSchema } from './ground-schema.js';

const PLACE_KINDS = ['country', 'region', 'locality', 'neighbourhood'];

export const protomaps: GroundSchema = {
  name: 'Protomaps',
  follows: (ids) => ids.has('earth') && ids.has('roads') && ids.has('places'),
  background: GROUND.sea,
  placeLayer: 'places',
  layers: (source) => [
    { id: 'earth', type: 'fill', source, 'source-layer': 'earth', paint: { 'fill-color': GROUND.land } },
    {
      id: 'landuse',
      type: 'fill',
      source,
      'source-layer': 'landuse',
      filter: [
        'in',
        ['get', 'kind'],
        ['literal', ['residential', 'industrial', 'commercial', 'park', 'forest', 'farmland']],
      ],
      paint: {
        'fill-color': ['match', ['get', 'kind'], ['park', 'forest', 'farmland'], GROUND.green, GROUND.built],
      },
    },
    { id: 'water', type: 'fill', source, 'source-layer': 'water', paint: { 'fill-color': GROUND.sea } },
    {
      id: 'buildings',
      type: 'fill',
      source,
      'source-layer': 'buildings',
      minzoom: 13,
      paint: { 'fill-color': GROUND.building },
    },
    {
      id: 'boundaries-country',
      type: 'line',
      source,
      'source-layer': 'boundaries',
      filter: ['==', ['get', 'kind'], 'country'],
      paint: { 'line-color': GROUND.border, 'line-width': 1, 'line-dasharray': [5, 2, 1, 2] },
    },
    {
      id: 'roads-path',
      type: 'line',
      source,
      'source-layer': 'roads',
      filter: ['==', ['get', 'kind'], 'path'],
      paint: { 'line-color': GROUND.track, 'line-width': 1, 'line-dasharray': [3, 2] },
    },
    {
      id: 'roads-rail',
      type: 'line',
      source,
      'source-layer': 'roads',
      filter: ['==', ['get', 'kind'], 'rail'],
      paint: { 'line-color': GROUND.rail, 'line-width': 1.2, 'line-dasharray': [4, 3] },
    },
    {
      id: 'roads-casing',
      type: 'line',
      source,
      'source-layer': 'roads',
      filter: ['in', ['get', 'kind'], ['literal', ['highway', 'major_road']]],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': GROUND.casing, 'line-width': widthByZoom(2, 14) },
    },
    {
      id: 'roads',
      type: 'line',
      source,
      'source-layer': 'roads',
      filter: ['in', ['get', 'kind'], ['literal', ['highway', 'major_road', 'medium_road', 'minor_road']]],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': [
          'match',
          ['get', 'kind'],
          'highway',
          GROUND.motorway,
          'major_road',
          GROUND.primary,
          'medium_road',
          GROUND.secondary,
          GROUND.minor,
        ],
        'line-width': widthByZoom(1.2, 11),
      },
    },
  ],
  tier: (properties) =>
    ['country', 'region'].includes(String(properties.kind)) ||
    (typeof properties.population_rank === 'number' && properties.population_rank >= 12)
      ? 1
      : typeof properties.population_rank === 'number' && properties.population_rank >= 9
        ? 2
        : 3,
  importance: (properties) => {
    const order = PLACE_KINDS.indexOf(String(properties.kind));
    const population = typeof properties.population_rank === 'number' ? properties.population_rank : 0;
    return (order < 0 ? 0 : PLACE_KINDS.length - order) * 100 + population;
  },
};
