// Labelled form fields bound to one property of a plain object, so a form can be rebuilt (on a
// change of language) from what was typed without losing it.
import { html } from './dom.js';

type Keys<T, V> = { [K in keyof T]: T[K] extends V ? K : never }[keyof T];

export function textField<T>(
  label: string,
  target: T,
  key: Keys<T, string>,
  type = 'text',
  /** More of the input's attributes: `required`, a number's `step`. */
  attributes: Record<string, string | boolean> = {},
): HTMLLabelElement {
  const input = html('input', { type, name: String(key), value: String(target[key]), ...attributes });
  input.addEventListener('input', () => {
    (target[key] as string) = input.value;
  });
  return html('label', {}, html('span', {}, label), input);
}

export function numberField<T>(label: string, target: T, key: Keys<T, number>): HTMLLabelElement {
  const input = html('input', { type: 'number', name: String(key), value: String(target[key]) });
  input.addEventListener('input', () => {
    (target[key] as number) = Number(input.value);
  });
  return html('label', {}, html('span', {}, label), input);
}

export function checkField<T>(label: string, target: T, key: Keys<T, boolean>): HTMLLabelElement {
  const input = html('input', { type: 'checkbox', name: String(key), checked: Boolean(target[key]) });
  input.addEventListener('change', () => {
    (target[key] as boolean) = input.checked;
  });
  return html('label', { class: 'check' }, input, html('span', {}, label));
}

export function selectField<T>(
  label: string,
  target: T,
  key: Keys<T, string>,
  options: [value: string, text: string][],
  onChange: () => void = () => {},
): HTMLLabelElement {
  const select = html(
    'select',
    { name: String(key) },
    ...options.map(([value, text]) => html('option', { value, selected: value === target[key] }, text)),
  );
  select.addEventListener('change', () => {
    (target[key] as string) = select.value;
    onChange();
  });
  return html('label', {}, html('span', {}, label), select);
}
