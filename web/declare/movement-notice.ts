// What a humanitarian notification of a movement tells the parties besides its route and schedule:
// the agencies it moves for, the places it leaves from and goes to by name, its vehicles' plates and
// markings, its cargo, whom to reach on the way and notes on the schedule. Held by the declare form,
// written into the movement declaration, read back from one to be amended, and asked for by a fieldset.
import type { DeclarationBody, Party } from '../hub/views.js';
import { t } from '../i18n/strings.js';
import { html } from '../ui/dom.js';
import { textField } from '../ui/fields.js';
import { partyChecklist } from './party-checklist.js';

export interface MovementNotice {
  /** The parties the movement is declared for: they see it. */
  onBehalfOf: string[];
  origin: string;
  destination: string;
  /** Plates as typed: separated by commas. */
  plates: string;
  markings: string;
  cargo: string;
  contactName: string;
  contactPhone: string;
  contactRadio: string;
  scheduleNotes: string;
}

export const emptyNotice = (): MovementNotice => ({
  onBehalfOf: [],
  origin: '',
  destination: '',
  plates: '',
  markings: '',
  cargo: '',
  contactName: '',
  contactPhone: '',
  contactRadio: '',
  scheduleNotes: '',
});

const given = <K extends string>(key: K, value: string) =>
  value.trim() ? ({ [key]: value.trim() } as Record<K, string>) : {};

/**
 * The notice's fields of a movement declaration. What the form does not show of the version it
 * replaces is kept: the contacts after the first, and the vehicles' other fields.
 */
export function noticeFields(notice: MovementNotice, replaced?: DeclarationBody): Record<string, unknown> {
  const plates = notice.plates
    .split(',')
    .map((plate) => plate.trim())
    .filter(Boolean);
  const contact = notice.contactName.trim()
    ? [
        {
          name: notice.contactName.trim(),
          ...given('phone', notice.contactPhone),
          ...given('radio', notice.contactRadio),
        },
      ]
    : [];
  const { plates: _plates, markings: _markings, ...vehiclesKept } = replaced?.vehicles ?? {};
  const contacts = [...contact, ...(replaced?.contacts?.slice(1) ?? [])];
  return {
    ...(notice.onBehalfOf.length > 0 ? { on_behalf_of: notice.onBehalfOf } : {}),
    ...given('origin', notice.origin),
    ...given('destination', notice.destination),
    ...given('cargo', notice.cargo),
    ...given('notes', notice.scheduleNotes),
    ...(contacts.length > 0 ? { contacts } : {}),
    vehicles: {
      ...vehiclesKept,
      ...(plates.length > 0 ? { plates } : {}),
      ...given('markings', notice.markings),
    },
  };
}

/** The notice a movement declaration gives, to be amended in the form. */
export function noticeOf(body: DeclarationBody): MovementNotice {
  const contact = body.contacts?.[0];
  return {
    onBehalfOf: body.on_behalf_of ?? [],
    origin: body.origin ?? '',
    destination: body.destination ?? '',
    plates: (body.vehicles?.plates ?? []).join(', '),
    markings: body.vehicles?.markings ?? '',
    cargo: body.cargo ?? '',
    contactName: contact?.name ?? '',
    contactPhone: contact?.phone ?? '',
    contactRadio: contact?.radio ?? '',
    scheduleNotes: body.notes ?? '',
  };
}

/** The fieldset that asks for the notice; `others` are the parties it may be declared for. */
export function noticeFieldset(notice: MovementNotice, others: Party[]): HTMLFieldSetElement {
  return html(
    'fieldset',
    { class: 'movement-notice' },
    html('legend', {}, t('notice.legend')),
    others.length > 0
      ? partyChecklist(t('notice.onBehalfOf'), others, notice, 'onBehalfOf', { class: 'on-behalf-of' })
      : null,
    html(
      'div',
      { class: 'row' },
      textField(t('notice.origin'), notice, 'origin'),
      textField(t('notice.destination'), notice, 'destination'),
    ),
    html(
      'div',
      { class: 'row' },
      textField(t('notice.plates'), notice, 'plates'),
      textField(t('notice.markings'), notice, 'markings'),
    ),
    textField(t('notice.cargo'), notice, 'cargo'),
    html(
      'div',
      { class: 'row' },
      textField(t('notice.contactName'), notice, 'contactName'),
      textField(t('notice.contactPhone'), notice, 'contactPhone', 'tel'),
      textField(t('notice.contactRadio'), notice, 'contactRadio'),
    ),
    textField(t('notice.scheduleNotes'), notice, 'scheduleNotes'),
  );
}
