import { LANGUAGES, type Language, language, setLanguage } from '../i18n/language.js';
import { html } from './dom.js';

const NAMES: Record<Language, string> = { en: 'English', ru: 'Русский', ar: 'العربية' };

/** A choice of language, remembered for `operator` (or for this browser before sign-in). */
export function languagePicker(operator: string | null): HTMLSelectElement {
  const select = html(
    'select',
    { class: 'language', name: 'language', 'aria-label': 'Language / Язык / اللغة' },
    // Each language's name in itself, and said so, for a screen reader to speak it right.
    ...LANGUAGES.map((code) =>
      html('option', { value: code, lang: code, selected: code === language() }, NAMES[code]),
    ),
  );
  select.addEventListener('change', () => setLanguage(select.value as Language, operator));
  return select;
}
