// What the picture knows of a basemap's schema: whether an archive follows it (by the layers its
// metadata lists), how to draw its layers, and where its places and their names are.
import type { LayerSpecification } from 'maplibre-gl';
import type { Language } from '../i18n/language.js';

export interface GroundSchema {
  /** Said in the attribution and in the refusal of other schemas. */
  name: string;
  /** Whether an archive whose `vector_layers` have these ids follows the schema. */
  follows(layerIds: ReadonlySet<string>): boolean;
  /** The schema's layers of `source`, drawn bottom first over a background of `background`. */
  layers(source: string): LayerSpecification[];
  background: string;
  /** The layer of named places, read to label them in the SVG above the map. */
  placeLayer: string;
  /** As the built-in places are ranked: 1 is named boldest, 3 smallest. */
  tier(properties: Record<string, unknown>): 1 | 2 | 3;
  /** Higher first: which of two colliding labels is drawn. */
  importance(properties: Record<string, unknown>): number;
}

/** A place's name in the reader's language where the tiles have it, else as it is written there. */
export function placeName(properties: Record<string, unknown>, language: Language): string | null {
  // tilemaker's OpenMapTiles profile writes English as `name_en`.
  const keys = [`name:${language}`, ...(language === 'en' ? ['name_en'] : []), 'name'];
  const name = keys.map((key) => properties[key]).find((value) => typeof value === 'string' && value.trim());
  return typeof name === 'string' ? name : null;
}
