// What the map is drawn over: the operator's offline basemap when the hub serves one (a PMTiles
// archive of OpenStreetMap vector tiles, in a schema the picture knows) with the built-in world
// outline beyond its bounds, else the world outline alone. MapLibre, its styles and the PMTiles reader
// are loaded here, once signed in, so that the sign-in page is drawn without them.
import type { Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import { BASEMAP_EXTENT, basemapStyle } from './basemap-style.js';
import type { GroundSchema } from './ground-schema.js';
import { linkMapLibreStylesheet } from './maplibre-stylesheet.js';
import { openMapTiles } from './openmaptiles-schema.js';
import { protomaps } from './protomaps-schema.js';
import { addWorldOutlineBeneath, sharpenWorldOutline, worldOutlineStyle } from './world-outline.js';

const SCHEMAS = [openMapTiles, protomaps];
const SOURCE = 'basemap';

/** MapLibre's worker, named by its content when the picture is built (scripts/build-web.ts). */
declare const MAPLIBRE_WORKER_URL: string;

export interface Ground {
  map: MapLibreMap;
  /** The basemap's schema, whose place layer names the places; null over the world outline. */
  schema: GroundSchema | null;
  source: string;
  /** Who made what the ground shows, said on the map. */
  attribution: string;
  /** Why the operator's basemap is not drawn, when it is not; the world outline is drawn instead. */
  refused: string[] | null;
  /** What the operator's basemap covers, west, south, east, north: its theatre; null without one. */
  bounds: [number, number, number, number] | null;
}

/** Opens the ground's renderer in a new element of `container`, centred on `center`. */
export async function openGround(container: HTMLElement, center: [number, number]): Promise<Ground> {
  const [maplibre, { PMTiles, Protocol }, served] = await Promise.all([
    import('maplibre-gl'),
    import('pmtiles'),
    fetch('/v1/basemap').then(
      async (response) => ((await response.json()) as { basemap: { url: string } | null }).basemap,
    ),
    linkMapLibreStylesheet(),
  ]);
  maplibre.setWorkerUrl(new URL(MAPLIBRE_WORKER_URL, location.href).href);
  let chosen: {
    style: StyleSpecification;
    schema: GroundSchema;
    bounds: [number, number, number, number];
  } | null = null;
  let refused: string[] | null = null;
  if (served) {
    const archive = new PMTiles(new URL(served.url, location.href).href);
    // Metadata that cannot be read names no layers: the basemap is refused, the map still drawn.
    const metadata = (await archive.getMetadata().catch(() => null)) as {
      vector_layers?: { id: string }[];
    } | null;
    const ids = new Set((metadata?.vector_layers ?? []).map((layer) => layer.id));
    const schema = SCHEMAS.find((candidate) => candidate.follows(ids));
    if (schema) {
      const { minLon, minLat, maxLon, maxLat, minZoom } = await archive.getHeader();
      const protocol = new Protocol();
      protocol.add(archive);
      maplibre.addProtocol('pmtiles', protocol.tile);
      const bounds: [number, number, number, number] = [minLon, minLat, maxLon, maxLat];
      chosen = {
        schema,
        bounds,
        style: basemapStyle(schema, SOURCE, `pmtiles://${archive.source.getKey()}`, { bounds, minZoom }),
      };
    } else refused = [...ids];
  }
  const holder = document.createElement('div');
  holder.className = 'map-ground';
  // The SVG above is the map for the keyboard and for screen readers; the canvas is its picture.
  holder.setAttribute('aria-hidden', 'true');
  container.append(holder);
  const map = new maplibre.Map({
    container: holder,
    style: chosen?.style ?? worldOutlineStyle(),
    center,
    zoom: 0,
    // North up and seen from above, as the projection of the layers above draws it.
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    rollEnabled: false,
    keyboard: false,
    doubleClickZoom: false,
    boxZoom: false,
    renderWorldCopies: false,
    attributionControl: false,
    fadeDuration: 0,
  });
  map.touchZoomRotate.disableRotation();
  map.getCanvas().removeAttribute('tabindex');
  if (chosen) addWorldOutlineBeneath(map, BASEMAP_EXTENT);
  else sharpenWorldOutline(map);
  return {
    map,
    schema: chosen?.schema ?? null,
    source: SOURCE,
    // The world outline is drawn beyond the basemap's bounds too.
    attribution: chosen ? '© OpenStreetMap contributors · Natural Earth' : 'Natural Earth',
    refused,
    bounds: chosen?.bounds ?? null,
  };
}
