// Buttons over the map for those who do not zoom with a wheel: in, out, and back to the theatre.
import { html } from '../ui/dom.js';
import type { MapView } from './map-view.js';

const STEP = 2;

export function mapControls(view: MapView): HTMLElement {
  const button = (label: string, name: string, act: () => void) => {
    const element = html('button', { type: 'button', 'data-map': name, 'aria-label': name }, label);
    element.addEventListener('click', act);
    return element;
  };
  return html(
    'div',
    { class: 'map-controls' },
    button('+', 'zoom-in', () => view.zoomCentre(STEP)),
    button('−', 'zoom-out', () => view.zoomCentre(1 / STEP)),
    button('⌂', 'theatre', () => view.showTheatre()),
  );
}
