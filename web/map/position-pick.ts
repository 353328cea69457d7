// Picking one position on the map for a form: the next click (not a drag) on the map is taken as
// the position, once; the map shows a crosshair meanwhile.
import type { MapView } from './map-view.js';

export class PositionPick {
  private waiting: ((position: [number, number]) => void) | null = null;

  constructor(private readonly view: MapView) {
    view.onClick((position) => {
      const picked = this.waiting;
      if (!picked) return;
      this.stop();
      picked(position);
    });
  }

  /** Whether the next click on the map will be taken. */
  get picking(): boolean {
    return this.waiting !== null;
  }

  /** Takes the next click on the map as the position, in WGS84 [longitude, latitude]. */
  pick(picked: (position: [number, number]) => void): void {
    this.waiting = picked;
    this.view.element.classList.add('picking');
  }

  stop(): void {
    this.waiting = null;
    this.view.element.classList.remove('picking');
  }
}
