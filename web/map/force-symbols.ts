// MIL-STD-2525C symbols (through milsymbol) for forces, their activities and their live tracks. The
// hub takes no claims about other parties, so only the viewer's own party is drawn as friend; another
// party's declarations are neutral — a frame, never a hostility the hub would be asserting — and its
// live tracks unknown, as any track the viewer has not itself identified.
import ms from 'milsymbol';
import { svg } from '../ui/dom.js';

/** Function ids (2525C positions 5–10) for what a declaration says a party does. */
const FUNCTION_ID: Record<string, string> = {
  'own-position': 'GPUCI-----',
  air: 'APMF------',
  drone: 'APMFQ-----',
  ground: 'GPUC------',
  exercise: 'GPUC------',
  movement: 'GPEVC-----',
};

/** Tracks are redrawn every second: each symbol is rendered once and its image reused. */
const rendered = new Map<string, { href: string; x: number; y: number; width: number; height: number }>();

/** An SVG image of the symbol `sidc`, anchored at the origin. */
function symbolImage(sidc: string, size: number, className: string): SVGImageElement {
  const key = `${sidc}/${size}`;
  let image = rendered.get(key);
  if (!image) {
    const symbol = new ms.Symbol(sidc, { size });
    const anchor = symbol.getAnchor();
    image = { href: symbol.toDataURL(), x: -anchor.x, y: -anchor.y, ...symbol.getSize() };
    rendered.set(key, image);
  }
  return svg('image', { class: className, ...image });
}

/** The symbol of a declared activity, or null for an unknown function. */
export function forceSymbol(what: string, own: boolean, size = 22): SVGImageElement | null {
  const functionId = FUNCTION_ID[what];
  if (functionId === undefined) return null;
  const sidc = `S${own ? 'F' : 'N'}${functionId.slice(0, 1)}P${functionId.slice(2)}-----`.slice(0, 15);
  return symbolImage(sidc, size, 'force-symbol');
}

/** A live track: air or ground by whether it flies, with no function the report does not give. */
export function trackSymbol(own: boolean, airborne: boolean, size = 20): SVGImageElement {
  return symbolImage(`S${own ? 'F' : 'U'}${airborne ? 'A' : 'G'}P-----------`, size, 'track-symbol');
}
