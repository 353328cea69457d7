// The OpenMapTiles schema (openmaptiles.org/schema), as tilemaker and planetiler write it: `water`
// polygons over a land-coloured background, `transportation` lines by `class`, `place` points.
import { GROUND, widthByZoom } from './ground-palette.js';
import type { GroundSchema } from './ground-schema.js';

const PLACE_CLASSES = ['country', 'state', 'city', 'town', 'village', 'suburb', 'hamlet', 'neighbourhood'];

export const openMapTiles: GroundSchema = {
  name: 'OpenMapTiles',
  follows: (ids) => ids.has('water') && ids.has('transportation') && ids.has('place'),
  background: GROUND.land,
  placeLayer: 'place',
  layers: (source) => [
    {
      id: 'landuse-built',
      type: 'fill',
      source,
      'source-layer': 'landuse',
      filter: ['in', ['get', 'class'], ['literal', ['residential', 'commercial', 'industrial', 'retail']]],
      paint: { 'fill-color': GROUND.built },
    },
    {
      id: 'landcover-green',
      type: 'fill',
      source,
      'source-layer': 'landcover',
      filter: ['in', ['get', 'class'], ['literal', ['wood', 'grass', 'farmland']]],
      paint: { 'fill-color': GROUND.green },
    },
    { id: 'water', type: 'fill', source, 'source-layer': 'water', paint: { 'fill-color': GROUND.sea } },
    {
      id: 'waterway',
      type: 'line',
      source,
      'source-layer': 'waterway',
      paint: { 'line-color': GROUND.sea, 'line-width': widthByZoom(0.5, 4) },
    },
    {
      id: 'building',
      type: 'fill',
      source,
      'source-layer': 'building',
      minzoom: 13,
      paint: { 'fill-color': GROUND.building },
    },
    {
      id: 'boundary-country',
      type: 'line',
      source,
      'source-layer': 'boundary',
      filter: ['all', ['<=', ['get', 'admin_level'], 2], ['!=', ['get', 'maritime'], 1]],
      paint: { 'line-color': GROUND.border, 'line-width': 1, 'line-dasharray': [5, 2, 1, 2] },
    },
    {
      id: 'transportation-track',
      type: 'line',
      source,
      'source-layer': 'transportation',
      filter: ['in', ['get', 'class'], ['literal', ['track', 'path']]],
      paint: { 'line-color': GROUND.track, 'line-width': 1, 'line-dasharray': [3, 2] },
    },
    {
      id: 'transportation-rail',
      type: 'line',
      source,
      'source-layer': 'transportation',
      filter: ['==', ['get', 'class'], 'rail'],
      paint: { 'line-color': GROUND.rail, 'line-width': 1.2, 'line-dasharray': [4, 3] },
    },
    {
      id: 'transportation-casing',
      type: 'line',
      source,
      'source-layer': 'transportation',
      filter: [
        'in',
        ['get', 'class'],
        ['literal', ['motorway', 'trunk', 'primary', 'secondary', 'tertiary']],
      ],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': GROUND.casing, 'line-width': widthByZoom(2, 14) },
    },
    {
      id: 'transportation-road',
      type: 'line',
      source,
      'source-layer': 'transportation',
      filter: [
        'in',
        ['get', 'class'],
        ['literal', ['motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'minor', 'service']],
      ],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': [
          'match',
          ['get', 'class'],
          'motorway',
          GROUND.motorway,
          'trunk',
          GROUND.trunk,
          'primary',
          GROUND.primary,
          'secondary',
          GROUND.secondary,
          GROUND.minor,
        ],
        'line-width': widthByZoom(1.2, 11),
      },
    },
  ],
  tier: (properties) =>
    ['country', 'state', 'city'].includes(String(properties.class)) ? 1 : properties.class === 'town' ? 2 : 3,
  importance: (properties) => {
    const order = PLACE_CLASSES.indexOf(String(properties.class));
    const rank = typeof properties.rank === 'number' ? properties.rank : 10;
    return (order < 0 ? 0 : PLACE_CLASSES.length - order) * 100 - rank;
  },
};
