// State-based prediction of a loss of separation between two tracks, as BlueSky's StateBased
// detection does it: both fly straight at their present velocity; the pair loses separation while
// it is within the horizontal minimum and the vertical minimum at once, and is in conflict when that
// happens within the lookahead. Boundaries are closed, as everywhere in the hub: a predicted miss
// equal to the minimum is a loss.
//
// The local tangent plane is the pair's own: the plane normal to the mean of the two geodetic ups,
// through their feet. Relative position is the ECEF chord between the feet, relative velocity the
// difference of the ECEF ground velocities, both with their component along that normal removed. At
// 5 NM the chord is shorter than the geodesic by s³/24R² < 1 mm, each track's own horizontal is
// tilted by s/2R ≈ 0.7 mrad from the pair's plane (a speed error of 1 − cos, ~3e-7), and flying the
// straight line in the plane rather than along the ellipsoid shortens the distance flown by about
// s³/3R² (under 4 m after 75 km of flight, far below what a 3°/s turn does to the straight-line
// assumption itself). So the error at the minima is millimetres, and it grows only for pairs far
// apart, whose prediction is refreshed by the next report long before it matters.
import { K } from './track-kinematics.js';

export interface PairMinima {
  horizontalM: number;
  verticalM: number;
}

/** BlueSky's defaults: 5 NM, 1,000 ft, and a 300 s lookahead. */
export const BLUESKY_MINIMA: PairMinima = { horizontalM: 5 * 1852, verticalM: 1000 * 0.3048 };
export const BLUESKY_LOOKAHEAD_S = 300;

/** What a prediction writes, at these offsets of its output array. */
export const LOSS = {
  /** Seconds from the pair's time until separation is lost; 0 when it already is. */
  timeToLossS: 0,
  /** Seconds from the pair's time until separation is regained; Infinity when never (flying in formation). */
  lossEndsS: 1,
  /** Seconds from the pair's time to the horizontally closest point within the loss and the lookahead. */
  closestS: 2,
  /** Horizontal and vertical metres between the two at that point: the predicted miss. */
  horizontalMissM: 3,
  verticalMissM: 4,
  /** The pair's time (the later of the two reports), seconds since the epoch. */
  atS: 5,
} as const;
export const LOSS_SIZE = 6;

/** Relative velocities below this (m/s, squared) are parallel: the horizontal distance never changes. */
const PARALLEL_WW = 1e-12;

/** The pair's numbers at its time (see pairAt): relative position and velocity in the pair's plane. */
const PAIR = { dd: 0, dw: 1, ww: 2, dz: 3, dvz: 4, t: 5, da: 6, db: 7 } as const;
const pair = new Float64Array(8);

/**
 * Fills `pair` for the tracks at offsets `a` and `b`, seen from the later of their two reports (the
 * earlier one is flown forward to it at its velocity).
 */
