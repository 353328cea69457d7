import type { KeyObject } from 'node:crypto';
import { noteVerifier, verifierKeyString } from '../record/index.js';
import type { LeaseLost, Store } from '../store/store.js';
import {
  type Authenticated,
  badSignature,
  checkSignedFor,
  claimedAuthor,
  PublicKeys,
} from './authenticate.js';
import { hubGenesis } from './commands/index.js';
import { checkOperatorNamespace } from './commands/new-operator.js';
import { Departures } from './departures.js';
import { derivedHubKey } from './derived-key.js';
import { FollowerIntake } from './follower-intake.js';
import {
  type Accepted,
  type BatchReport,
  GroupCommitWriter,
  type WriterCommand,
} from './group-commit-writer.js';
import { HubEntries } from './hub-entries.js';
import { hubSigner } from './hub-signer.js';
import { startingState } from './hub-start.js';
import { NonceWindow } from './nonce-window.js';
import { operatorEntries } from './operator-entries.js';
import { type OperatorPresence, Presence } from './presence.js';
import { Problem, problems } from './problem.js';
import { RecentEntries } from './recent-entries.js';
import { RefusalTallies, type Tally } from './refusal-tallies.js';
import { SignaturePool } from './signature-pool.js';
import type { SignedCommand } from './signed-command.js';
import { encodeSnapshot, keepSnapshot } from './snapshot/keep-snapshot.js';
import { makeSnapshotBeside } from './snapshot/snapshot-beside.js';
import { DEFAULT_SNAPSHOT_POLICY, type SnapshotPolicy, SnapshotTaker } from './snapshot/snapshot-taker.js';
import type { HubState, Operator } from './state.js';
import type { StoredRecord } from './stored-record.js';
import { type Subscriber, Subscribers } from './subscribers.js';
import { deadlineWork, declarationWork, type HubWork } from './time-passing.js';
import { checkedMessage, LOGIN_CHECK, validateCommand } from './validate-command.js';
import { admittedInquiry } from './who-may-see.js';
import { noWriter } from './writer-unavailable.js';

export type { Accepted, BatchReport } from './group-commit-writer.js';

export interface HubOptions {
  store: Store;
  /** The hub's Ed25519 key: it signs checkpoints and the hub's own entries. */
  hubKey: KeyObject;
  /** The record's origin line, e.g. "deconflict.example.org/hub". */
  origin: string;
  clock?: () => number;
  /** The most commands written in one transaction. */
  maxBatch?: number;
  onBatch?: (batch: BatchReport) => void;
  /** Called when the store fails to commit; the hub then refuses all writes. */
  onFatal?: (error: Error) => void;
  /** A subscriber threw and was cut off; the writer and every other subscriber went on. */
  onSubscriberFailure?: (subscriber: string, error: Error) => void;
  /** Worker threads verifying signatures; by default one fewer than the cores. */
  verifyThreads?: number;
  /** When to snapshot the state, so a start replays only the record after it; null for never. */
  snapshots?: SnapshotPolicy | null;
  /** Start by replaying the whole record, whatever snapshots there are. */
  replayAll?: boolean;
  /** A stored snapshot was refused on start, or one could not be kept; by default a console warning. */
  onSnapshotWarning?: (message: string) => void;
  /** What the hub opens as: the writer (the default), or a follower of the hub that writes. */
  role?: HubRole;
  /** On a follower: passes a command on to the writer and answers as it did (a Problem if refused). */
  relay?: (signed: SignedCommand) => Promise<Accepted>;
  /** On a follower: entries another hub committed were taken in, bringing the record to `size`. */
  onFollowed?: (size: number) => void;
  /**
   * Who is on line, for whom a delivery goes to: by default the clients of this hub alone; where
   * several hubs share the database, a SharedPresence started over it. The hub closes it.
   */
  presence?: OperatorPresence;
}

