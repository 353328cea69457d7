// MIL-STD-2525C symbols (through milsymbol) for forces and their activities. The hub takes no
// claims about other parties, so only the viewer's own party is drawn as friend; every other party
// is neutral — a frame, never a hostility the hub would be asserting.
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

/** An SVG image of the symbol, anchored at the origin, or null for an unknown function. */
export function forceSymbol(what: string, own: boolean, size = 22): SVGImageElement | null {
  const functionId = FUNCTION_ID[what];
  if (functionId === undefined) return null;
  const sidc = `S${own ? 'F' : 'N'}${functionId.slice(0, 1)}P${functionId.slice(2)}-----`.slice(0, 15);
  const symbol = new ms.Symbol(sidc, { size });
  const anchor = symbol.getAnchor();
  const { width, height } = symbol.getSize();
  return svg('image', {
    class: 'force-symbol',
    href: symbol.toDataURL(),
    x: -anchor.x,
    y: -anchor.y,
    width,
    height,
  });
}
