// The words a declaration is written in, on their own so that the browser client offers exactly
// the choices the hub accepts without bundling the hub's schemas.

export const ACTIVITIES = ['air', 'ground', 'drone', 'exercise', 'movement'] as const;
export type Activity = (typeof ACTIVITIES)[number];

export const SITE_FUNCTIONS = [
  'hospital',
  'clinic',
  'school',
  'aid-warehouse',
  'un-premises',
  'ngo-premises',
  'water-plant',
  'power-plant',
  'bakery',
  'shelter',
  'place-of-worship',
  'cultural-heritage',
  'own-position',
  'other',
] as const;
export type SiteFunction = (typeof SITE_FUNCTIONS)[number];
