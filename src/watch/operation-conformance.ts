// Whether a track that its party links to a declared operation is inside one of that operation's
// volumes active now (window, altitude band, shape: closed, exact). A link to something that is not
// a live operation of the track's own party cannot be conformed to, and says so.
import type { KnownDeclaration } from '../deconfliction/deconfliction-state.js';
import { pointWithinM } from '../geo/point-within.js';
import type { Vertex } from '../geo/shape.js';

/** Why the track does not conform, or null when it does. */
export function nonConformance(
  operation: KnownDeclaration | undefined,
  party: string,
  altM: number,
  time: number,
  point: Vertex,
): string | null {
  if (operation === undefined || operation.kind !== 'operation' || operation.party !== party)
    return 'linked to an operation its party has not declared';
  if (operation.status !== 'live') return `its operation is ${operation.status}`;
  for (const volume of operation.volumes) {
    if (time < volume.timeStart || time > volume.timeEnd) continue;
    if (altM < volume.altitudeLowerM || altM > volume.altitudeUpperM) continue;
    if (pointWithinM(point, volume.shape, 0)) return null;
  }
  return 'outside every volume of its operation active now';
}
