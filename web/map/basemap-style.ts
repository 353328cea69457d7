// How the operator's basemap is drawn. Its archive covers the theatre only; beyond its bounds the world
// outline is drawn (added beneath the basemap once it has been drawn, world-outline.ts), so that
// panning past the theatre still shows the sea, the coast and the borders rather than a flat
// background that makes the sea look like land. Bottom first: the sea; the outline's land, coast and
// borders; the archive's bounds filled with its schema's background, which the schema's layers are
// drawn over as they would be alone (land under OpenMapTiles' water, sea under Protomaps' earth), and
// which hides the outline where the basemap speaks; then the schema's layers.
import type { StyleSpecification } from 'maplibre-gl';
import type { GroundSchema } from './ground-schema.js';
import { SEA } from './world-outline.js';

/** The layer filling the archive's bounds: the world outline is drawn beneath it. */
export const BASEMAP_EXTENT = 'basemap-extent';

/** What the archive's header says of where it has tiles. */
export interface BasemapExtent {
  /** West, south, east, north. */
  bounds: [number, number, number, number];
  minZoom: number;
}

/** The style of the archive at `url`, read as `source` in `schema`. */
export function basemapStyle(
  schema: GroundSchema,
  source: string,
  url: string,
  { bounds: [west, south, east, north], minZoom }: BasemapExtent,
): StyleSpecification {
  return {
    version: 8,
    sources: {
      // Its edges run along meridians and parallels, straight lines in MapLibre's Mercator.
      [BASEMAP_EXTENT]: {
        type: 'geojson',
        data: {
          type: 'Polygon',
          coordinates: [
            [
              [west, south],
              [east, south],
              [east, north],
              [west, north],
              [west, south],
            ],
          ],
        },
      },
      [source]: { type: 'vector', url },
    },
    layers: [
      SEA,
      // Zoomed out below the archive's first zoom, it has no tiles: the outline is the map there too.
      {
        id: BASEMAP_EXTENT,
        type: 'fill',
        source: BASEMAP_EXTENT,
        minzoom: minZoom,
        paint: { 'fill-color': schema.background },
      },
      ...schema.layers(source),
    ],
  };
}
