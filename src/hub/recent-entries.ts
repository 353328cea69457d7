// The record's latest entries, each parsed once and kept, for the streams that catch up on them.
// After a restart or a cut link, thousands of clients come back from about the same index: each
// reading and parsing the same stored entries kept the hub's only thread busy for many seconds.
// Read once here, an entry is the same object for every client, so its frame is written once too
// (operator-socket.ts). Entries never change, so nothing kept goes stale; the oldest kept go first.
// They are parsed here from the stored bytes, never shared with the state, which may keep and change
// parts of the entries it applies.
import { type Entry, parseTrustedEntry } from '../record/index.js';
import type { RecordStore } from '../store/store.js';

/** An entry of the record as a stream reads it: its stored visibility, and its content unless damaged. */
export interface RecentEntry {
  index: number;
  /** The stored column, which spares a party parsing what it may not read. */
  visibility: readonly string[];
  /** Null when the stored bytes do not parse: the stream tells its client of the gap. */
  entry: Entry | null;
}

/** About ten minutes of a busy hotline's entries, a few tens of megabytes. */
const KEPT = 10_000;

export class RecentEntries {
  private readonly kept = new Map<number, RecentEntry>();

  constructor(private readonly store: RecordStore) {}

  /** Entries start <= index < end that are in the store, in order. */
  async page(start: number, end: number): Promise<RecentEntry[]> {
    const held: RecentEntry[] = [];
    for (let index = start; index < end; index++) {
      const entry = this.kept.get(index);
      if (!entry) break;
      held.push(entry);
    }
    if (held.length === end - start) return held;
    const stored = await this.store.entries(start, end);
    return stored.map((item) => {
      const kept = this.kept.get(item.index);
      if (kept) return kept;
      let entry: Entry | null;
      try {
        entry = parseTrustedEntry(item.bytes);
      } catch {
        entry = null;
      }
      return this.keep({ index: item.index, visibility: item.visibility, entry });
    });
  }

  private keep(entry: RecentEntry): RecentEntry {
    this.kept.set(entry.index, entry);
    if (this.kept.size > KEPT) this.kept.delete(this.kept.keys().next().value as number);
    return entry;
  }
}
