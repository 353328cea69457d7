// A declaration clicked on the map: a small card where it was clicked, saying what it is and
// offering to zoom the map and the time to its window, so the officer can play a convoy along its
// route from the map as from the list. Escape or the close button puts it away.
import type { DeclarationListing } from '../hub/views.js';
import { t } from '../i18n/strings.js';
import { html } from '../ui/dom.js';

export class DeclarationPopup {
  readonly element = html('div', { class: 'map-popup', role: 'dialog', hidden: true });

  constructor(
    private readonly describe: (listing: DeclarationListing) => string,
    private readonly zoomToWindow: (listing: DeclarationListing) => void,
  ) {
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close();
    });
  }

  /** Opens the card for `listing` at `[x, y]` pixels in the map. */
  open(listing: DeclarationListing, [x, y]: [number, number]): void {
    const zoom = html('button', { type: 'button', 'data-test': 'zoom-window' }, t('zoomToWindow'));
    zoom.addEventListener('click', () => {
      this.close();
      this.zoomToWindow(listing);
    });
    const close = html('button', { type: 'button', class: 'close', 'aria-label': t('close') }, '×');
    close.addEventListener('click', () => this.close());
    this.element.setAttribute('aria-label', listing.declaration.title);
    this.element.setAttribute('data-declaration', listing.id);
    this.element.style.left = `${x}px`;
    this.element.style.top = `${y}px`;
    this.element.replaceChildren(close, html('p', {}, this.describe(listing)), zoom);
    this.element.hidden = false;
    zoom.focus();
  }

  close(): void {
    this.element.hidden = true;
  }
}
