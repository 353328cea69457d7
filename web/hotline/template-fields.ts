// A template's fields as form inputs, each asked for the way its type needs (a position as latitude
// and longitude, or picked on the map; a time in UTC; a choice from its values), and what was typed
// turned into the data the hub checks: a position is [longitude, latitude], a time RFC 3339.
import type { TemplateView } from '../hub/views.js';
import { t } from '../i18n/strings.js';
import type { PositionPick } from '../map/position-pick.js';
import { html } from '../ui/dom.js';
import { selectField, textField } from '../ui/fields.js';

type Field = TemplateView['fields'][number];
/** What the officer typed, by field name; a position as `<name>.lat` and `<name>.lon`. */
export type Typed = Record<string, string>;

const lat = (field: Field) => `${field.name}.lat`;
const lon = (field: Field) => `${field.name}.lon`;

function positionInputs(field: Field, typed: Typed, picker: PositionPick, changed: () => void): HTMLElement {
  typed[lat(field)] ??= '';
  typed[lon(field)] ??= '';
  const coordinate = { type: 'number', step: 'any', required: field.required };
  const pick = html('button', { type: 'button', 'data-test': `pick-${field.name}` }, t('pickOnMap'));
  pick.addEventListener('click', () => {
    picker.pick(([longitude, latitude]) => {
      typed[lat(field)] = latitude.toFixed(5);
      typed[lon(field)] = longitude.toFixed(5);
      changed();
    });
    changed();
  });
  return html(
    'fieldset',
    { class: 'position', 'data-field': field.name },
    html('legend', {}, field.label),
    textField(t('latitude'), typed, lat(field), 'number', { ...coordinate, min: '-90', max: '90' }),
    textField(t('longitude'), typed, lon(field), 'number', { ...coordinate, min: '-180', max: '180' }),
    pick,
    picker.picking ? html('p', { class: 'hint', role: 'status' }, t('pickHint')) : null,
  );
}

/** The inputs for each of the template's fields, bound to `typed`; `changed` redraws the form. */
export function templateInputs(
  template: TemplateView,
  typed: Typed,
  picker: PositionPick,
  changed: () => void,
): HTMLElement[] {
  return template.fields.map((field) => {
    if (field.type === 'position') return positionInputs(field, typed, picker, changed);
    typed[field.name] ??= '';
    const required = { required: field.required };
    switch (field.type) {
      case 'choice':
        return selectField(field.label, typed, field.name, [
          ['', '—'],
          ...(field.choices ?? []).map((choice): [string, string] => [choice.value, choice.label]),
        ]);
      case 'time':
        return textField(t('inUtc', { label: field.label }), typed, field.name, 'datetime-local', required);
      case 'integer':
        return textField(field.label, typed, field.name, 'number', { ...required, min: '0', step: '1' });
      default:
        return textField(field.label, typed, field.name, 'text', required);
    }
  });
}

function value(field: Field, typed: Typed): unknown {
  switch (field.type) {
    case 'position':
      return [Number(typed[lon(field)]), Number(typed[lat(field)])];
    case 'time':
      // datetime-local gives minutes, in UTC as the label says.
      return `${typed[field.name]}:00Z`;
    case 'integer':
      return Number(typed[field.name]);
    case 'declarations':
      return (typed[field.name] ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean);
    default:
      return typed[field.name];
  }
}

/** The template's fields as sent: those left empty are left out, for the hub to name if required. */
export function templateData(template: TemplateView, typed: Typed): Record<string, unknown> {
  const filled = (field: Field) =>
    field.type === 'position' ? Boolean(typed[lat(field)] || typed[lon(field)]) : Boolean(typed[field.name]);
  return Object.fromEntries(template.fields.filter(filled).map((field) => [field.name, value(field, typed)]));
}
