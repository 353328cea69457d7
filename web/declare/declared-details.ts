// A movement as the hub accepted it, read back from the hub's listing: what the parties it is shown
// to will read of it (route by name, times, vehicles, cargo, contact, on whose behalf), and the
// button that opens the notification to them, written from it, for the officer to check and send.
import type { DeclarationListing } from '../hub/views.js';
import { formatMetres, formatTime } from '../i18n/format.js';
import { t } from '../i18n/strings.js';
import { isolate } from '../ui/describe.js';
import { html } from '../ui/dom.js';
import { movementTimes } from './movement-times.js';

interface Names {
  partyName(id: string): string;
}

export function declaredDetails(
  listing: DeclarationListing,
  names: Names,
  notify: (listing: DeclarationListing) => void,
): HTMLElement {
  const body = listing.declaration;
  const contact = body.contacts?.[0];
  const times = movementTimes(listing);
  const band =
    body.altitude_lower_m === undefined || body.altitude_upper_m === undefined
      ? undefined
      : `${formatMetres(body.altitude_lower_m)} – ${formatMetres(body.altitude_upper_m)}`;
  const rows: [part: string, label: string, value: string | undefined][] = [
    ['title', t('title'), isolate(body.title)],
    [
      'on-behalf-of',
      t('notice.onBehalfOf'),
      body.on_behalf_of?.map((id) => isolate(names.partyName(id))).join(', '),
    ],
    [
      'route',
      t('notice.route'),
      body.origin || body.destination
        ? `${isolate(body.origin ?? '?')} → ${isolate(body.destination ?? '?')}`
        : undefined,
    ],
    ['departure', t('notice.departure'), formatTime(times.departure)],
    ['arrival', t('notice.arrival'), formatTime(times.arrival)],
    ['band', t('notice.band'), band],
    ['vehicles', t('vehicles'), String(body.vehicles?.count ?? '')],
    ['plates', t('notice.platesShown'), body.vehicles?.plates?.join(', ')],
    ['markings', t('notice.markings'), body.vehicles?.markings],
    ['cargo', t('notice.cargo'), body.cargo],
    [
      'contact',
      t('notice.contactName'),
      contact ? [contact.name, contact.phone, contact.radio].filter(Boolean).join(', ') : undefined,
    ],
    ['notes', t('notice.scheduleNotes'), body.notes],
  ];
  const notifyButton = html(
    'button',
    { type: 'button', class: 'primary', 'data-test': 'notify' },
    t('notifyParties'),
  );
  notifyButton.addEventListener('click', () => notify(listing));
  return html(
    'div',
    { class: 'declared-details', 'data-declared': listing.id },
    html(
      'dl',
      {},
      ...rows
        .filter(([, , value]) => value)
        .flatMap(([part, label, value]) => [html('dt', {}, label), html('dd', { 'data-part': part }, value)]),
    ),
    html('p', { class: 'hint' }, t('notifyHint')),
    notifyButton,
  );
}
