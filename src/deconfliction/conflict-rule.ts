// Which pairs of declared volumes can conflict, and under which minima. The hub deconflicts between
// parties: a party's own declarations never conflict with each other. Two protected sites cannot
// collide. A zone or line conflicts only with the declarations of the party it restricts, for the
// activities it restricts, and only by entering it (the agreed area is its own margin).
import type { Separation } from '../geo/shape.js';
import type { DeclaredVolume } from './declaration.js';
import type { Activity, DeclarationKind } from './declaration-schema.js';
import { NO_SEPARATION } from './separation-minima.js';

export interface RuleSide {
  party: string;
  kind: DeclarationKind;
  activity: Activity | null;
  volume: DeclaredVolume;
}

export function pairSeparation(
  a: RuleSide,
  b: RuleSide,
  partyMinima: (a: string, b: string) => Separation,
): Separation | null {
  const ruleA = a.volume.restriction;
  const ruleB = b.volume.restriction;
  if (ruleA || ruleB) {
    if (ruleA && ruleB) return null;
    const [rule, other] = ruleA ? [ruleA, b] : [ruleB as NonNullable<typeof ruleB>, a];
    const restricted =
      rule.party === other.party && other.activity !== null && rule.activities.includes(other.activity);
    return restricted ? NO_SEPARATION : null;
  }
  if (a.party === b.party) return null;
  if (a.kind === 'site' && b.kind === 'site') return null;
  return partyMinima(a.party, b.party);
}