/**
 * The writer decides commands and commits them; a follower takes in what the writer committed,
 * serves reads, and passes commands on. A hub may gain and lose writing as the writer's lease goes.
 */
export type HubRole = 'writer' | 'follower';

/**
 * Who may send a command now, decided at the API's edge: `check` before the signature is verified
 * (it must spend nothing, since the author is only claimed), `spend` once it has; either refuses by
 * throwing a Problem.
 */
export interface CommandGate {
  check(author: Operator): void;
  spend(author: Operator): void;
}

/**
 * One hub: it authenticates commands as they arrive and hands them to its group-commit writer (or,
 * following, passes them on to the hub that writes); it knows who is on line, and what the passing
 * of time makes due. Its state is reached through two doors, `read` (committed) and `live`.
 */
export class Hub {
  private readonly publicKeys = new PublicKeys();
  private readonly presence: OperatorPresence;
  private readonly departures = new Departures();
  private readonly refusals = new RefusalTallies();
  private readonly signatures: SignaturePool;
  private readonly subscribers: Subscribers;
  /** The latest entries parsed, which the streams catching up read rather than the store. */
  readonly recentEntries: RecentEntries;
  private readonly entries: HubEntries;
  private readonly writer: GroupCommitWriter;
  private readonly intake: FollowerIntake;
  private readonly clock: () => number;
  private snapshots: SnapshotTaker;
  private currentRole: HubRole;
  /** Whether an operator has a client connected now, here or (shared presence) at another hub. */
  private readonly online = (operator: string) => this.presence.online(operator);

  private constructor(
    private readonly options: HubOptions,
    state: HubState,
    tree: StoredRecord,
    nonces: NonceWindow,
    latestCheckpoint: string,
    /** The size of the snapshot the state was restored from; 0 if it was replayed in full. */
    snapshotSize = 0,
  ) {
    const signer = hubSigner(options.origin, options.hubKey);
    this.clock = options.clock ?? Date.now;
    this.signatures = new SignaturePool(options.verifyThreads);
    this.subscribers = new Subscribers(options.onSubscriberFailure);
    this.recentEntries = new RecentEntries(options.store);
    this.entries = new HubEntries(options.origin, signer);
    this.snapshots = this.snapshotTaker(snapshotSize);
    const { store, origin, maxBatch, onFatal } = options;
    const { entries, subscribers, clock } = this;
    const onBatch = (report: BatchReport) => {
      this.snapshots.afterBatch(report.size);
      options.onBatch?.(report);
    };
    this.writer = new GroupCommitWriter(
      { store, origin, signer, entries, subscribers, clock, maxBatch, onBatch, onFatal },
      { state, record: tree, nonces, checkpoint: latestCheckpoint },
    );
    this.currentRole = options.role ?? 'writer';
    this.intake = new FollowerIntake(
      options.store,
      this.writer,
      noteVerifier(this.verifierKey),
      () => this.currentRole === 'follower',
      options.onFollowed,
    );
    this.presence = options.presence ?? new Presence();
    this.presence.watchGone?.((operator) => this.wentOffline(operator));
  }

  /** Replays the store (checking it on the way) and opens the hub over it. */
  static async open(options: HubOptions): Promise<Hub> {
    const { state, record, nonces, checkpoint, snapshotSize } = await startingState(options);
    return new Hub(options, state, record, nonces, checkpoint, snapshotSize);
  }

  /** Only the writer takes snapshots; `lastSize` is the size of the newest one kept. */
  private snapshotTaker(lastSize: number): SnapshotTaker {
    return new SnapshotTaker(
      this.options.snapshots === undefined ? DEFAULT_SNAPSHOT_POLICY : this.options.snapshots,
      this.clock,
      lastSize,
      () =>
        makeSnapshotBeside({
          address: this.options.store.address,
          origin: this.origin,
          hubKey: this.options.hubKey,
          now: this.clock(),
        }),
      async () =>
        keepSnapshot(
          this.options.store,
          await this.read((state) =>
            encodeSnapshot(
              state,
              { root: this.record.root(), origin: this.origin },
              this.writer.nonces.live(this.clock()),
            ),
          ),
          this.options.hubKey,
        ),
      this.options.onSnapshotWarning ?? console.warn,
    );
  }

