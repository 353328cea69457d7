// The picture's side panel: which layers are shown, the open alerts, and the conflicts and
// declarations the party may see, each a click away from the map; the party's own a click away from
// being amended or withdrawn.
import { conflictAnswer } from './declare/conflict-answer.js';
import type { AlertView, ConflictView, DeclarationListing } from './hub/views.js';
import { t } from './i18n/strings.js';
import type { PictureData } from './picture-data.js';
import { describeDeclaration } from './ui/describe.js';
import { html } from './ui/dom.js';
import { alertList } from './watch/alert-list.js';
import type { OpenAlerts } from './watch/open-alerts.js';

export const LAYERS = [
  'tracks',
  'alerts',
  'zones',
  'operations',
  'movements',
  'sites',
  'conflicts',
  'places',
] as const;

export class PicturePanel {
  readonly element = html('section', { class: 'picture' });
  private readonly hidden = new Set<string>();

  constructor(
    private readonly data: PictureData,
    private readonly alerts: OpenAlerts,
    private readonly map: SVGSVGElement,
    private readonly show: (listing: DeclarationListing) => void,
    private readonly showAlert: (alert: AlertView) => void,
    private readonly amend: (listing: DeclarationListing) => void,
    private readonly zoomToWindow: (listing: DeclarationListing) => void,
    /** Opens the composer addressed to the roster the other declaration of a conflict names. */
    private readonly message: (conflict: ConflictView) => void,
  ) {}

  render(): void {
    const toggles = LAYERS.map((layer) => {
      const box = html('input', { type: 'checkbox', checked: !this.hidden.has(layer), 'data-layer': layer });
      box.addEventListener('change', () => {
        if (box.checked) this.hidden.delete(layer);
        else this.hidden.add(layer);
        this.map.classList.toggle(`hide-${layer}`, !box.checked);
      });
      return html('label', { class: 'check' }, box, html('span', {}, t(`layer.${layer}`)));
    });
    const own = this.data.declarations.filter((d) => d.party === this.data.ownParty);
    const others = this.data.declarations.filter((d) => d.party !== this.data.ownParty);
    this.element.replaceChildren(
      html('h2', {}, t('layers')),
      html('div', { class: 'layer-toggles' }, ...toggles),
      ...alertList(this.alerts.all(), this.data, this.showAlert),
      html('h2', {}, `${t('conflicts')} (${this.data.conflicts.length})`),
      html(
        'ul',
        { class: 'conflict-list' },
        ...this.data.conflicts.map((c) => conflictAnswer(c, this.data.ownParty, this.data, this.message)),
      ),
      html('h2', {}, `${t('ownDeclarations')} (${own.length})`),
      html('ul', { class: 'declaration-list' }, ...own.map((d) => this.item(d))),
      html('h2', {}, `${t('othersDeclarations')} (${others.length})`),
      html('ul', { class: 'declaration-list' }, ...others.map((d) => this.item(d))),
    );
  }

  /**
   * A declaration in the list: clicking it shows it on the map, at a time it is valid; its window
   * can be zoomed to, to follow it through time.
   */
  private item(listing: DeclarationListing): HTMLElement {
    const button = html(
      'button',
      { type: 'button', class: 'link', 'data-declaration': listing.id },
      describeDeclaration(listing, this.data),
    );
    button.addEventListener('click', () => this.show(listing));
    const zoom = html(
      'button',
      { type: 'button', class: 'zoom-window', 'data-zoom-window': listing.id },
      t('zoomToWindow'),
    );
    zoom.addEventListener('click', () => this.zoomToWindow(listing));
    if (listing.party !== this.data.ownParty) return html('li', {}, button, zoom);
    const amend = html(
      'button',
      { type: 'button', class: 'amend', 'data-amend': listing.id },
      t('amendOrWithdraw'),
    );
    amend.addEventListener('click', () => this.amend(listing));
    return html('li', { class: 'own' }, button, zoom, amend);
  }
}
