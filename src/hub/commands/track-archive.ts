// The kept positions of the track archive as the record vouches for them: each batch the hub wrote
// is committed by an entry with the hash of its positions, and each batch deleted by the operator's
// retention or a party's quota is named by an entry saying so. Changed only by those entries, so a
// replay rebuilds it, and the stored positions are checked against it.
import type { HubState } from '../state.js';

export interface KeptBatch {
  /** SHA-256 of the batch's positions, hex: names the batch and fixes its content. */
  batch: string;
  party: string;
  positions: number;
  /** Milliseconds since the epoch: the earliest and latest position's time. */
  from: number;
  until: number;
  /** The index of the entry that committed it. */
  entry: number;
}

export interface DeletedByPolicy {
  batches: number;
  positions: number;
}

/** The archive's commitments as plain data, in the order they were made. */
export interface TrackArchiveSnapshot {
  kept: [string, KeptBatch[]][];
  deleted: [string, DeletedByPolicy][];
  positions: [string, number][];
}

export class TrackArchive {
  /** Per party, by batch, oldest committed first. */
  private readonly kept = new Map<string, Map<string, KeptBatch>>();
  private readonly deleted = new Map<string, DeletedByPolicy>();
  private readonly positions = new Map<string, number>();

  snapshot(): TrackArchiveSnapshot {
    return {
      kept: [...this.kept].map(([party, batches]) => [party, [...batches.values()]]),
      deleted: [...this.deleted],
      positions: [...this.positions],
    };
  }

  static restore(snapshot: TrackArchiveSnapshot): TrackArchive {
    const archive = new TrackArchive();
    for (const [party, batches] of snapshot.kept)
      archive.kept.set(party, new Map(batches.map((batch) => [batch.batch, batch])));
    for (const [party, deleted] of snapshot.deleted) archive.deleted.set(party, deleted);
    for (const [party, positions] of snapshot.positions) archive.positions.set(party, positions);
    return archive;
  }

  committed(batch: KeptBatch): void {
    let party = this.kept.get(batch.party);
    if (!party) {
      party = new Map();
      this.kept.set(batch.party, party);
    }
    if (party.has(batch.batch)) throw new Error(`batch ${batch.batch} is already committed`);
    party.set(batch.batch, batch);
    this.positions.set(batch.party, this.keptPositions(batch.party) + batch.positions);
  }

  pruned(party: string, batches: readonly string[]): void {
    const kept = this.kept.get(party);
    const deleted = this.deleted.get(party) ?? { batches: 0, positions: 0 };
    for (const id of batches) {
      const batch = kept?.get(id);
      if (!kept || !batch) throw new Error(`batch ${id} of ${party} is not kept`);
      kept.delete(id);
      deleted.batches++;
      deleted.positions += batch.positions;
      this.positions.set(party, this.keptPositions(party) - batch.positions);
    }
    this.deleted.set(party, deleted);
  }

  isEmpty(): boolean {
    return this.kept.size === 0 && this.deleted.size === 0;
  }

  find(batch: string): KeptBatch | undefined {
    for (const party of this.kept.values()) {
      const found = party.get(batch);
      if (found) return found;
    }
    return undefined;
  }

  keptPositions(party: string): number {
    return this.positions.get(party) ?? 0;
  }

  /** A party's kept batches, oldest committed first. */
  batchesOf(party: string): IterableIterator<KeptBatch> {
    return (this.kept.get(party) ?? new Map<string, KeptBatch>()).values();
  }

  parties(): IterableIterator<string> {
    return this.kept.keys();
  }

  *batches(): IterableIterator<KeptBatch> {
    for (const party of this.kept.values()) yield* party.values();
  }

  deletedByPolicy(): DeletedByPolicy {
    let batches = 0;
    let positions = 0;
    for (const deleted of this.deleted.values()) {
      batches += deleted.batches;
      positions += deleted.positions;
    }
    return { batches, positions };
  }

  /** For the state's digest: everything, in a fixed order. */
  summary(): unknown {
    const byParty = <T>(map: Map<string, T>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      kept: byParty(this.kept).map(([party, batches]) => [party, [...batches.keys()]]),
      deleted: byParty(this.deleted),
    };
  }
}

export function trackArchive(state: HubState): TrackArchive {
  return state.trackArchive;
}