  get role(): HubRole {
    return this.currentRole;
  }

  /** The record as committed (as taken in, on a follower): its size, proofs and tiles. */
  get record(): StoredRecord {
    return this.writer.record;
  }

  get store(): Store {
    return this.options.store;
  }

  get origin(): string {
    return this.options.origin;
  }

  get verifierKey(): string {
    return verifierKeyString(this.options.origin, this.options.hubKey);
  }

  /** A secret for one purpose, the same on every hub of this installation (same key and origin). */
  derivedKey(purpose: string): Buffer {
    return derivedHubKey(this.options.hubKey, this.options.origin, purpose);
  }

  /** The latest signed checkpoint, C2SP tlog-checkpoint text. */
  checkpoint(): string {
    return this.writer.checkpoint();
  }

  /** Whether reads are served: not once the writer has failed, until it goes on. */
  get readable(): boolean {
    return !this.writer.failed;
  }

  /** Runs a read against committed state only. */
  read<T>(reader: (state: HubState) => T): Promise<T> {
    return this.writer.read(reader);
  }

  /**
   * Runs a read against the state as the writer decides against it now, a batch being committed
   * included: for intake that must not wait on a commit (track reports, a gateway's feeds), never
   * for an answer that claims something is recorded.
   */
  live<T>(reader: (state: HubState) => T): T {
    return this.writer.live(reader);
  }

  subscribe(subscriber: Subscriber): () => void {
    return this.subscribers.add(subscriber);
  }

  /** Writes the record's first entry: the hub's identity and its first administrator. */
  async found(
    party: { id: string; name: string },
    administrator: { id: string; name: string; publicKey: string },
  ) {
    if (this.live((state) => state.identity) || this.record.size > 0)
      throw new Error('this hub is already founded');
    checkOperatorNamespace(party.id, administrator.id, '/administrator/id');
    const now = this.clock();
    const { id, name, publicKey } = administrator;
    const genesis = {
      command: {
        type: hubGenesis.type,
        verifier_key: this.verifierKey,
        party,
        administrator: { id, name, public_key: publicKey },
      },
      visibility: ['*'],
    };
    // Stamped with the time it was asked for, like any command, whenever the writer takes it.
    return this.enqueue({ decide: () => [this.entries.signedByHub(genesis, now)] });
  }

  /**
   * Records what the passing of time has made due: reminders and expiries of declarations, and the
   * escalation of deliveries whose deadline has passed unacknowledged.
   */
  async housekeep(): Promise<void> {
    const now = this.clock();
    const work = await this.read((state) => [
      ...declarationWork(state, now),
      ...deadlineWork(state, now, this.online),
      ...this.departures.takeDue(state, now, this.online),
      ...this.refusals.takeDue(state, now),
    ]);
    await this.perform(work);
  }

  /** Refused attempts of one sender to one recipient and kind, counted but not yet in the record. */
  unrecordedRefusals(key: string): Readonly<Tally> | undefined {
    return this.refusals.unrecorded(key);
  }

  /** The earliest deadline (or officer's grace) the hub is waiting on, so that a timer can wake it then. */
  nextDeadline(): number | null {
    const times = [this.live((state) => state.hotline.nextDeadline()), this.departures.nextGraceEnd()];
    const due = times.filter((time): time is number => time !== null);
    return due.length > 0 ? Math.min(...due) : null;
  }

  /** An operator's client connected; the returned function is called when it disconnects. */
  connect(operator: string): () => Promise<void> {
    this.presence.connect(operator);
    this.departures.returned(operator);
    let connected = true;
    return async () => {
      if (!connected) return;
      connected = false;
      if (this.presence.disconnect(operator)) await this.wentOffline(operator);
    };
  }

