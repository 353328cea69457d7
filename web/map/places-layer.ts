// Place names of the theatre, in the reader's language, shown more densely as the map zooms in.
import type { Language } from '../i18n/language.js';
import { svg } from '../ui/dom.js';
import type { MapLayer, MapView } from './map-view.js';
import places from './places-syria.json';

/** Map scales (d3 Mercator) from which places of each rank are named. */
const SCALE_FOR_RANK: Record<number, number> = { 1: 0, 2: 4000, 3: 9000 };

export class PlacesLayer implements MapLayer {
  constructor(
    private readonly group: SVGGElement,
    private readonly language: () => Language,
  ) {}

  draw(view: MapView): void {
    const scale = view.projection.scale();
    const shown = places.places.filter((place) => scale >= (SCALE_FOR_RANK[place.rank] ?? Infinity));
    this.group.replaceChildren(
      ...shown.map((place) => {
        const [x, y] = view.project(place.position as [number, number]);
        return svg(
          'g',
          { class: `place rank-${place.rank}`, transform: `translate(${x},${y})` },
          svg('circle', { r: 2.5 }),
          svg('text', { x: 5, y: -4 }, place.name[this.language()]),
        );
      }),
    );
  }
}
