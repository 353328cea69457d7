// The map as a list, for an officer who does not see the map: the declarations drawn at the time
// shown, the live tracks where they are, and the open alerts, in words, following the layer switches.
// The map's description says how many of each it shows and points here; a button shows the list over
// the map for anyone, Escape hides it again. It is redrawn with the layers, item by item in place,
// so that a screen reader reading it is not thrown back to its start each second a track moves.
import type { AlertView, DeclarationListing, TrackView } from '../hub/views.js';
import { t } from '../i18n/strings.js';
import { html } from '../ui/dom.js';
import type { MapLayer, MapView } from './map-view.js';

export interface MapListSource {
  /** The declarations the map draws now. */
  declarations(): DeclarationListing[];
  tracks(): TrackView[];
  alerts(): AlertView[];
  describeDeclaration(listing: DeclarationListing): string;
  describeTrack(track: TrackView): string;
  describeAlert(alert: AlertView): string;
}

/** The layer switch (web/picture-panel.ts) that hides each kind of declaration. */
const LAYER_OF_KIND: Record<DeclarationListing['kind'], string> = {
  zone: 'zones',
  line: 'zones',
  operation: 'operations',
  movement: 'movements',
  site: 'sites',
};

const LIST_ID = 'map-as-list';
const SUMMARY_ID = 'map-summary';
/** Four decimals of a degree: about ten metres, finer than a track is reported. */
const POSITION_DECIMALS = 4;

export class MapAsList implements MapLayer {
  readonly toggle = html('button', {
    type: 'button',
    class: 'map-list-toggle',
    'aria-expanded': 'false',
    'aria-controls': LIST_ID,
    'data-test': 'map-as-list-toggle',
  });
  private readonly title = html('h2', { id: `${LIST_ID}-title` });
  private readonly summary = html('p', { id: SUMMARY_ID });
  private readonly headings = {
    declarations: html('h3', {}),
    tracks: html('h3', {}),
    alerts: html('h3', {}),
  };
  private readonly lists = {
    declarations: html('ul', { 'data-list': 'declarations' }),
    tracks: html('ul', { 'data-list': 'tracks' }),
    alerts: html('ul', { 'data-list': 'alerts' }),
  };
  /** Always read by screen readers; shown on screen once the button opens it. */
  readonly element = html(
    'section',
    {
      id: LIST_ID,
      class: 'map-as-list visually-hidden',
      'aria-labelledby': `${LIST_ID}-title`,
      tabindex: '-1',
    },
    this.title,
    this.summary,
    this.headings.declarations,
    this.lists.declarations,
    this.headings.tracks,
    this.lists.tracks,
    this.headings.alerts,
    this.lists.alerts,
  );

  constructor(
    private readonly map: SVGSVGElement,
    private readonly source: MapListSource,
  ) {
    map.setAttribute('aria-describedby', SUMMARY_ID);
    map.setAttribute('aria-details', LIST_ID);
    this.toggle.addEventListener('click', () => this.show(!this.shown));
    for (const element of [this.toggle, this.element])
      element.addEventListener('keydown', (event) => {
        if (event.key !== 'Escape' || !this.shown) return;
        this.show(false);
        this.toggle.focus();
      });
    // A layer switched off is no longer shown on the map, so no longer in the list.
    new MutationObserver(() => this.draw()).observe(map, { attributeFilter: ['class'] });
  }

  draw(_view?: MapView): void {
    const hidden = (layer: string) => this.map.classList.contains(`hide-${layer}`);
    const declarations = this.source.declarations().filter((d) => !hidden(LAYER_OF_KIND[d.kind]));
    const tracks = hidden('tracks') ? [] : this.source.tracks();
    const alerts = hidden('alerts') ? [] : this.source.alerts();
    this.map.setAttribute('aria-label', t('map'));
    this.toggle.textContent = t('mapAsList');
    this.title.textContent = t('mapAsList');
    this.summary.textContent = t('mapSummary', {
      declarations: declarations.length,
      tracks: tracks.length,
      alerts: alerts.length,
    });
    this.headings.declarations.textContent = t('mapDeclarations');
    this.headings.tracks.textContent = t('layer.tracks');
    this.headings.alerts.textContent = t('alerts');
    fill(
      this.lists.declarations,
      declarations.map((d) => [d.id, this.source.describeDeclaration(d)]),
    );
    fill(
      this.lists.tracks,
      tracks.map((track) => [
        track.id,
        `${this.source.describeTrack(track)} · ${t('latLonInline', {
          lat: track.lat.toFixed(POSITION_DECIMALS),
          lon: track.lon.toFixed(POSITION_DECIMALS),
        })}`,
      ]),
    );
    fill(
      this.lists.alerts,
      alerts.map((alert) => [alert.id, this.source.describeAlert(alert)]),
    );
  }

  private get shown(): boolean {
    return !this.element.classList.contains('visually-hidden');
  }

  /** Shown, the list is a stop for Tab, so that it scrolls from the keyboard; hidden, it is not. */
  private show(shown: boolean): void {
    this.element.classList.toggle('visually-hidden', !shown);
    this.element.tabIndex = shown ? 0 : -1;
    this.toggle.setAttribute('aria-expanded', String(shown));
  }
}

/** Sets a list's items by key, changing only the words that changed and the items that came or went. */
function fill(list: HTMLUListElement, items: [key: string, text: string][]): void {
  const rows: [string, string][] = items.length > 0 ? items : [['', t('noneShown')]];
  const existing = new Map(
    [...list.children].map((item) => [(item as HTMLElement).dataset.key ?? '', item as HTMLElement]),
  );
  const next = rows.map(([key, text]) => {
    const item = existing.get(key) ?? html('li', { 'data-key': key });
    if (item.textContent !== text) item.textContent = text;
    return item;
  });
  if (next.length !== list.children.length || next.some((item, i) => list.children[i] !== item))
    list.replaceChildren(...next);
}
