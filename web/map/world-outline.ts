// The ground when the operator gives no basemap: Natural Earth's 1:10 million land and borders (the
// world-atlas package, public domain data, copied into the build), drawn with no tile server and no
// internet. At that scale a coast is placed to within a kilometre or so: enough to tell a coastal
// road from the sea at the theatre's scale, not in a town.
import type { StyleSpecification } from 'maplibre-gl';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { GROUND } from './ground-palette.js';

type Countries = Topology<{ countries: GeometryCollection; land: GeometryCollection }>;

/** The outlines' file, named by its content when the picture is built (scripts/build-web.ts). */
declare const WORLD_OUTLINE_URL: string;

export async function worldOutlineStyle(): Promise<StyleSpecification> {
  const topology = (await (await fetch(WORLD_OUTLINE_URL)).json()) as Countries;
  return {
    version: 8,
    sources: {
      land: { type: 'geojson', data: feature(topology, topology.objects.land) },
      borders: {
        type: 'geojson',
        data: mesh(topology, topology.objects.countries, (a, b) => a !== b),
      },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': GROUND.sea } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': GROUND.land } },
      {
        id: 'coast',
        type: 'line',
        source: 'land',
        paint: { 'line-color': '#b9ae98', 'line-width': 0.6 },
      },
      {
        id: 'borders',
        type: 'line',
        source: 'borders',
        paint: { 'line-color': GROUND.border, 'line-width': 1, 'line-dasharray': [5, 2, 1, 2] },
      },
    ],
  };
}
