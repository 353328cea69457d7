// An operator as the hotline names one: by the name in the hub's directory with its id beside, so the
// officer knows whom to call and can still tell apart two of the same name; by the id alone while the
// directory does not have it. Name and id are each in a <bdi>, as the party wrote them, so that an
// Arabic name and a Latin id do not reorder each other or the sentence around them.
import { html } from '../ui/dom.js';

/** The operator's name in the directory, if it has it. */
export type OperatorName = (id: string) => string | undefined;

export function operatorNamed(id: string, operatorName: OperatorName): HTMLElement {
  const name = operatorName(id);
  return name === undefined
    ? html('bdi', { 'data-operator': id }, id)
    : html('span', { 'data-operator': id }, html('bdi', {}, name), ' (', html('bdi', {}, id), ')');
}
