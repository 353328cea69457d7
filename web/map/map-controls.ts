// Buttons over the map for those who do not zoom with a wheel: in, out, and back to the theatre,
// each named in the reader's language for those who hear rather than see the symbol.
import type { StringKey } from '../i18n/strings.js';
import { t } from '../i18n/strings.js';
import { html } from '../ui/dom.js';
import type { MapView } from './map-view.js';

const STEP = 2;

export class MapControls {
  readonly element = html('div', { class: 'map-controls' });
  private readonly buttons: [HTMLButtonElement, StringKey][];

  constructor(view: MapView) {
    const button = (symbol: string, name: string, label: StringKey, act: () => void) => {
      const element = html('button', { type: 'button', 'data-map': name }, symbol);
      element.addEventListener('click', act);
      return [element, label] as [HTMLButtonElement, StringKey];
    };
    this.buttons = [
      button('+', 'zoom-in', 'zoomIn', () => view.zoomCentre(STEP)),
      button('−', 'zoom-out', 'zoomOut', () => view.zoomCentre(1 / STEP)),
      button('⌂', 'theatre', 'showTheatre', () => view.showTheatre()),
    ];
    this.element.append(...this.buttons.map(([element]) => element));
    this.render();
  }

  /** Names the buttons in the current language. */
  render(): void {
    for (const [element, label] of this.buttons) {
      element.setAttribute('aria-label', t(label));
      element.title = t(label);
    }
  }
}
