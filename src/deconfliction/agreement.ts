// Terms between parties: separation minima, hotline terms, and the authority under which zones and
// lines are declared. In force once every party to it has signed; any party may suspend it, and it
// is in force again once every party has signed its resumption; any party may end it.
import type { Separation } from '../geo/shape.js';

export type AgreementStatus = 'proposed' | 'in-force' | 'suspended' | 'ended';

export interface AgreementSignature {
  party: string;
  operator: string;
  time: string;
  entry: number;
}

/**
 * One suspension: who suspended the agreement, when and why, and the parties' signatures of its
 * resumption. While it lasts the agreement's terms do not apply, nor do its zones and lines bind.
 */
export interface AgreementSuspension extends AgreementSignature {
  reason: string;
  /** In the order signed; the agreement is in force again once every party has signed. */
  resumptions: AgreementSignature[];
  /** When the last party signed the resumption. */
  resumed?: string;
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
  /** Every suspension, oldest first; absent until the first. */
  suspensions?: AgreementSuspension[];
  ended?: { party: string; operator: string; time: string; reason: string };
}

export function unsignedParties(agreement: Agreement): string[] {
  const signed = new Set(agreement.signatures.map((s) => s.party));
  return agreement.parties.filter((party) => !signed.has(party));
}

/** The suspension in effect, if the agreement is suspended. */
export function currentSuspension(agreement: Agreement): AgreementSuspension | null {
  return agreement.status === 'suspended' ? (agreement.suspensions?.at(-1) ?? null) : null;
}

/** The parties yet to sign the resumption of a suspended agreement; none if it is not suspended. */
export function unresumedParties(agreement: Agreement): string[] {
  const suspension = currentSuspension(agreement);
  if (suspension === null) return [];
  const resumed = new Set(suspension.resumptions.map((s) => s.party));
  return agreement.parties.filter((party) => !resumed.has(party));
}
