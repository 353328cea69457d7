// The interface's words in the reader's language: English, Russian and Arabic, one table each. The
// English table defines the keys; the other two must have each of them, which the compiler checks.
import { language } from './language.js';
import { ar } from './strings-ar.js';
import { en, type StringKey } from './strings-en.js';
import { ru } from './strings-ru.js';

export type { StringKey };

const TABLES = { en, ru, ar } as const;

/** The text for `key` in the current language, with `{name}` filled in from `values`. */
export function t(key: StringKey, values: Record<string, string | number> = {}): string {
  return TABLES[language()][key].replace(/\{(\w+)\}/g, (_, name: string) =>
    String(values[name] ?? `{${name}}`),
  );
}
