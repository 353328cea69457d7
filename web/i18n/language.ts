// The language of the page, chosen per operator and remembered in this browser. Arabic turns the
// whole page right to left through the document's `dir`, so layout follows without per-view code.
export const LANGUAGES = ['en', 'ru', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

const listeners: (() => void)[] = [];
let current: Language = 'en';

const storageKey = (operator: string | null) => `deconflict.language${operator ? `.${operator}` : ''}`;

function isLanguage(value: unknown): value is Language {
  return LANGUAGES.includes(value as Language);
}

export function language(): Language {
  return current;
}

/** The language this operator chose here before, else the last one chosen, else the browser's. */
export function rememberedLanguage(operator: string | null): Language {
  const kept = localStorage.getItem(storageKey(operator)) ?? localStorage.getItem(storageKey(null));
  if (isLanguage(kept)) return kept;
  const browser = navigator.language.slice(0, 2);
  return isLanguage(browser) ? browser : 'en';
}

export function setLanguage(next: Language, operator: string | null): void {
  current = next;
  localStorage.setItem(storageKey(null), next);
  if (operator) localStorage.setItem(storageKey(operator), next);
  document.documentElement.lang = next;
  document.documentElement.dir = next === 'ar' ? 'rtl' : 'ltr';
  for (const listener of listeners) listener();
}

export function onLanguageChange(listener: () => void): void {
  listeners.push(listener);
}
