// The deconfliction part of the hub's state: declarations (live and past), agreements, recorded
// conflicts, the live conflict index and the queue of coming expiries. Changed only by the entry
// handlers. While the record is replayed on start the index is left empty and built once at the
// end by bulk loading, which is far faster than a million single inserts.
import TinyQueue from 'tinyqueue';
import type { Separation } from '../geo/shape.js';
import type { Agreement } from './agreement.js';
import { ConflictIndex, type PackedIndex } from './conflict-index.js';
import { pairSeparation, type RuleSide } from './conflict-rule.js';
import type { Declaration, DeclaredVolume } from './declaration.js';
import type { DeclarationConflict } from './declaration-conflict.js';
import type { Activity, DeclarationKind } from './declaration-schema.js';
import { volumeCount } from './deferred-volumes.js';
import type { RecordedConflict } from './recorded-conflict.js';
import { agreedSeparation, MAX_SEPARATION, NO_SEPARATION, widestSeparation } from './separation-minima.js';

export type DeclarationStatus = 'live' | 'withdrawn' | 'expired';

export interface KnownDeclaration extends Declaration {
  status: DeclarationStatus;
  /** When it stopped being live. */
  ended?: string;
}

/** What a submit or amend proposes, before it is a declaration. */
export interface Candidate {
  id: string;
  version: number;
  party: string;
  kind: DeclarationKind;
  activity: Activity | null;
  volumes: readonly DeclaredVolume[];
}

/** A refused submit's disclosure of conflicts, as the record holds it: who was told, about which declarations. */
export interface RecordedDisclosure {
  entry: number;
  /** Its entry's: the refused submitter's party and the other declarations' owner. */
  visibility: readonly string[];
  /** The refused declaration and those it was found against. */
  declarations: readonly string[];
}

export interface DueEvent {
  what: 'remind' | 'expire';
  at: number;
  declaration: KnownDeclaration;
}

/**
 * Everything the deconfliction state holds but its index and caches, as plain data in the order it
 * was added: restoring it gives a state that answers and evolves as the one it was taken from. The
 * queue of coming expiries is its heap array as is, so that events due together come out in the
 * same order.
 */
export interface DeconflictionSnapshot {
  declarations: KnownDeclaration[];
  superseded: [string, KnownDeclaration[]][];
  agreements: Agreement[];
  conflicts: RecordedConflict[];
  disclosures: RecordedDisclosure[];
  entriesByDeclaration: [string, number[]][];
  schedule: Scheduled[];
  /** The conflict index as built, or null if it was not: restoring it saves building it again. */
  index: PackedIndex | null;
}

interface Scheduled {
  what: 'remind' | 'expire';
  at: number;
  id: string;
  version: number;
}

/** Standing declarations are reminded before they lapse; operations and movements simply end. */
const REMINDED_KINDS: ReadonlySet<DeclarationKind> = new Set(['site', 'zone', 'line']);

/** A quarter of the window, between 15 minutes and a day, before the end. */
export function reminderLeadMs(declaration: Pick<Declaration, 'validFrom' | 'validUntil'>): number {
  const quarter = (declaration.validUntil - declaration.validFrom) / 4;
  return Math.min(86_400_000, Math.max(900_000, quarter));
}

export class DeconflictionState {
  readonly declarations = new Map<string, KnownDeclaration>();
  readonly agreements = new Map<string, Agreement>();
  readonly conflicts: RecordedConflict[] = [];
  /** The disclosures of refused submits and amendments, in record order. */
  readonly disclosures: RecordedDisclosure[] = [];
  /** Versions an amendment replaced, oldest first: an incident links the version in force at the time. */
  private readonly superseded = new Map<string, KnownDeclaration[]>();
  private readonly conflictsByDeclaration = new Map<string, RecordedConflict[]>();
  /** The entries that made and ended each declaration's versions, in order: its evidence. */
  private readonly entriesByDeclaration = new Map<string, number[]>();
  private readonly index = new ConflictIndex({ maxSeparation: MAX_SEPARATION });
  private indexed = false;
  private schedule = new TinyQueue<Scheduled>([], (a, b) => a.at - b.at);
  private minimaCache = new Map<string, Separation>();
  private reachCache = new Map<string, Separation>();

  snapshot(): DeconflictionSnapshot {
    return {
      declarations: [...this.declarations.values()],
      superseded: [...this.superseded],
      agreements: [...this.agreements.values()],
      conflicts: this.conflicts,
      disclosures: this.disclosures,
      entriesByDeclaration: [...this.entriesByDeclaration],
      schedule: this.schedule.data,
      index: this.indexed ? this.index.pack() : null,
    };
  }

