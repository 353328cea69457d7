// How long an officer may be off line before what waits on them moves on. Closing a browser, a
// reload, a dropped network are seconds; moving every waiting request to the next officer with a
// fresh deadline for each of them would cost more time than it saves. The agreements in force
// between sender and recipient may set it (the shortest applies), else the hub's.
import type { Agreement } from '../deconfliction/agreement.js';
import { shortestAgreed } from './agreed-between.js';

export const HUB_OFFLINE_GRACE_S = 30;
/** The longest grace an agreement may set: past it, an absent officer is simply absent. */
export const MAX_OFFLINE_GRACE_S = 3600;

/** The grace for a delivery from `sender` (null: the hub's own notice) to `recipient`. */
export function offlineGraceS(
  agreements: Iterable<Agreement>,
  sender: string | null,
  recipient: string,
): number {
  if (sender === null) return HUB_OFFLINE_GRACE_S;
  return (
    shortestAgreed(agreements, sender, recipient, (agreement) => agreement.offlineGraceS) ??
    HUB_OFFLINE_GRACE_S
  );
}