function pairAt(k: Float64Array, a: number, b: number): void {
  const ta = k[a + K.time] as number;
  const tb = k[b + K.time] as number;
  const t = Math.max(ta, tb);
  const da = t - ta;
  const db = t - tb;
  const vax = k[a + K.vx] as number;
  const vay = k[a + K.vy] as number;
  const vaz = k[a + K.vz] as number;
  const vbx = k[b + K.vx] as number;
  const vby = k[b + K.vy] as number;
  const vbz = k[b + K.vz] as number;
  // Relative position (b − a) at time t and relative velocity, in ECEF. Written as differences of
  // like terms, so that swapping a and b negates every number exactly: the answer cannot depend on
  // which of the two reported last.
  let rx = (k[b + K.x] as number) - (k[a + K.x] as number) + (vbx * db - vax * da);
  let ry = (k[b + K.y] as number) - (k[a + K.y] as number) + (vby * db - vay * da);
  let rz = (k[b + K.z] as number) - (k[a + K.z] as number) + (vbz * db - vaz * da);
  let wx = vbx - vax;
  let wy = vby - vay;
  let wz = vbz - vaz;
  // The pair's plane: remove the components along the mean up.
  const mx = (k[a + K.upX] as number) + (k[b + K.upX] as number);
  const my = (k[a + K.upY] as number) + (k[b + K.upY] as number);
  const mz = (k[a + K.upZ] as number) + (k[b + K.upZ] as number);
  const mm = mx * mx + my * my + mz * mz;
  const rUp = (rx * mx + ry * my + rz * mz) / mm;
  rx -= rUp * mx;
  ry -= rUp * my;
  rz -= rUp * mz;
  const wUp = (wx * mx + wy * my + wz * mz) / mm;
  wx -= wUp * mx;
  wy -= wUp * my;
  wz -= wUp * mz;
  const climbA = k[a + K.climb] as number;
  const climbB = k[b + K.climb] as number;
  pair[PAIR.dd] = rx * rx + ry * ry + rz * rz;
  pair[PAIR.dw] = rx * wx + ry * wy + rz * wz;
  pair[PAIR.ww] = wx * wx + wy * wy + wz * wz;
  pair[PAIR.dz] = (k[b + K.alt] as number) - (k[a + K.alt] as number) + (climbB * db - climbA * da);
  pair[PAIR.dvz] = climbB - climbA;
  pair[PAIR.t] = t;
  pair[PAIR.da] = da;
  pair[PAIR.db] = db;
}

/**
 * Whether the tracks at offsets `a` and `b` of `kinematics` lose separation within `lookaheadS`,
 * seen from the later of their two reports (the earlier one is flown forward to it). Writes the
 * prediction into `out` when they do; allocates nothing.
 */
export function predictLoss(
  kinematics: Float64Array,
  a: number,
  b: number,
  minima: PairMinima,
  lookaheadS: number,
  out: Float64Array,
): boolean {
  pairAt(kinematics, a, b);
  const dd = pair[PAIR.dd] as number;
  const dw = pair[PAIR.dw] as number;
  const ww = pair[PAIR.ww] as number;
  const h2 = minima.horizontalM * minima.horizontalM;

  // Horizontally within the minimum during [inH, outH].
  let inH: number;
  let outH: number;
  let closest: number;
  if (ww < PARALLEL_WW) {
    if (dd > h2) return false;
    inH = Number.NEGATIVE_INFINITY;
    outH = Number.POSITIVE_INFINITY;
    closest = 0;
  } else {
    closest = -dw / ww;
    const miss2 = Math.max(0, dd - (dw * dw) / ww);
    if (miss2 > h2) return false;
    const half = Math.sqrt((h2 - miss2) / ww);
    inH = closest - half;
    outH = closest + half;
  }

  // Vertically within the minimum during [inV, outV].
  const dz = pair[PAIR.dz] as number;
  const dvz = pair[PAIR.dvz] as number;
  const v = minima.verticalM;
  let inV: number;
  let outV: number;
  if (dvz === 0) {
    if (Math.abs(dz) > v) return false;
    inV = Number.NEGATIVE_INFINITY;
    outV = Number.POSITIVE_INFINITY;
  } else {
    const t1 = (-v - dz) / dvz;
    const t2 = (v - dz) / dvz;
    inV = Math.min(t1, t2);
    outV = Math.max(t1, t2);
  }

  const lossIn = Math.max(inH, inV);
  const lossOut = Math.min(outH, outV);
  if (lossIn > lossOut || lossOut < 0 || lossIn > lookaheadS) return false;

  // The miss: at the horizontally closest point of the loss that lies ahead and within the lookahead.
  const from = Math.max(lossIn, 0);
  const until = Math.min(lossOut, lookaheadS);
  const at = closest < from ? from : Math.min(closest, until);
  out[LOSS.timeToLossS] = from;
  out[LOSS.lossEndsS] = lossOut;
  out[LOSS.closestS] = at;
  out[LOSS.horizontalMissM] = Math.sqrt(Math.max(0, dd + 2 * dw * at + ww * at * at));
  out[LOSS.verticalMissM] = Math.abs(dz + dvz * at);
  out[LOSS.atS] = pair[PAIR.t] as number;
  return true;
}

