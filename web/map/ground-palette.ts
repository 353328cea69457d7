// The ground's colours, one set for every basemap: muted, so that the picture's symbols stand out,
// with sea and land told apart at a glance and roads the strongest line of the ground.
import type { ExpressionSpecification } from 'maplibre-gl';
export const GROUND = {
  sea: '#aacde3',
  /** The ground before the outline says where the land is. */
  unread: '#e4e2dc',
  land: '#f3efe6',
  built: '#e6dfd2',
  green: '#dfe8cf',
  building: '#d6ccbf',
  border: '#8c7f6a',
  casing: '#9a8b73',
  motorway: '#e07b39',
  trunk: '#ea9550',
  primary: '#f2b65c',
  secondary: '#f7d482',
  minor: '#ffffff',
  track: '#a08f77',
  rail: '#7d7d7d',
} as const;

/** Line widths by zoom, as MapLibre interpolates them: thin at the theatre's scale, wide in a town. */
export function widthByZoom(atZoom6: number, atZoom16: number): ExpressionSpecification {
  return ['interpolate', ['exponential', 1.5], ['zoom'], 6, atZoom6, 16, atZoom16];
}
