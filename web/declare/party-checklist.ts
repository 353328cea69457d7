// A fieldset of parties to tick, bound to a list of party ids: who may see a declaration, or the
// agencies a movement is declared for.
import { html } from '../ui/dom.js';

type Lists<T> = { [K in keyof T]: T[K] extends string[] ? K : never }[keyof T];

export function partyChecklist<T>(
  legend: string,
  parties: { id: string; name: string }[],
  target: T,
  key: Lists<T>,
  attributes: Record<string, string> = {},
): HTMLFieldSetElement {
  const ids = () => target[key] as string[];
  return html(
    'fieldset',
    attributes,
    html('legend', {}, legend),
    ...parties.map((party) => {
      const box = html('input', {
        type: 'checkbox',
        name: String(key),
        value: party.id,
        checked: ids().includes(party.id),
      });
      box.addEventListener('change', () => {
        (target[key] as string[]) = box.checked
          ? [...ids(), party.id]
          : ids().filter((id) => id !== party.id);
      });
      return html('label', { class: 'check' }, box, html('span', {}, party.name));
    }),
  );
}
