// Which way a ring turns. The ring fits in the open hemisphere around c (validation checks that
// first), where the gnomonic projection from the centre of the Earth maps great-circle arcs to
// straight segments: the projected polygon is the spherical one, drawn flat, and the sign of its
// signed area is the winding. That area is ½ Σ det[c, vᵢ, vᵢ₊₁] / ((c·vᵢ)(c·vᵢ₊₁)); the
// determinants are taken as det[c, vᵢ − c, vᵢ₊₁ − c] (equal, since det[c, c, ·] = 0) so that their
// rounding error scales with the polygon, not with the Earth, and the sum is accepted only when it
// exceeds a bound on its rounding error. A simple ring always has non-zero area, so "undecided" only
// happens for slivers far thinner than any real outline (about 1e-9 of the polygon's size).
import type { Vec3, Vertex } from './shape.js';

export type Winding = 'counter-clockwise' | 'clockwise' | 'undecided';

const U = 2 ** -53;

export function ringWinding(ring: readonly Vertex[], centre: Vec3): Winding {
  // Unit length, so that vᵢ − c is as small as the polygon (any c would do for the sign).
  const length = Math.hypot(centre[0], centre[1], centre[2]);
  const c: Vec3 = [centre[0] / length, centre[1] / length, centre[2] / length];
  let sum = 0;
  let magnitude = 0;
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const v = (ring[i] as Vertex).n;
    const w = (ring[(i + 1) % n] as Vertex).n;
    const dx = v[0] - c[0];
    const dy = v[1] - c[1];
    const dz = v[2] - c[2];
    const ex = w[0] - c[0];
    const ey = w[1] - c[1];
    const ez = w[2] - c[2];
    const det = c[0] * (dy * ez - dz * ey) + c[1] * (dz * ex - dx * ez) + c[2] * (dx * ey - dy * ex);
    const scale =
      Math.abs(c[0]) * (Math.abs(dy * ez) + Math.abs(dz * ey)) +
      Math.abs(c[1]) * (Math.abs(dz * ex) + Math.abs(dx * ez)) +
      Math.abs(c[2]) * (Math.abs(dx * ey) + Math.abs(dy * ex));
    const cv = c[0] * v[0] + c[1] * v[1] + c[2] * v[2];
    const cw = c[0] * w[0] + c[1] * w[1] + c[2] * w[2];
    sum += det / (cv * cw);
    magnitude += scale / (cv * cw);
  }
  // Generous: the differences, products, divisions and the sum each add a few ulps per term.
  const bound = 64 * (n + 8) * U * magnitude;
  if (sum > bound) return 'counter-clockwise';
  if (sum < -bound) return 'clockwise';
  return 'undecided';
}
