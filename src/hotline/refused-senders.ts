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
  count: number;
  first: string;
  last: string;
  /** The latest refusal's entry. */
  entry: number;
}

export const refusedSenderKey = (s: Pick<RefusedSender, 'party' | 'operator' | 'recipient' | 'kind'>) =>
  `${s.party}\n${s.operator}\n${s.recipient}\n${s.kind}`;
