// Tabs as WAI-ARIA has them: the chosen tab is the one stop for Tab, the arrows move between tabs
// (mirrored right to left, as the row is) and show each, Home and End go to the first and last. The
// panel they control is `tab-panel`, named by the chosen tab.
import { html } from './dom.js';

/** `choose` is told whether the keyboard chose, so that the focus follows to the new tab. */
export function tabButtons<T extends string>(
  names: readonly T[],
  chosen: T,
  label: (name: T) => string,
  choose: (name: T, fromKeyboard: boolean) => void,
): HTMLButtonElement[] {
  return names.map((name, index) => {
    const button = html(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `tab-${name}`,
        'aria-selected': String(chosen === name),
        'aria-controls': 'tab-panel',
        tabindex: chosen === name ? '0' : '-1',
        'data-tab': name,
        'data-test': `tab-${name}`,
      },
      label(name),
    );
    button.addEventListener('click', () => choose(name, false));
    button.addEventListener('keydown', (event) => {
      const forward = document.documentElement.dir === 'rtl' ? 'ArrowLeft' : 'ArrowRight';
      const backward = forward === 'ArrowLeft' ? 'ArrowRight' : 'ArrowLeft';
      const to: Record<string, number> = {
        [forward]: (index + 1) % names.length,
        [backward]: (index + names.length - 1) % names.length,
        Home: 0,
        End: names.length - 1,
      };
      const next = names[to[event.key] ?? -1];
      if (next === undefined) return;
      event.preventDefault();
      choose(next, true);
    });
    return button;
  });
}
