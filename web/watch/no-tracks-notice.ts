// Said on the map while no live track reaches the picture: an empty map must not read as a quiet
// sky, when it may be that no feed reports (none set up, or all silent).
import { t } from '../i18n/strings.js';
import { html } from '../ui/dom.js';

export class NoTracksNotice {
  readonly element = html('p', { class: 'map-notice', role: 'status', 'data-test': 'no-live-tracks' });

  constructor(private readonly trackCount: () => number) {
    this.draw();
  }

  /** After the tracks change, and in another language. */
  draw(): void {
    this.element.hidden = this.trackCount() > 0;
    this.element.textContent = t('noLiveTracks');
  }
}
