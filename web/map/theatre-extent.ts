// The theatre a hub's picture opens on, wherever the hub serves (Syria, Gaza, Yemen): the whole of
// what the officer's party may see declared or, before anything is, what the operator's basemap
// covers; null leaves the map's built-in home.
import type { DeclarationListing } from '../hub/views.js';
import { declarationExtent } from './declaration-extent.js';

export function theatreExtent(
  declarations: readonly DeclarationListing[],
  basemapBounds: readonly [number, number, number, number] | null,
): GeoJSON.GeometryCollection | GeoJSON.MultiPoint | null {
  if (declarations.length > 0)
    return {
      type: 'GeometryCollection',
      geometries: declarations.map((listing) => declarationExtent(listing.declaration)),
    };
  if (!basemapBounds) return null;
  // Corners, not a ring: a ring's winding would say which side of it is meant.
  const [west, south, east, north] = basemapBounds;
  return {
    type: 'MultiPoint',
    coordinates: [
      [west, south],
      [east, north],
    ],
  };
}
