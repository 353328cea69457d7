// The ground when the operator gives no basemap, and around the operator's basemap where it ends:
// Natural Earth's land and borders (the world-atlas package, public domain data, converted to GeoJSON
// when the picture is built), drawn with no tile server and no internet. At 1:10 million a coast is
// placed to within a kilometre or so: enough to tell a coastal road from the sea at the theatre's
// scale, not in a town. That outline takes MapLibre's worker seconds to read and cut into tiles, so the
// 1:50 million one, a sixth of its size, is drawn first and the 1:10 million one replaces it once the
// map has been drawn. The worker fetches and reads both itself, off the page's thread (MapLibre then
// copies what it read to the page, a pause of a few tenths of a second once the 1:10 m is in).
import type {
  ExpressionSpecification,
  GeoJSONSource,
  LayerSpecification,
  Map as MapLibreMap,
  SourceSpecification,
  StyleSpecification,
} from 'maplibre-gl';
import { GROUND } from './ground-palette.js';

/** The outlines' files, named by their content when the picture is built (scripts/build-web.ts). */
declare const WORLD_OUTLINE_50M_URL: string;
declare const WORLD_OUTLINE_10M_URL: string;

const SOURCE = 'world-outline';

/** The features of one kind, as scripts/build-web.ts marks them: `land` polygons, `border` lines. */
const kind = (name: 'land' | 'border'): ExpressionSpecification => ['==', ['get', 'kind'], name];

/**
 * The sea: beneath everything the map draws. Until the outline's land is drawn over it, it is the
 * colour of neither sea nor land, so that the map never shows a country as sea while it loads.
 */
export const SEA: LayerSpecification = {
  id: 'sea',
  type: 'background',
  paint: { 'background-color': GROUND.unread },
};

/** Colours the sea as sea once the outline's tiles are in, and its land drawn over it. */
function showSeaOnceLoaded(map: MapLibreMap): void {
  const loaded = (): void => {
    if (map.getSource(SOURCE) === undefined || !map.isSourceLoaded(SOURCE)) return;
    map.off('sourcedata', loaded);
    map.setPaintProperty(SEA.id, 'background-color', GROUND.sea);
  };
  map.on('sourcedata', loaded);
}

/** The land over the sea, its coast and the borders between countries, bottom first. */
const OUTLINE: LayerSpecification[] = [
  { id: 'land', type: 'fill', source: SOURCE, filter: kind('land'), paint: { 'fill-color': GROUND.land } },
  {
    id: 'coast',
    type: 'line',
    source: SOURCE,
    filter: kind('land'),
    paint: { 'line-color': '#b9ae98', 'line-width': 0.6 },
  },
  {
    id: 'borders',
    type: 'line',
    source: SOURCE,
    filter: kind('border'),
    paint: { 'line-color': GROUND.border, 'line-width': 1, 'line-dasharray': [5, 2, 1, 2] },
  },
];

/** The 1:50 m outline, which the 1:10 m one replaces once drawn (sharpenWorldOutline). */
const COARSE: SourceSpecification = { type: 'geojson', data: WORLD_OUTLINE_50M_URL };

/**
 * The outline alone: the map when the operator gives no basemap, or one this picture cannot draw.
 * Once the map is created, `sharpenWorldOutline` brings the 1:10 m outline.
 */
export const worldOutlineStyle = (): StyleSpecification => ({
  version: 8,
  sources: { [SOURCE]: COARSE },
  layers: [SEA, ...OUTLINE],
});

/**
 * Draws the outline beneath the layer `beneath` (the operator's basemap) once the map has first been
 * drawn whole, then sharpens it. The basemap comes first: on a two-core machine MapLibre has one
 * worker, and reading even the 1:50 m outline there would hold up the basemap's first tiles by the
 * better part of a second, while the outline only shows beyond the theatre.
 */
export function addWorldOutlineBeneath(map: MapLibreMap, beneath: string): void {
  map.once('idle', () => {
    map.addSource(SOURCE, COARSE);
    for (const layer of OUTLINE) map.addLayer(layer, beneath);
    sharpenWorldOutline(map);
  });
}

/**
 * Replaces the 1:50 m outline with the 1:10 m one once the map has been drawn whole with the 1:50 m.
 * MapLibre keeps drawing the tiles it has until the new ones are cut, so the coast sharpens in place.
 */
export function sharpenWorldOutline(map: MapLibreMap): void {
  showSeaOnceLoaded(map);
  map.once('idle', () => {
    // If the larger file cannot be read, the 1:50 m outline stays drawn and MapLibre reports why.
    void map.getSource<GeoJSONSource>(SOURCE)?.setData(WORLD_OUTLINE_10M_URL);
  });
}
