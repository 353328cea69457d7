// Said on the map when the operator's basemap is not drawn because its tiles follow a schema the
// picture does not know: the officer sees why the ground is only the world outline.
import { t } from '../i18n/strings.js';
import { html } from '../ui/dom.js';

export class GroundRefusedNotice {
  readonly element = html('p', {
    class: 'map-notice ground-refused',
    role: 'status',
    'data-test': 'basemap-refused',
  });

  constructor(private readonly layers: string[] | null) {
    this.draw();
  }

  /** In another language. */
  draw(): void {
    this.element.hidden = this.layers === null;
    this.element.textContent = this.layers
      ? t('basemapRefused', { layers: this.layers.join(', ') || '—' })
      : '';
  }
}
