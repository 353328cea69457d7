// Refused attempts the hub has counted but not yet written. Within the limit's window after a
// sender's latest recorded refusal to a recipient (for one kind of message), further refusals are
// only counted here; the next one after the window, or the housekeeping round that finds the window
// passed, writes them all as one entry that says how many they were and when the first and last
// came. Kept by the writer in memory, outside the state: the entries it leads to are what replay
// sees. Written out when the hub closes; a crash loses at most one window's count per sender,
// recipient and kind, which the view marks as not yet recorded.
import { refusalRecordedNow } from '../hotline/refused-senders.js';
import { messageRefusedCommand, type Refused, refusalKey } from './commands/message-refused.js';
import type { HubState } from './state.js';
import type { HubWork } from './time-passing.js';

/** Refused attempts of one sender to one recipient, of one kind, not yet in the record. */
export interface Tally {
  /** The latest attempt's refusal. */
  latest: Refused;
  count: number;
  /** Times of the first and the latest attempt (ms). */
  first: number;
  last: number;
}

export class RefusalTallies {
  private readonly pending = new Map<string, Tally>();
  /**
   * Tallies handed over to be written, until the writer decides their entry: until then they are
   * still unrecorded, so the view never shows them neither counted nor written.
   */
  private readonly handedOver = new Map<string, Tally[]>();

  /** Counts a refused attempt without writing it. */
  count(refused: Refused, at: number): void {
    const key = refusalKey(refused);
    const tally = this.pending.get(key);
    if (tally) {
      tally.latest = refused;
      tally.count++;
      tally.last = at;
    } else {
      this.pending.set(key, { latest: refused, count: 1, first: at, last: at });
    }
  }

  /** The refusal of an attempt being written now, standing also for those counted before it. */
  entryNow(refused: Refused, at: number) {
    const key = refusalKey(refused);
    const tally = this.pending.get(key);
    this.pending.delete(key);
    return messageRefusedCommand(
      refused,
      tally ? { count: tally.count + 1, first: tally.first, last: at } : undefined,
    );
  }

  /** The attempts counted and not yet written, of one sender to one recipient and kind. */
  unrecorded(key: string): Readonly<Tally> | undefined {
    const tallies = [
      ...(this.handedOver.get(key) ?? []),
      ...(this.pending.has(key) ? [this.pending.get(key) as Tally] : []),
    ];
    const [first, ...rest] = tallies;
    if (!first) return undefined;
    return rest.reduce(
      (sum, tally) => ({
        latest: tally.latest,
        count: sum.count + tally.count,
        first: Math.min(sum.first, tally.first),
        last: Math.max(sum.last, tally.last),
      }),
      first,
    );
  }

  /**
   * What is due to be written: the tallies whose window has passed since their sender's latest
   * recorded refusal, or every tally when the hub closes. Taken out of memory as they are handed
   * over, so that each attempt is written once.
   */
  takeDue(state: HubState, now: number, all = false): HubWork[] {
    const due: HubWork[] = [];
    for (const [key, tally] of this.pending) {
      const known = state.hotline.refusedSenders.get(key);
      if (!all && !refusalRecordedNow(known, tally.latest.limit.windowS, now)) continue;
      this.pending.delete(key);
      this.handedOver.set(key, [...(this.handedOver.get(key) ?? []), tally]);
      due.push({
        consequence: messageRefusedCommand(tally.latest, tally),
        // Decided in the writer's turn, with the entry applied in the same batch that reads wait for.
        stillDue: () => {
          const left = (this.handedOver.get(key) ?? []).filter((other) => other !== tally);
          if (left.length > 0) this.handedOver.set(key, left);
          else this.handedOver.delete(key);
          return true;
        },
      });
    }
    return due;
  }
}
