// Protected sites drawn apart from military symbology, as a duty officer expects to see them: the
// red cross emblem for medical sites, the blue shield (Hague Convention 1954) for cultural property,
// UN blue for UN premises, and plain pictograms for the rest of the humanitarian infrastructure.
import { svg } from '../ui/dom.js';

const HALF = 10;

function frame(fill: string, stroke: string, ...content: SVGElement[]): SVGGElement {
  return svg(
    'g',
    { class: 'protected-symbol' },
    svg('rect', {
      x: -HALF,
      y: -HALF,
      width: 2 * HALF,
      height: 2 * HALF,
      rx: 3,
      fill,
      stroke,
      'stroke-width': 1.5,
    }),
    ...content,
  );
}

const glyph = (d: string, fill: string) => svg('path', { d, fill, stroke: 'none' });

const SYMBOLS: Record<string, () => SVGGElement> = {
  hospital: () => frame('#fff', '#c00', glyph('M-2.5-8h5v5.5h5.5v5h-5.5v5.5h-5v-5.5h-5.5v-5h5.5z', '#d00')),
  clinic: () => frame('#fff', '#c00', glyph('M-2-6h4v4h4v4h-4v4h-4v-4h-4v-4h4z', '#d00')),
  'cultural-heritage': () =>
    svg(
      'g',
      { class: 'protected-symbol' },
      glyph('M-9-9h18v6c0 7-9 12-9 12s-9-5-9-12z', '#fff'),
      glyph('M-9-9h9l-9 9zM9-9v9l-9-9zM0 9s9-5 9-12v-3l-9 9-9-9v3c0 7 9 12 9 12z', '#1d4e9e'),
    ),
  'un-premises': () =>
    svg(
      'g',
      { class: 'protected-symbol' },
      svg('circle', { r: HALF, fill: '#009edb', stroke: '#fff', 'stroke-width': 1.5 }),
      svg('text', { class: 'un-mark', y: 4, 'text-anchor': 'middle' }, 'UN'),
    ),
  'aid-warehouse': () => frame('#009edb', '#fff', glyph('M-7-2l7-5 7 5v8h-14z', '#fff')),
  'ngo-premises': () => frame('#2a9d8f', '#fff', glyph('M-6-6h12v12h-12z', '#fff')),
  school: () => frame('#f4a300', '#fff', glyph('M-8-1l8-5 8 5-8 5zM-5 2v4c3 2 7 2 10 0v-4l-5 3z', '#fff')),
  'water-plant': () =>
    frame('#0a7bc2', '#fff', glyph('M0-8c3 5 6 8 6 11a6 6 0 0 1-12 0c0-3 3-6 6-11z', '#fff')),
  'power-plant': () => frame('#6c757d', '#fff', glyph('M2-8l-7 9h5l-2 7 7-9h-5z', '#ffd60a')),
  bakery: () => frame('#a0522d', '#fff', glyph('M-7 3c0-6 14-6 14 0v3h-14z', '#fff')),
  shelter: () => frame('#2a9d8f', '#fff', glyph('M-8 0l8-7 8 7h-3v7h-10v-7z', '#fff')),
  'place-of-worship': () => frame('#6a4c93', '#fff', glyph('M-2-8h4v4h4v3h-4v9h-4v-9h-4v-3h4z', '#fff')),
  other: () => frame('#495057', '#fff', glyph('M0-6l6 6-6 6-6-6z', '#fff')),
};

/** The symbol for a protected site's function, or null where it is a force's own position. */
export function protectedSiteSymbol(siteFunction: string): SVGGElement | null {
  return SYMBOLS[siteFunction]?.() ?? null;
}
