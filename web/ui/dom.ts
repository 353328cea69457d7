// Building the page from hub data with textContent and attributes only, never HTML strings, so that
// no declaration title or message text can become markup.

type Child = Node | string | null | undefined | false;

export function html<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  for (const child of children) if (child) element.append(child);
  return element;
}

export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | undefined> = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  setAttributes(element, attributes);
  for (const child of children) if (child) element.append(child);
  return element;
}

function setAttributes(
  element: Element,
  attributes: Record<string, string | number | boolean | undefined>,
): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
}

/**
 * Puts `children` in `element` only where they differ from what it holds: a live region (status,
 * alert) drawn again the same is then not read out again to a screen reader, nor a focus lost.
 */
export function replaceChildrenIfChanged(element: Element, children: Element[]): void {
  if (children.map((child) => child.outerHTML).join('') === element.innerHTML) return;
  element.replaceChildren(...children);
}
