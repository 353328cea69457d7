// Where on one leg of its route a convoy can be at a given time. The schedule gives when it is due
// at each end of the leg; it may run late by up to its delay tolerance, never early (the leg's
// protection starts when it is due at the start, read-declaration.ts). So at time t it is between
// where the schedule puts it at t − tolerance and where it puts it at t: that stretch of the leg,
// or none when it cannot be on this leg at all.
import { angleBetween } from '../geo/great-circle-arc.js';
import { lonLatOf, vertexAt } from '../geo/n-vector.js';
import type { Shape, Vec3, Vertex } from '../geo/shape.js';

export interface ScheduledLeg {
  from: Vertex;
  to: Vertex;
  /** When the convoy is due at each end, ms. */
  dueFrom: number;
  dueTo: number;
  toleranceMs: number;
}

/** The stretch of the leg the convoy can be on at `time`, as a shape (point or arc), or null. */
export function convoyStretch(leg: ScheduledLeg, time: number): Shape | null {
  if (time < leg.dueFrom || time > leg.dueTo + leg.toleranceMs) return null;
  const ahead = fractionAt(leg, time);
  const behind = fractionAt(leg, time - leg.toleranceMs);
  const far = pointAt(leg, ahead);
  if (ahead === behind) return { core: { kind: 'point', at: far }, radiusM: 0 };
  return { core: { kind: 'polyline', vertices: [pointAt(leg, behind), far] }, radiusM: 0 };
}

/** How far along the leg the schedule puts the convoy at `time`, 0 to 1. */
export function fractionAt(leg: ScheduledLeg, time: number): number {
  if (leg.dueTo <= leg.dueFrom) return time >= leg.dueTo ? 1 : 0;
  return Math.min(1, Math.max(0, (time - leg.dueFrom) / (leg.dueTo - leg.dueFrom)));
}

/** The point a fraction of the way along the great-circle arc (spherical interpolation of n-vectors). */
function pointAt(leg: ScheduledLeg, fraction: number): Vertex {
  if (fraction === 0) return leg.from;
  if (fraction === 1) return leg.to;
  const a = leg.from.n;
  const b = leg.to.n;
  const angle = angleBetween(a, b);
  if (angle === 0) return leg.from;
  const wa = Math.sin((1 - fraction) * angle) / Math.sin(angle);
  const wb = Math.sin(fraction * angle) / Math.sin(angle);
  const p: Vec3 = [wa * a[0] + wb * b[0], wa * a[1] + wb * b[1], wa * a[2] + wb * b[2]];
  return vertexAt(lonLatOf(p));
}
