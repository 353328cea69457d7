// What the agreements in force between two parties set for one term, read the most urgent way:
// where several set it, the smallest value applies.
import type { Agreement } from '../deconfliction/agreement.js';

/** The smallest value `term` takes among the agreements in force between the two; null if none sets it. */
export function shortestAgreed(
  agreements: Iterable<Agreement>,
  sender: string,
  recipient: string,
  term: (agreement: Agreement) => number | undefined,
): number | null {
  let agreed: number | null = null;
  for (const agreement of agreements) {
    if (agreement.status !== 'in-force') continue;
    if (!agreement.parties.includes(sender) || !agreement.parties.includes(recipient)) continue;
    const value = term(agreement);
    if (value !== undefined) agreed = agreed === null ? value : Math.min(agreed, value);
  }
  return agreed;
}
