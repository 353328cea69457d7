// A live declaration as the hub holds it: what the owner declared, and the 4D volumes the
// conflict search works on.
import type { Volume } from '../geo/shape.js';
import { admits } from '../record/visibility.js';
import type { Activity, DeclarationBody, DeclarationKind } from './declaration-schema.js';

/** A zone's or line's volume stands for one restriction: whose activities must keep out, and when. */
export interface VolumeRestriction {
  party: string;
  activities: readonly Activity[];
}

export interface DeclaredVolume extends Volume {
  restriction?: VolumeRestriction;
}

export interface Declaration {
  id: string;
  version: number;
  kind: DeclarationKind;
  /** The declaring party. */
  party: string;
  /** Who may see it: the owner, the parties it is declared for, and those it names (or "*"). */
  visibility: string[];
  /** What it does, for zones' restrictions: an operation's activity, "movement", or none. */
  activity: Activity | null;
  volumes: DeclaredVolume[];
  validFrom: number;
  validUntil: number;
  /** The roster to call about it, told even to parties that may not see it. */
  roster: string;
  body: DeclarationBody;
  /** Index of the entry that made this version, and its hub time. */
  entry: number;
  since: string;
  /** Set once a reminder of the coming expiry was recorded for this version. */
  reminded: boolean;
}

export const DEFAULT_ROSTER = 'deconfliction';

/** Whether a party may see a declaration: the rule every view of declarations follows (see hub/who-may-see.ts). */
export function maySee(declaration: Pick<Declaration, 'visibility'>, party: string): boolean {
  return admits(declaration.visibility, party);
}