  /** Fills an empty state from a snapshot; the index is unpacked, or else built as after a replay. */
  static restore(snapshot: DeconflictionSnapshot): DeconflictionState {
    const state = new DeconflictionState();
    for (const declaration of snapshot.declarations) state.declarations.set(declaration.id, declaration);
    for (const [id, versions] of snapshot.superseded) state.superseded.set(id, versions);
    for (const agreement of snapshot.agreements) state.agreements.set(agreement.id, agreement);
    for (const conflict of snapshot.conflicts) state.addConflict(conflict);
    state.disclosures.push(...snapshot.disclosures);
    for (const [id, entries] of snapshot.entriesByDeclaration) state.entriesByDeclaration.set(id, entries);
    // A heap array is already a heap: TinyQueue's heapify moves nothing in it.
    state.schedule = new TinyQueue(snapshot.schedule, (a, b) => a.at - b.at);
    if (snapshot.index) {
      let live = 0;
      for (const declaration of state.declarations.values()) if (declaration.status === 'live') live++;
      if (snapshot.index.declarations.length !== live)
        throw new Error(
          `the index holds ${snapshot.index.declarations.length} declarations, not the ${live} live`,
        );
      state.index.unpack(snapshot.index, (id) => {
        const declaration = state.declarations.get(id);
        return declaration?.status === 'live'
          ? {
              key: { declaration: id, version: declaration.version, party: declaration.party },
              holder: declaration,
              count: volumeCount(declaration),
            }
          : undefined;
      });
      state.indexed = true;
    }
    return state;
  }

  /** Builds the conflict index over every live declaration; later changes keep it current. */
  buildIndex(): void {
    if (this.indexed) return;
    const live = [...this.declarations.values()].filter((d) => d.status === 'live');
    this.index.load(
      live.map((d) => ({
        owner: { declaration: d.id, version: d.version, party: d.party },
        volumes: d.volumes,
      })),
    );
    this.indexed = true;
  }

  get liveVolumes(): number {
    return this.index.size;
  }

  partyMinima(a: string, b: string): Separation {
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    let minima = this.minimaCache.get(key);
    if (minima === undefined) {
      minima = agreedSeparation(this.agreements.values(), a, b);
      this.minimaCache.set(key, minima);
    }
    return minima;
  }

  /** How far a search for `party`'s conflicts must reach: its widest minima with anyone. */
  reachOf(party: string): Separation {
    let reach = this.reachCache.get(party);
    if (reach === undefined) {
      reach = widestSeparation(this.agreements.values(), party);
      this.reachCache.set(party, reach);
    }
    return reach;
  }

  /** Agreements changed: the minima between parties may have, and which zones and lines bind. */
  agreementsChanged(): void {
    this.minimaCache = new Map();
    this.reachCache = new Map();
  }

  /**
   * Whether a declaration binds now: a zone or line does not while the agreement it was declared
   * under is suspended, for it restricts a party only by that party's consent, which a suspension
   * withholds. It is kept, and binds again once the agreement is resumed.
   */
  binds(declaration: Pick<Declaration, 'body'>): boolean {
    const { body } = declaration;
    if (body.kind !== 'zone' && body.kind !== 'line') return true;
    return this.agreements.get(body.agreement)?.status !== 'suspended';
  }

  /** Every live declaration in conflict with the candidate, by the rules and minima of each pair. */
  conflictsOf(candidate: Candidate): DeclarationConflict[] {
    if (!this.indexed) throw new Error('the conflict index is not built yet');
    const minima = (a: string, b: string) => this.partyMinima(a, b);
    return this.index.conflicts(
      candidate.volumes,
      { declaration: candidate.id, version: candidate.version, party: candidate.party },
      (key, candidatePosition, indexedPosition) => {
        const other = this.declarations.get(key.declaration) as KnownDeclaration;
        // A zone or line of a suspended agreement stays indexed, to bind again on its resumption.
        if (!this.binds(other)) return null;
        return pairSeparation(sideOf(candidate, candidatePosition), sideOf(other, indexedPosition), minima);
      },
      this.reachOf(candidate.party),
    );
  }

  /** Declarations whose volumes meet `area` (every altitude) within a window, by the index. */
  declarationsMeeting(area: DeclaredVolume): KnownDeclaration[] {
    if (!this.indexed) throw new Error('the conflict index is not built yet');
    const found = this.index.conflicts(
      [area],
      { declaration: '', version: 0, party: '' },
      () => NO_SEPARATION,
      NO_SEPARATION,
    );
    return found.map((group) => this.declarations.get(group.key.declaration) as KnownDeclaration);
  }

