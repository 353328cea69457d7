import { parallel, sameDirection } from './orientation.js';
import type { GeoProblem, Vec3 } from './shape.js';

/**
 * Why two consecutive vertices cannot bound an arc, or null: a repeated position (an arc of no
 * length) or an antipodal one (infinitely many great circles join them).
 */
export function arcEndpointsProblem(previous: Vec3, next: Vec3, field: string): GeoProblem | null {
  if (sameDirection(previous, next))
    return { field, reason: 'repeats the previous position; remove the duplicate' };
  if (parallel(previous, next)) {
    return { field, reason: 'is antipodal to the previous position: the arc between them is undefined' };
  }
  return null;
}
