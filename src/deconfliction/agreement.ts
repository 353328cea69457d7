// Terms between parties: separation minima, and the authority under which zones and lines are
// declared. In force once every party to it has signed; any party may end it.
import type { Separation } from '../geo/shape.js';

export type AgreementStatus = 'proposed' | 'in-force' | 'ended';

export interface AgreementSignature {
  party: string;
  operator: string;
  time: string;
  entry: number;
}

export interface Agreement {
  id: string;
  title: string;
  parties: string[];
  terms: string;
  /** The minima between any two of its parties; none means the hub's defaults. */
  separation: Separation | null;
  /** Seconds a recipient has to acknowledge, per kind of message; kinds left out take the hub's. */
  ackDeadlinesS?: Partial<Record<string, number>>;
  /** Seconds an officer of one of its parties may be off line before what waits on them moves on; none means the hub's. */
  offlineGraceS?: number;
  /** How many messages of each kind one of its parties may send another within a window; kinds left out take the hub's. */
  sendLimits?: Partial<Record<string, { count: number; windowS: number }>>;
  /** Who is told when an urgent request between its parties expires unacknowledged; none means the hub's custodians. */
  nextContact?: { party: string; duty?: string };
  signatures: AgreementSignature[];
  status: AgreementStatus;
  proposed: string;
  ended?: { party: string; operator: string; time: string; reason: string };
}

export function unsignedParties(agreement: Agreement): string[] {
  const signed = new Set(agreement.signatures.map((s) => s.party));
  return agreement.parties.filter((party) => !signed.has(party));
}