  /** An operator is on line nowhere now: what waits on them moves on once their grace is over. */
  private async wentOffline(operator: string): Promise<void> {
    const now = this.clock();
    await this.perform(await this.read((state) => this.departures.left(state, operator, now, this.online)));
  }

  /**
   * Records what happened outside the hub that it answers for (a webhook's outcome): each entry is
   * re-checked in the writer's turn and dropped if a change ahead of it made it moot.
   */
  async recordWork(work: readonly HubWork[]): Promise<void> {
    await this.perform(work);
  }

  private async perform(work: readonly HubWork[]): Promise<void> {
    await Promise.all(
      work.map(({ consequence, stillDue, followedBy }) =>
        this.enqueue({
          decide: (state, now) => {
            if (!stillDue(state)) throw problems.conflict('overtaken by a change ahead of it');
            return [consequence, ...(followedBy?.(state, now, this.online) ?? [])].map((c) =>
              this.entries.signedByHub(c, now),
            );
          },
        }).catch((error: unknown) => {
          if (!(error instanceof Problem)) throw error;
        }),
      ),
    );
  }

  /** Checks who signed a login and burns its nonce; the caller issues the session. */
  async login(signed: SignedCommand): Promise<Authenticated> {
    const author = await this.authenticate(signed, checkedMessage(LOGIN_CHECK, signed.command));
    await this.burnNonce(signed);
    return author;
  }

  /**
   * The same login, signed by an inquiry a party has admitted to an incident (incident.admit) with
   * the key it was admitted by; the caller issues a session that reads only what it was admitted to.
   */
  async loginInquiry(signed: SignedCommand): Promise<{ key: string; name: string }> {
    const message = checkedMessage(LOGIN_CHECK, signed.command);
    const inquiry = await this.read((state) => admittedInquiry(state, signed.key));
    if (!inquiry) throw problems.unauthenticated(`no inquiry was admitted with key ${signed.key}`, '/key');
    checkSignedFor(signed, this.origin, this.clock());
    const publicKey = new Uint8Array(Buffer.from(inquiry.publicKey, 'base64'));
    if (!(await this.signatures.verify(publicKey, message, signed.signature))) throw badSignature();
    await this.burnNonce(signed);
    return { key: inquiry.key, name: inquiry.name };
  }

  private async burnNonce(signed: SignedCommand): Promise<void> {
    const nonce = NonceWindow.ofCommand(signed);
    if (this.writer.nonces.has(nonce.key, nonce.nonce) || !(await this.options.store.useNonce(nonce))) {
      throw problems.replayed();
    }
    this.writer.nonces.add(nonce);
  }

  /** Submits a signed command; resolves once its entry is durable, rejects with a Problem if refused. */
  async submit(signed: SignedCommand, gate?: CommandGate): Promise<Accepted> {
    const { handler, message } = validateCommand(signed.command);
    // The signature is checked on arrival, outside the writer; the writer re-checks that the key is
    // still active in its turn, since a revocation may be ahead of this command in the queue.
    const { operator } = await this.authenticate(signed, message, gate);
    gate?.spend(operator);
    if (this.currentRole === 'follower') return this.relayed(signed);
    const nonce = NonceWindow.ofCommand(signed);
    return this.enqueue({
      nonce,
      decide: (state, now) => {
        const { online, refusals, entries } = this;
        return operatorEntries(
          state,
          { now, nonces: this.writer.nonces, online, refusals, entries },
          handler,
          signed,
          nonce,
        );
      },
    });
  }

  /**
   * A follower passes the command on to the writer and answers once its own record holds the
   * entry, so that the client's next read here sees its write.
   */
  private async relayed(signed: SignedCommand): Promise<Accepted> {
    if (!this.options.relay) throw this.unavailable();
    const accepted = await this.options.relay(signed);
    await this.intake.reached(accepted.size);
    return accepted;
  }

