// Conflicts as the hub discloses them: the 0.25° cells where they lie and the hours when, no finer
// than a party is told. Those that hold at the time shown are drawn strongest.

import type { ConflictView } from '../hub/views.js';
import { cellPolygon } from '../map/geo-shapes.js';
import type { MapLayer, MapView } from '../map/map-view.js';
import { svg } from '../ui/dom.js';

export interface ConflictsSource {
  conflicts(): ConflictView[];
  shownTime(): number;
  describe(conflict: ConflictView): string;
}

export class ConflictsLayer implements MapLayer {
  constructor(
    private readonly group: SVGGElement,
    private readonly source: ConflictsSource,
  ) {}

  draw(view: MapView): void {
    const time = this.source.shownTime();
    this.group.replaceChildren(
      ...this.source.conflicts().map((conflict) => {
        const now = time >= Date.parse(conflict.hours.from) && time <= Date.parse(conflict.hours.until);
        return svg(
          'g',
          { class: `conflict ${now ? 'now' : 'later'}` },
          svg('title', {}, this.source.describe(conflict)),
          ...conflict.area.map((cell) => svg('path', { d: view.path(cellPolygon(cell)) })),
        );
      }),
    );
  }
}
