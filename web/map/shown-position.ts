// A position the officer asked to see on the map, from a message that names it: a ring and cross
// hairs about it, drawn until another is asked for.
import { svg } from '../ui/dom.js';
import type { MapLayer, MapView } from './map-view.js';

const RING_PX = 14;
const HAIR_PX = 22;

export class ShownPosition implements MapLayer {
  private position: [number, number] | null = null;

  constructor(private readonly group: SVGGElement) {}

  show(position: [number, number]): void {
    this.position = position;
  }

  draw(view: MapView): void {
    if (!this.position) return;
    const [x, y] = view.project(this.position);
    this.group.replaceChildren(
      svg(
        'g',
        { class: 'shown-position', 'data-lon': this.position[0], 'data-lat': this.position[1] },
        svg('circle', { cx: x, cy: y, r: RING_PX }),
        svg('path', { d: `M${x - HAIR_PX},${y}H${x + HAIR_PX}M${x},${y - HAIR_PX}V${y + HAIR_PX}` }),
      ),
    );
  }
}