  /**
   * On a follower: takes in what the writer committed since, each batch checked against its
   * signed checkpoint, applies it to the state and tells the subscribers, as the writer did.
   * Does nothing on the writer.
   */
  follow(): Promise<void> {
    return this.intake.follow();
  }

  /**
   * A follower that now holds the writer's lease becomes the writer: it takes in everything
   * committed before (nobody else can commit any more), then decides commands itself.
   */
  async becomeWriter(): Promise<void> {
    if (this.currentRole === 'writer') return;
    await this.follow();
    while ((await this.options.store.size()) > this.record.size) await this.follow();
    // Snapshots are due counting from the newest the writer before kept; one this hub was making
    // when it last was the writer is stopped.
    await this.snapshots.finish(null);
    this.snapshots = this.snapshotTaker((await this.options.store.snapshotSizes())[0] ?? 0);
    this.currentRole = 'writer';
    this.writer.resume();
  }

  /**
   * A writer that lost its lease, or whose commit failed, goes on as a follower: its state is
   * rebuilt from the record if a batch it took in was never committed.
   */
  async becomeFollower(): Promise<void> {
    await this.writer.idle();
    const rebuilt = this.writer.diverged ? await startingState(this.options) : undefined;
    this.currentRole = 'follower';
    this.writer.resume(rebuilt);
    await this.follow();
  }

  private async authenticate(
    signed: SignedCommand,
    message: Uint8Array,
    gate?: CommandGate,
  ): Promise<Authenticated> {
    const claim = await this.read((state) =>
      claimedAuthor(state, this.publicKeys, signed, message, this.origin, this.clock()),
    );
    gate?.check(claim.operator);
    if (!(await this.signatures.verify(claim.publicKey, claim.message, signed.signature)))
      throw badSignature();
    return { operator: claim.operator, key: claim.key };
  }

  /** A follower decides nothing: the command goes to the writer's queue only on the writer. */
  private enqueue(command: WriterCommand): Promise<Accepted> {
    if (this.currentRole !== 'writer' && !this.writer.failed) return Promise.reject(noWriter());
    return this.writer.enqueue(command);
  }

  /**
   * Another hub became the writer of the shared database (or may have): this one writes nothing
   * more, and serves nothing until it goes on as a follower (becomeFollower).
   */
  loseWriterLease(error: LeaseLost): void {
    if (this.currentRole === 'writer') this.writer.loseLease(error);
  }

  private unavailable(): Problem {
    if (!this.writer.failed && this.currentRole === 'follower') return noWriter();
    return this.writer.unavailable();
  }

  /** Waits for queued commands, then persists a digest of the state for `replay --check`. */
  async close(): Promise<void> {
    await this.presence.close?.();
    // Refused attempts only counted so far are written, so that a restart keeps their count.
    if (!this.writer.failed)
      await this.perform(this.live((state) => this.refusals.takeDue(state, this.clock(), true)));
    await this.writer.idle();
    await this.signatures.close();
    await this.saveStateDigest();
    await this.snapshots.finish(
      !this.writer.failed && this.currentRole === 'writer' ? this.record.size : null,
    );
  }

  /**
   * Makes a signed snapshot of the committed state beside the writer, which goes on meanwhile, and
   * keeps it; resolves with the record size it is at.
   */
  saveSnapshot(): Promise<number> {
    return this.snapshots.takeBeside();
  }

  async saveStateDigest(): Promise<void> {
    if (this.writer.failed || this.currentRole !== 'writer') return;
    const digest = await this.read((state) => ({ size: state.size, digest: state.digest() }));
    if (this.writer.failed) return;
    await this.options.store.saveStateDigest(digest);
  }

  async pruneNonces(): Promise<void> {
    const now = this.clock();
    this.writer.nonces.prune(now);
    await this.options.store.pruneNonces(now);
  }
}
