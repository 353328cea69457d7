// A count in words by the plural rules of the reader's language (Intl.PluralRules): English has one
// and other, Russian one, few and many, Arabic zero, one, two, few, many and other. A table's entry
// gives each form as `category:text`, separated by `|`, with {count} in it; a form left out reads as
// `other`, which every entry has.
import { language } from './language.js';
import { type StringKey, t } from './strings.js';

export function plural(key: StringKey, count: number, values: Record<string, string | number> = {}): string {
  const forms = new Map(
    t(key, { ...values, count: new Intl.NumberFormat(language()).format(count) })
      .split('|')
      .map((form) => [form.slice(0, form.indexOf(':')), form.slice(form.indexOf(':') + 1)]),
  );
  return forms.get(new Intl.PluralRules(language()).select(count)) ?? forms.get('other') ?? '';
}
