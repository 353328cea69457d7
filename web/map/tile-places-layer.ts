// Place names from the basemap's own place layer, drawn in the SVG with the browser's fonts rather
// than by MapLibre: drawing text there needs glyph files that are not to be had offline, and Arabic
// needs shaping and right-to-left ordering, which the browser does. Names are placed most important
// first, each only where it overlaps none already placed, so that they do not pile up.
import type { Language } from '../i18n/language.js';
import { svg } from '../ui/dom.js';
import type { Ground } from './ground.js';
import { placeName } from './ground-schema.js';
import type { MapLayer, MapView } from './map-view.js';

/** As web/style.css sizes `.place text`: rank 1 larger and bold. */
const FONT_PX = { 1: 14, 2: 12, 3: 12 } as const;
/** Room kept about each label, so that neighbours do not touch. */
const GAP_PX = 4;

type Box = [number, number, number, number];
const overlaps = (a: Box, b: Box) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

export class TilePlacesLayer implements MapLayer {
  private readonly measure = document.createElement('canvas').getContext('2d');

  constructor(
    view: MapView,
    private readonly group: SVGGElement,
    private readonly ground: Ground,
    private readonly language: () => Language,
  ) {
    // Tiles come after the camera moves: the names are placed again once they are in.
    ground.map.on('idle', () => this.draw(view));
  }

  draw(view: MapView): void {
    const schema = this.ground.schema;
    if (!schema) return;
    const rtl = this.language() === 'ar';
    const { clientWidth, clientHeight } = view.element;
    const seen = new Set<string>();
    const candidates = this.ground.map
      .querySourceFeatures(this.ground.source, { sourceLayer: schema.placeLayer })
      .flatMap((feature) => {
        const name = placeName(feature.properties, this.language());
        if (!name || feature.geometry.type !== 'Point') return [];
        const position = feature.geometry.coordinates as [number, number];
        // A place near a tile's edge is in each tile that it touches.
        const key = `${name}@${position[0].toFixed(4)},${position[1].toFixed(4)}`;
        if (seen.has(key)) return [];
        seen.add(key);
        const [x, y] = view.project(position);
        if (!(x >= 0 && y >= 0 && x <= clientWidth && y <= clientHeight)) return [];
        return [
          { name, x, y, tier: schema.tier(feature.properties), rank: schema.importance(feature.properties) },
        ];
      })
      .sort((a, b) => b.rank - a.rank);
    const placed: Box[] = [];
    const labels: SVGGElement[] = [];
    for (const place of candidates) {
      const size = FONT_PX[place.tier];
      const width = this.textWidth(place.name, size, place.tier === 1);
      // The name is written beside its dot, after it in the reader's direction (web/style.css).
      const box: Box = rtl
        ? [place.x + 5 - width - GAP_PX, place.y - size - GAP_PX, place.x + 2.5 + GAP_PX, place.y + GAP_PX]
        : [place.x - GAP_PX, place.y - size - GAP_PX, place.x + 5 + width + GAP_PX, place.y + GAP_PX];
      if (placed.some((other) => overlaps(box, other))) continue;
      placed.push(box);
      labels.push(
        svg(
          'g',
          { class: `place rank-${place.tier}`, transform: `translate(${place.x},${place.y})` },
          svg('circle', { r: 2.5 }),
          svg('text', { x: 5, y: -4 }, place.name),
        ),
      );
    }
    this.group.replaceChildren(...labels);
  }

  private textWidth(text: string, size: number, bold: boolean): number {
    if (!this.measure) return text.length * size * 0.6;
    this.measure.font = `${bold ? 'bold ' : ''}${size}px ${getComputedStyle(this.group).fontFamily}`;
    return this.measure.measureText(text).width;
  }
}