  put(declaration: Declaration): void {
    const previous = this.declarations.get(declaration.id);
    if (previous) {
      const earlier = this.superseded.get(declaration.id);
      const replaced = { ...previous, ended: declaration.since };
      if (earlier) earlier.push(replaced);
      else this.superseded.set(declaration.id, [replaced]);
    }
    if (this.indexed) {
      this.index.remove(declaration.id);
      this.index.add(
        { declaration: declaration.id, version: declaration.version, party: declaration.party },
        declaration.volumes,
      );
    }
    this.declarations.set(declaration.id, { ...declaration, status: 'live' });
    const { id, version } = declaration;
    this.recordEntry(id, declaration.entry);
    this.schedule.push({ what: 'expire', at: declaration.validUntil, id, version });
    if (REMINDED_KINDS.has(declaration.kind)) {
      this.schedule.push({
        what: 'remind',
        at: declaration.validUntil - reminderLeadMs(declaration),
        id,
        version,
      });
    }
  }

  end(id: string, status: Exclude<DeclarationStatus, 'live'>, time: string, entry: number): void {
    const declaration = this.declarations.get(id);
    if (declaration?.status !== 'live') throw new Error(`declaration ${id} is not live`);
    declaration.status = status;
    declaration.ended = time;
    this.recordEntry(id, entry);
    if (this.indexed) this.index.remove(id);
  }

  /** Every version of a declaration the record holds, oldest first; a replaced one ends when it was replaced. */
  versionsOf(id: string): KnownDeclaration[] {
    const latest = this.declarations.get(id);
    return latest ? [...(this.superseded.get(id) ?? []), latest] : [];
  }

  /** Every version an amendment replaced, of every declaration. */
  *supersededVersions(): IterableIterator<KnownDeclaration> {
    for (const versions of this.superseded.values()) yield* versions;
  }

  /** The live declaration with this id and version, if that is still the current one. */
  current(id: string, version: number): KnownDeclaration | null {
    const declaration = this.declarations.get(id);
    return declaration && declaration.status === 'live' && declaration.version === version
      ? declaration
      : null;
  }

  addConflict(conflict: RecordedConflict): void {
    this.conflicts.push(conflict);
    for (const id of [conflict.found.declaration, conflict.against.declaration]) {
      const list = this.conflictsByDeclaration.get(id);
      if (list) list.push(conflict);
      else this.conflictsByDeclaration.set(id, [conflict]);
    }
  }

  /** The entries that submitted, amended, withdrew or expired a declaration, oldest first. */
  entriesOfDeclaration(id: string): readonly number[] {
    return this.entriesByDeclaration.get(id) ?? [];
  }

  private recordEntry(id: string, entry: number): void {
    const list = this.entriesByDeclaration.get(id);
    if (list) list.push(entry);
    else this.entriesByDeclaration.set(id, [entry]);
  }

  conflictsOfDeclaration(id: string): readonly RecordedConflict[] {
    return this.conflictsByDeclaration.get(id) ?? [];
  }

  /** Whether both declarations of a conflict are still live in the versions it names. */
  isCurrent(conflict: RecordedConflict): boolean {
    return (
      this.current(conflict.found.declaration, conflict.found.version) !== null &&
      this.current(conflict.against.declaration, conflict.against.version) !== null
    );
  }

  /**
   * Reminders and expiries due by `now`, earliest first, for declarations still live in the version
   * they were scheduled for. Taken off the queue: the hub records each, and a recorded one is not due again.
   */
  takeDue(now: number): DueEvent[] {
    const due: DueEvent[] = [];
    while (this.schedule.length > 0 && (this.schedule.peek() as Scheduled).at <= now) {
      const next = this.schedule.pop() as Scheduled;
      const declaration = this.current(next.id, next.version);
      if (!declaration) continue;
      if (next.what === 'remind' && declaration.reminded) continue;
      due.push({ what: next.what, at: next.at, declaration });
    }
    return due;
  }

  /** Puts back what takeDue returned but the hub could not record, so it is tried again. */
  reschedule(events: readonly DueEvent[]): void {
    for (const { what, at, declaration } of events) {
      this.schedule.push({ what, at, id: declaration.id, version: declaration.version });
    }
  }
}

function sideOf(declaration: Candidate, position: number): RuleSide {
  return {
    party: declaration.party,
    kind: declaration.kind,
    activity: declaration.activity,
    volume: declaration.volumes[position] as DeclaredVolume,
  };
}
