// A sentence of the interface with names or ids a party wrote in it, each in a <bdi> of its own, so
// that an English id keeps its order inside an Arabic sentence and back, and the page's text holds
// no invisible marks (as the Unicode isolates of a plain string would). A value that is already an
// element (a name with its id) goes in as it is: it isolates its own words.
import { type StringKey, t } from '../i18n/strings.js';
import { html } from './dom.js';

export function isolatedWords(
  key: StringKey,
  values: Record<string, string | number>,
  isolated: Record<string, string | Node>,
): (Node | string)[] {
  // Stand-ins no sentence contains, found again once the sentence is put together.
  const stand = (name: string) => `\u0000${name}\u0000`;
  const sentence = t(key, {
    ...values,
    ...Object.fromEntries(Object.keys(isolated).map((name) => [name, stand(name)])),
  });
  return sentence
    .split('\u0000')
    .map((part, i) => {
      const value = i % 2 === 1 ? isolated[part] : undefined;
      if (value === undefined) return part;
      return typeof value === 'string' ? html('bdi', {}, value) : value;
    })
    .filter((part) => part !== '');
}
