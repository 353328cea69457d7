// A part of the page rebuilt while the officer works in it from the keyboard must not throw the
// focus away: it goes back to the same element if that stays, else to its replacement (the element
// with the same data-test or name, in the same message where it was in one), so that Enter, Tab and
// Space carry on where they were.

export function keepingFocus(element: HTMLElement, rebuild: () => void): void {
  const focused = document.activeElement;
  const inside = focused instanceof HTMLElement && element.contains(focused);
  rebuild();
  if (!inside || document.activeElement === focused) return;
  if (element.contains(focused)) {
    focused.focus();
    return;
  }
  const test = focused.dataset.test;
  const name = focused.getAttribute('name');
  const selector = test ? `[data-test="${test}"]` : name ? `[name="${name}"]` : null;
  // A Reply or an Acknowledge is one of many: the one of the same message.
  const message = focused.closest<HTMLElement>('[data-message]')?.dataset.message;
  const within = message ? `[data-message="${CSS.escape(message)}"] ` : '';
  if (selector) element.querySelector<HTMLElement>(`${within}${selector}`)?.focus();
}
