// Who has been refused for sending a recipient more than its limit, and how often: the recipient
// sees who is flooding its roster, the sender that it was refused. Built from the hub's refusal
// entries.

export interface RefusedSender {
  party: string;
  operator: string;
  /** "<party>" or "<party>/<roster duty>". */
  recipient: string;
  recipientParty: string;
  kind: string;
  /** The refused attempts the record holds. */
  count: number;
  first: string;
  last: string;
  /** The latest refusal's entry. */
  entry: number;
  /** When the latest refusal's entry was written (ms): the hub writes at most one a window. */
  recordedAt: number;
}

export const refusedSenderKey = (s: Pick<RefusedSender, 'party' | 'operator' | 'recipient' | 'kind'>) =>
  `${s.party}\n${s.operator}\n${s.recipient}\n${s.kind}`;

/**
 * Whether a refusal now is written at once: the first of an episode is (nothing recorded for this
 * sender, recipient and kind within the limit's window); later ones within it are counted and
 * written together once the window has passed, so a flood grows the record with time, not with
 * attempts. Decided from the record alone.
 */
export function refusalRecordedNow(known: RefusedSender | undefined, windowS: number, now: number): boolean {
  return known === undefined || now - known.recordedAt >= windowS * 1000;
}