/** How fast a track whose velocity is unknown may be moving, for the reach bound below. */
export interface UnknownMotion {
  /** Over the ground, m/s, in any direction. */
  speedMs: number;
  /** Up or down, m/s. */
  climbMs: number;
}

/**
 * Whether separation may be lost within `horizonS` when one or both tracks have not said how they
 * move (`unknownA`, `unknownB`): such a track is held where it was reported (its kinematics carry no
 * velocity) and may be anywhere it can reach at `motion`'s speeds since that report; a known track
 * flies straight. So the pair may be in loss at τ when |r + wτ| ≤ H + S(τ + age) and
 * |dz + dvz τ| ≤ V + Z(τ + age), summed over the unknown tracks. Writes into `out` the earliest such
 * τ as the time to loss, with the distances then from where the unknown track was last seen.
 */
export function predictReach(
  kinematics: Float64Array,
  a: number,
  b: number,
  unknownA: boolean,
  unknownB: boolean,
  minima: PairMinima,
  motion: UnknownMotion,
  horizonS: number,
  out: Float64Array,
): boolean {
  pairAt(kinematics, a, b);
  const dd = pair[PAIR.dd] as number;
  const dw = pair[PAIR.dw] as number;
  const ww = pair[PAIR.ww] as number;
  const dz = pair[PAIR.dz] as number;
  const dvz = pair[PAIR.dvz] as number;
  const n = (unknownA ? 1 : 0) + (unknownB ? 1 : 0);
  const age = (unknownA ? (pair[PAIR.da] as number) : 0) + (unknownB ? (pair[PAIR.db] as number) : 0);
  const s = motion.speedMs * n;
  const z = motion.climbMs * n;
  const h = minima.horizontalM + motion.speedMs * age;
  const v = minima.verticalM + motion.climbMs * age;
  // Horizontally: (ww − s²)τ² + 2(dw − hs)τ + (dd − h²) ≤ 0. Vertically, two half-lines:
  // (dvz − z)τ ≤ v − dz and −(dvz + z)τ ≤ v + dz.
  const qa = ww - s * s;
  const qb = 2 * (dw - h * s);
  const qc = dd - h * h;
  const horizontal = (tau: number) => qa * tau * tau + qb * tau + qc <= 1e-9 * (h * h + 1);
  let vLo = 0;
  let vHi = horizonS;
  for (const [slope, bound] of [
    [dvz - z, v - dz],
    [-(dvz + z), v + dz],
  ] as const) {
    if (slope > 0) vHi = Math.min(vHi, bound / slope);
    else if (slope < 0) vLo = Math.max(vLo, bound / slope);
    else if (bound < 0) return false;
  }
  if (vLo > vHi) return false;
  // The feasible set is a union of intervals; its earliest point is the earliest of the candidates
  // (0, the vertical entry, the roots of the horizontal quadratic) that lies in it.
  let at = Number.POSITIVE_INFINITY;
  const consider = (tau: number) => {
    if (tau >= vLo && tau <= vHi && tau < at && horizontal(tau)) at = tau;
  };
  consider(vLo);
  if (qa !== 0) {
    const disc = qb * qb - 4 * qa * qc;
    if (disc >= 0) {
      const root = Math.sqrt(disc);
      consider((-qb - root) / (2 * qa));
      consider((-qb + root) / (2 * qa));
    }
  } else if (qb !== 0) consider(-qc / qb);
  if (!Number.isFinite(at)) return false;
  out[LOSS.timeToLossS] = at;
  out[LOSS.lossEndsS] = Number.POSITIVE_INFINITY;
  out[LOSS.closestS] = at;
  out[LOSS.horizontalMissM] = Math.sqrt(Math.max(0, dd + 2 * dw * at + ww * at * at));
  out[LOSS.verticalMissM] = Math.abs(dz + dvz * at);
  out[LOSS.atS] = pair[PAIR.t] as number;
  return true;
}
