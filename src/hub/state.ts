import { createHash } from 'node:crypto';
import { DeconflictionState } from '../deconfliction/deconfliction-state.js';
import type { Incident } from '../evidence/incident.js';
import { HotlineState } from '../hotline/hotline-state.js';
import { canonicalJson, type Entry } from '../record/index.js';
import { WitnessPolicies } from '../witness/witness-policy.js';
import type { RecordedAlert } from './commands/track-alerts.js';
import { TrackArchive } from './commands/track-archive.js';
import type { TrackFeed } from './commands/track-feeds.js';
import type { WebhookEndpoint } from './commands/webhook-endpoints.js';
import type { Role } from './roles.js';

export interface Party {
  id: string;
  name: string;
  since: string;
}

export type KeyStatus = 'active' | 'rotated' | 'revoked';

export interface OperatorKey {
  id: string;
  /** Base64 of the raw 32-byte Ed25519 key. */
  publicKey: string;
  status: KeyStatus;
  since: string;
  until?: string;
}

export interface Operator {
  id: string;
  party: string;
  name: string;
  role: Role;
  keys: OperatorKey[];
}

/** Who the hub is, fixed by the first entry of its record. */
export interface HubIdentity {
  origin: string;
  /** C2SP verifier key of the hub's checkpoint key. */
  verifierKey: string;
  /** The party whose administrators administer the hub. */
  party: string;
}

/** The parts of the state that are classes of their own. */
export interface StateParts {
  deconfliction: DeconflictionState;
  hotline: HotlineState;
  trackArchive: TrackArchive;
  witnessing: WitnessPolicies;
}

/**
 * The fold of the record. Only the entry handlers change it, and only from an entry's content,
 * so replaying the record rebuilds it exactly.
 */
export class HubState {
  identity: HubIdentity | null = null;
  readonly parties = new Map<string, Party>();
  readonly operators = new Map<string, Operator>();
  readonly deconfliction: DeconflictionState;
  readonly hotline: HotlineState;
  /** The HTTPS endpoints parties have registered for their machines, by id. */
  readonly webhooks = new Map<string, WebhookEndpoint>();
  /** The sources of parties' own tracks, by id. */
  readonly feeds = new Map<string, TrackFeed>();
  /** The tactical watch's alerts, open and ended: by id, then by the party told. */
  readonly alerts = new Map<string, Map<string, RecordedAlert>>();
  /** The track archive's batches the record vouches for, and those deleted by policy. */
  readonly trackArchive: TrackArchive;
  /** Reported incidents, by id. */
  readonly incidents = new Map<string, Incident>();
  /** Who witnesses the hub: the policy the parties agreed, and proposals. */
  readonly witnessing: WitnessPolicies;
  private readonly operatorByKey = new Map<string, string>();
  /**
   * The entries that registered each key and that rotated or revoked it, by key id: what evidence
   * carries so a key can be checked against the record. Indices only, fixed by the entries, so
   * they are left out of the digest (and digests saved before they were kept still compare).
   */
  private readonly entriesByKey = new Map<string, number[]>();
  /** How many entries have been applied. */
  size = 0;

  /** An empty state, or one whose parts were restored from a snapshot. */
  constructor(parts: Partial<StateParts> = {}) {
    this.deconfliction = parts.deconfliction ?? new DeconflictionState();
    this.hotline = parts.hotline ?? new HotlineState();
    this.trackArchive = parts.trackArchive ?? new TrackArchive();
    this.witnessing = parts.witnessing ?? new WitnessPolicies();
  }

  /** Which operator holds each key, and the entries that changed each key: plain data to restore from. */
  keyIndex(): { operatorByKey: [string, string][]; entriesByKey: [string, number[]][] } {
    return { operatorByKey: [...this.operatorByKey], entriesByKey: [...this.entriesByKey] };
  }

  restoreKeyIndex(index: ReturnType<HubState['keyIndex']>): void {
    for (const [key, operator] of index.operatorByKey) this.operatorByKey.set(key, operator);
    for (const [key, entries] of index.entriesByKey) this.entriesByKey.set(key, entries);
  }

  addOperator(operator: Operator): void {
    this.operators.set(operator.id, operator);
    for (const key of operator.keys) {
      this.operatorByKey.set(key.id, operator.id);
      this.keyChanged(key.id);
    }
  }

  addKey(operator: Operator, key: OperatorKey): void {
    operator.keys.push(key);
    this.operatorByKey.set(key.id, operator.id);
    this.keyChanged(key.id);
  }

  /** The entry being applied registers, rotates or revokes this key. */
  keyChanged(keyId: string): void {
    const list = this.entriesByKey.get(keyId);
    if (list) list.push(this.size);
    else this.entriesByKey.set(keyId, [this.size]);
  }

  /** The entries that registered a key, then rotated or revoked it, oldest first. */
  entriesOfKey(keyId: string): readonly number[] {
    return this.entriesByKey.get(keyId) ?? [];
  }

  /** The operator holding a key id, with that key, whatever the key's status. */
  keyHolder(keyId: string): { operator: Operator; key: OperatorKey } | null {
    const operatorId = this.operatorByKey.get(keyId);
    const operator = operatorId === undefined ? undefined : this.operators.get(operatorId);
    const key = operator?.keys.find((candidate) => candidate.id === keyId);
    return operator && key ? { operator, key } : null;
  }

  isHubAdministrator(operator: Operator): boolean {
    return operator.party === this.identity?.party && operator.role === 'administrator';
  }

  /**
   * A digest of the state, equal for equal states whatever the order things were added: each part
   * is hashed as canonical JSON in id order. Declarations are summarised by id, version, status and
   * the entry that made them, which fixes their content.
   */
  digest(): string {
    const hash = createHash('sha256');
    const byId = <T extends { id: string }>(items: Iterable<T>) =>
      [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    hash.update(canonicalJson({ identity: this.identity, size: this.size }));
    for (const party of byId(this.parties.values())) hash.update(canonicalJson(party));
    for (const operator of byId(this.operators.values())) hash.update(canonicalJson(operator));
    for (const agreement of byId(this.deconfliction.agreements.values()))
      hash.update(canonicalJson(agreement));
    for (const d of byId(this.deconfliction.declarations.values())) {
      hash.update(canonicalJson([d.id, d.version, d.status, d.entry, d.reminded, d.ended ?? null]));
    }
    hash.update(
      canonicalJson(this.deconfliction.conflicts.map((c) => [c.entry, c.found, c.against, c.pairs])),
    );
    for (const feed of byId(this.feeds.values())) hash.update(canonicalJson(feed));
    for (const [id, told] of [...this.alerts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      for (const [party, recorded] of [...told].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        hash.update(canonicalJson([id, party, recorded.entry, recorded.ended]));
    // Only once there is an archive, so digests saved before there was one still compare.
    if (!this.trackArchive.isEmpty()) hash.update(canonicalJson(this.trackArchive.summary()));
    // Likewise only once there are incidents.
    for (const incident of byId(this.incidents.values())) hash.update(canonicalJson(incident.summary()));
    // Only once there is a proposal, so digests saved before witnessing still compare.
    for (const proposal of byId(this.witnessing.proposals.values())) hash.update(canonicalJson(proposal));
    return hash.digest('hex');
  }
}

export type EntryApplier = (state: HubState, entry: Entry) => void;
