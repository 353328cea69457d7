import { type KeyObject, randomBytes } from 'node:crypto';
import {
  canonicalBytes,
  type Entry,
  encodeEntry,
  formatCheckpoint,
  hashLeaf,
  type NoteSigner,
  noteVerifier,
  signNote,
  verifierKeyString,
} from '../record/index.js';
import { LeaseLost, type Store, type UsedNonce } from '../store/store.js';
import { applyEntry } from './apply-entry.js';
import {
  type Authenticated,
  activeKeyHolder,
  badSignature,
  checkSignedFor,
  claimedAuthor,
  PublicKeys,
} from './authenticate.js';
import type { CommandHandler } from './commands/handler.js';
import { hubGenesis } from './commands/index.js';
import { checkOperatorNamespace } from './commands/new-operator.js';
import { nextCommittedBatch } from './committed-batch.js';
import { derivedHubKey } from './derived-key.js';
import { hubSigner } from './hub-signer.js';
import { NonceWindow } from './nonce-window.js';
import { type OperatorPresence, Presence } from './presence.js';
import { Problem, problems } from './problem.js';
import { RecordedRefusal } from './recorded-refusal.js';
import { RefusalTallies, type Tally } from './refusal-tallies.js';
import { replayRecord } from './replay.js';
import { Salts } from './salts.js';
import { SignaturePool } from './signature-pool.js';
import type { SignedCommand } from './signed-command.js';
import { restoreSnapshot } from './snapshot/restore-snapshot.js';
import { writeSnapshot } from './snapshot/snapshot-file.js';
import {
  DEFAULT_SNAPSHOT_POLICY,
  encodeSnapshot,
  type SnapshotPolicy,
  SnapshotTaker,
} from './snapshot/snapshot-taker.js';
import type { HubState, Operator } from './state.js';
import { StoredRecord } from './stored-record.js';
import { type CommittedEntry, type Subscriber, Subscribers } from './subscribers.js';
import { deadlineWork, declarationWork, type HubWork, offlineWork } from './time-passing.js';
import { checkedMessage, LOGIN_CHECK, validateCommand } from './validate-command.js';
import { admittedInquiry } from './who-may-see.js';
import { WRITER_LEASE_TTL_MS } from './writer-lease-keeper.js';

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

/** How long a follower waits to see a command it passed on in the record before answering anyway. */
const RELAYED_VISIBLE_WITHIN_MS = 10_000;

export interface BatchReport {
  commands: number;
  accepted: number;
  entries: number;
  size: number;
  commitMs: number;
}

/**
 * Who may send a command now, decided at the API's edge: `check` before the signature is verified
 * (it must spend nothing, since the author is only claimed), `spend` once it has; either refuses by
 * throwing a Problem.
 */
export interface CommandGate {
  check(author: Operator): void;
  spend(author: Operator): void;
}

/** The answer to an accepted command: where its entry is and the checkpoint that covers it. */
export interface Accepted {
  index: number;
  size: number;
  checkpoint: string;
}

/**
 * A command waiting for the writer: `decide` turns it into entries against the state of its turn,
 * the command's own first, then the hub's consequences of it.
 */
interface Pending {
  decide(state: HubState): Entry[];
  nonce?: UsedNonce;
  resolve(accepted: Accepted): void;
  reject(error: Error): void;
}

/**
 * The single writer. Commands are authenticated as they arrive, then queued; the writer takes
 * everything queued, decides each against the state as left by the ones before it, writes the
 * batch in one durable transaction with a freshly signed checkpoint (group commit), and only then
 * answers and publishes.
 */
export class Hub {
  private readonly queue: Pending[] = [];
  private scheduled = false;
  private writing = false;
  /** Set while a batch is applied to the state but not yet durable: reads wait for it. */
  private uncommitted: { settled: Promise<void>; settle: () => void } | null = null;
  private readonly publicKeys = new PublicKeys();
  private readonly salts = new Salts();
  private readonly presence: OperatorPresence;
  private readonly refusals = new RefusalTallies();
  private readonly signatures: SignaturePool;
  private readonly subscribers: Subscribers;
  private readonly signer: NoteSigner;
  private readonly clock: () => number;
  private failure: Error | null = null;
  private snapshots: SnapshotTaker;
  /** The state took in a batch that was never committed: it must be rebuilt from the record. */
  private diverged = false;
  private currentRole: HubRole;
  /** Takings-in of committed entries, one at a time. */
  private following: Promise<void> = Promise.resolve();
  /** Relayed commands waiting for the record to reach their size. */
  private readonly sizeWaiters = new Set<{ size: number; reached: () => void }>();

  private constructor(
    private readonly options: HubOptions,
    private state: HubState,
    private tree: StoredRecord,
    private nonces: NonceWindow,
    private latestCheckpoint: string,
    /** The size of the snapshot the state was restored from; 0 if it was replayed in full. */
    snapshotSize = 0,
  ) {
    this.signer = hubSigner(options.origin, options.hubKey);
    this.clock = options.clock ?? Date.now;
    this.signatures = new SignaturePool(options.verifyThreads);
    this.subscribers = new Subscribers(options.onSubscriberFailure);
    this.snapshots = this.snapshotTaker(snapshotSize);
    this.currentRole = options.role ?? 'writer';
    this.presence = options.presence ?? new Presence();
    this.presence.watchGone?.((operator) => this.wentOffline(operator));
  }

  /** Replays the store (checking it on the way) and opens the hub over it. */
  static async open(options: HubOptions): Promise<Hub> {
    const { state, record, nonces, checkpoint, snapshotSize } = await Hub.load(options);
    return new Hub(options, state, record, nonces, checkpoint, snapshotSize);
  }

  /** Only the writer takes snapshots; `lastSize` is the size of the newest one kept. */
  private snapshotTaker(lastSize: number): SnapshotTaker {
    return new SnapshotTaker(
      this.options.snapshots === undefined ? DEFAULT_SNAPSHOT_POLICY : this.options.snapshots,
      this.clock,
      lastSize,
      () => this.saveSnapshot(),
      this.options.onSnapshotWarning ?? console.warn,
    );
  }

  private static async load(options: HubOptions) {
    const now = (options.clock ?? Date.now)();
    const nonces = new NonceWindow();
    // From the newest snapshot that passes its checks, if any: then only the tail is replayed.
    const restored = options.replayAll
      ? null
      : await restoreSnapshot(
          options.store,
          {
            origin: options.origin,
            hubKey: options.hubKey,
            verifierKey: verifierKeyString(options.origin, options.hubKey),
          },
          (size, reason) =>
            (options.onSnapshotWarning ?? console.warn)(
              `the snapshot at size ${size} was not loaded: ${reason}`,
            ),
        );
    const snapshotSize = restored?.state.size ?? 0;
    for (const used of restored?.nonces ?? []) if (used.expiresAt > now) nonces.add(used);
    // Commands signed within the freshness window could still be replayed: remember their nonces.
    const replayed = await replayRecord(options.store, {
      audit: false,
      afterEntry: (_state, entry) => nonces.addFromEntry(entry, now),
      ...(restored ? { from: restored } : {}),
    });
    const identity = replayed.state.identity;
    if (identity && identity.origin !== options.origin) {
      throw new Error(`this store is the record of ${identity.origin}, not ${options.origin}`);
    }
    if (identity && identity.verifierKey !== verifierKeyString(options.origin, options.hubKey)) {
      throw new Error('the hub key does not match the key this record was founded with');
    }
    for (const used of await options.store.liveNonces(now)) nonces.add(used);
    replayed.state.deconfliction.buildIndex();
    const record = await StoredRecord.open(options.store, replayed.frontier);
    const signer = hubSigner(options.origin, options.hubKey);
    const checkpoint =
      replayed.checkpoint?.text ??
      signNote(formatCheckpoint({ origin: options.origin, size: 0, root: record.root() }), signer);
    return { state: replayed.state, record, nonces, checkpoint, snapshotSize };
  }

  get role(): HubRole {
    return this.currentRole;
  }

  /** The record as committed (as taken in, on a follower): its size, proofs and tiles. */
  get record(): StoredRecord {
    return this.tree;
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
    return this.latestCheckpoint;
  }

  /** Runs a read against committed state only. */
  async read<T>(reader: (state: HubState) => T): Promise<T> {
    while (this.uncommitted) await this.uncommitted.settled;
    this.assertServing();
    return reader(this.state);
  }

  /**
   * Runs a read against the state as the writer decides against it now, a batch being committed
   * included: for intake that must not wait on a commit (track reports, a gateway's feeds), never
   * for an answer that claims something is recorded.
   */
  live<T>(reader: (state: HubState) => T): T {
    return reader(this.state);
  }

  subscribe(subscriber: Subscriber): () => void {
    return this.subscribers.add(subscriber);
  }

  /** Writes the record's first entry: the hub's identity and its first administrator. */
  async found(
    party: { id: string; name: string },
    administrator: { id: string; name: string; publicKey: string },
  ) {
    if (this.state.identity || this.record.size > 0) throw new Error('this hub is already founded');
    checkOperatorNamespace(party.id, administrator.id, '/administrator/id');
    const now = this.clock();
    const command = {
      type: hubGenesis.type,
      hub: this.origin,
      nonce: randomBytes(16).toString('base64url'),
      time: new Date(now).toISOString(),
      verifier_key: this.verifierKey,
      party,
      administrator: { id: administrator.id, name: administrator.name, public_key: administrator.publicKey },
    };
    return this.enqueue({
      decide: (_state) => [this.hubEntry(command, now, ['*'])],
    });
  }

  /**
   * Records what the passing of time has made due: reminders and expiries of declarations, and the
   * escalation of deliveries whose deadline has passed unacknowledged.
   */
  async housekeep(): Promise<void> {
    const now = this.clock();
    const online = (operator: string) => this.presence.online(operator);
    const work = await this.read((state) => [
      ...declarationWork(state, now),
      ...deadlineWork(state, now, online),
      ...this.refusals.takeDue(state, now),
    ]);
    await this.perform(work);
  }

  /** Refused attempts of one sender to one recipient and kind, counted but not yet in the record. */
  unrecordedRefusals(key: string): Readonly<Tally> | undefined {
    return this.refusals.unrecorded(key);
  }

  /** The earliest deadline the hub is waiting on, so that a timer can wake it then. */
  nextDeadline(): number | null {
    return this.state.hotline.nextDeadline();
  }

  /** An operator's client connected; the returned function is called when it disconnects. */
  connect(operator: string): () => Promise<void> {
    this.presence.connect(operator);
    let connected = true;
    return async () => {
      if (!connected) return;
      connected = false;
      if (this.presence.disconnect(operator)) await this.wentOffline(operator);
    };
  }

  /** An operator is on line nowhere now: nobody should wait on them. */
  private async wentOffline(operator: string): Promise<void> {
    const now = this.clock();
    const online = (id: string) => this.presence.online(id);
    await this.perform(await this.read((state) => offlineWork(state, operator, now, online)));
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
          decide: (state) => {
            if (!stillDue(state)) throw problems.conflict('overtaken by a change ahead of it');
            const online = (operator: string) => this.presence.online(operator);
            return [consequence, ...(followedBy?.(state, this.batchTime, online) ?? [])].map((c) =>
              this.hubEntry(this.stamped(c.command), this.batchTime, c.visibility),
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
    const nonce = this.nonceOf(signed);
    if (this.nonces.has(nonce.key, nonce.nonce) || !(await this.options.store.useNonce(nonce))) {
      throw problems.replayed();
    }
    this.nonces.add(nonce);
  }

  /** Submits a signed command; resolves once its entry is durable, rejects with a Problem if refused. */
  async submit(signed: SignedCommand, gate?: CommandGate): Promise<Accepted> {
    const { handler, message } = validateCommand(signed.command);
    // The signature is checked on arrival, outside the writer; the writer re-checks that the key is
    // still active in its turn, since a revocation may be ahead of this command in the queue.
    const { operator } = await this.authenticate(signed, message, gate);
    gate?.spend(operator);
    if (this.currentRole === 'follower') return this.relayed(signed);
    const nonce = this.nonceOf(signed);
    return this.enqueue({
      nonce,
      decide: (state) => this.operatorEntries(state, handler, signed, nonce),
    });
  }

  /**
   * A follower passes the command on to the writer and answers once its own record holds the
   * entry, so that the client's next read here sees its write.
   */
  private async relayed(signed: SignedCommand): Promise<Accepted> {
    if (!this.options.relay) throw this.unavailable();
    const accepted = await this.options.relay(signed);
    await this.reached(accepted.size);
    return accepted;
  }

  private reached(size: number): Promise<void> {
    if (this.tree.size >= size) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const waiter = {
        size,
        reached: () => {
          clearTimeout(timer);
          this.sizeWaiters.delete(waiter);
          resolve();
        },
      };
      // The entry is durable at the writer either way: answer, if late, rather than hide that.
      const timer = setTimeout(waiter.reached, RELAYED_VISIBLE_WITHIN_MS);
      this.sizeWaiters.add(waiter);
      void this.follow().catch(() => {});
    });
  }

  /**
   * On a follower: takes in what the writer committed since, each batch checked against its
   * signed checkpoint, applies it to the state and tells the subscribers, as the writer did.
   * Does nothing on the writer.
   */
  follow(): Promise<void> {
    const taking = this.following.then(() => this.takeIn());
    this.following = taking.catch(() => {});
    return taking;
  }

  private async takeIn(): Promise<void> {
    const verifier = noteVerifier(this.verifierKey);
    while (this.currentRole === 'follower' && !this.failure) {
      const batch = await nextCommittedBatch(this.options.store, this.tree, verifier);
      // Became the writer meanwhile (which takes in everything first), or nothing new.
      if (!batch || this.currentRole !== 'follower' || batch.next.size <= this.tree.size) return;
      const now = this.clock();
      for (const { entry } of batch.committed) {
        applyEntry(this.state, entry);
        this.nonces.addFromEntry(entry, now);
      }
      this.tree.accept(batch.next, batch.nodes);
      this.latestCheckpoint = batch.checkpoint;
      for (const waiter of this.sizeWaiters) if (waiter.size <= this.tree.size) waiter.reached();
      this.subscribers.publish(batch.committed);
      this.options.onFollowed?.(this.tree.size);
    }
  }

  /**
   * A follower that now holds the writer's lease becomes the writer: it takes in everything
   * committed before (nobody else can commit any more), then decides commands itself.
   */
  async becomeWriter(): Promise<void> {
    if (this.currentRole === 'writer') return;
    await this.follow();
    while ((await this.options.store.size()) > this.tree.size) await this.follow();
    // Snapshots are due counting from the newest the writer before kept.
    this.snapshots = this.snapshotTaker((await this.options.store.snapshotSizes())[0] ?? 0);
    this.currentRole = 'writer';
    this.failure = null;
  }

  /**
   * A writer that lost its lease, or whose commit failed, goes on as a follower: its state is
   * rebuilt from the record if a batch it took in was never committed.
   */
  async becomeFollower(): Promise<void> {
    while (this.writing || this.scheduled) await new Promise((resolve) => setTimeout(resolve, 5));
    if (this.diverged) {
      const { state, record, nonces, checkpoint } = await Hub.load(this.options);
      this.state = state;
      this.tree = record;
      this.nonces = nonces;
      this.latestCheckpoint = checkpoint;
      this.diverged = false;
      this.subscribers.rebuilt();
    }
    this.currentRole = 'follower';
    this.failure = null;
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

  private nonceOf(signed: SignedCommand): UsedNonce {
    return {
      key: signed.key,
      nonce: String(signed.command.nonce),
      expiresAt: NonceWindow.expiry(Date.parse(String(signed.command.time))),
    };
  }

  private operatorEntries(
    state: HubState,
    handler: CommandHandler,
    signed: SignedCommand,
    nonce: UsedNonce,
  ): Entry[] {
    const { operator, key }: { operator: Operator; key: { id: string } } = activeKeyHolder(state, signed.key);
    if (this.nonces.has(nonce.key, nonce.nonce)) throw problems.replayed();
    const decision = handler.decide(
      {
        state,
        author: operator,
        now: this.batchTime,
        online: (id: string) => this.presence.online(id),
        refusals: this.refusals,
      },
      signed.command as never,
    );
    const own: Entry = {
      v: 1,
      kind: handler.type,
      time: new Date(this.batchTime).toISOString(),
      author: { party: operator.party, operator: operator.id, key: key.id },
      command: signed.command,
      signature: signed.signature,
      visibility: decision.visibility,
      salt: this.salts.next(),
    };
    const consequences = (decision.consequences ?? []).map((consequence) =>
      this.hubEntry(this.stamped(consequence.command), this.batchTime, consequence.visibility),
    );
    return [own, ...consequences];
  }

  /** A hub command's envelope: like an operator's, it names the hub, a nonce and the time. */
  private stamped(body: { type: string } & Record<string, unknown>): Record<string, unknown> {
    const { type, ...fields } = body;
    return {
      type,
      hub: this.origin,
      nonce: randomBytes(16).toString('base64url'),
      time: new Date(this.batchTime).toISOString(),
      ...fields,
    };
  }

  private hubEntry(command: Record<string, unknown>, now: number, visibility: string[]): Entry {
    return {
      v: 1,
      kind: String(command.type),
      time: new Date(now).toISOString(),
      author: { hub: this.origin, key: this.signer.keyId.toString(16).padStart(8, '0') },
      command,
      signature: Buffer.from(this.signer.sign(canonicalBytes(command))).toString('base64'),
      visibility,
      salt: this.salts.next(),
    };
  }

  private batchTime = 0;

  private enqueue(pending: Omit<Pending, 'resolve' | 'reject'>): Promise<Accepted> {
    return new Promise<Accepted>((resolve, reject) => {
      // A command authenticated while the hub failed (its lease lost meanwhile) is refused here:
      // the writer takes nothing more from the queue. A follower decides nothing.
      if (this.failure || this.currentRole !== 'writer') return reject(this.unavailable());
      this.queue.push({ ...pending, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // Wait for the I/O that is already ready, so that concurrent commands share one commit.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    this.scheduled = false;
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length > 0 && !this.failure) {
        await this.writeBatch(this.queue.splice(0, this.options.maxBatch ?? 4096));
      }
    } finally {
      this.writing = false;
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    const started = performance.now();
    this.batchTime = this.clock();
    const base = this.record.size;
    const committed: CommittedEntry[] = [];
    const answered: { pending: Pending; index: number }[] = [];
    const refused: { pending: Pending; problem: Problem }[] = [];
    for (const pending of batch) {
      let entries: Entry[];
      let refusal: Problem | null = null;
      try {
        entries = pending.decide(this.state);
      } catch (error) {
        // A refusal with nothing to record is answered at once, like any other.
        if (!(error instanceof RecordedRefusal) || error.consequences.length === 0) {
          pending.reject(error instanceof RecordedRefusal ? error.problem : (error as Error));
          continue;
        }
        refusal = error.problem;
        entries = error.consequences.map((c) =>
          this.hubEntry(this.stamped(c.command), this.batchTime, c.visibility),
        );
      }
      if (entries.length > 0) this.holdReads();
      if (refusal) {
        // The submitter is told where what it was refused for is recorded.
        refusal.extensions.recorded_at = base + committed.length;
        refused.push({ pending, problem: refusal });
      } else {
        answered.push({ pending, index: base + committed.length });
      }
      for (const entry of entries) {
        // Applying as we go lets later commands of the batch see earlier ones. A failure here means
        // the state no longer matches the record, so the hub stops rather than diverge.
        try {
          applyEntry(this.state, entry);
        } catch (error) {
          this.fail(error as Error, batch);
          return;
        }
        committed.push({ index: base + committed.length, entry, bytes: encodeEntry(entry) });
      }
      if (pending.nonce && !refusal) this.nonces.add(pending.nonce);
    }
    if (committed.length === 0) return;
    const { next, nodes } = this.record.prepare(committed.map((item) => hashLeaf(item.bytes)));
    const checkpoint = signNote(
      formatCheckpoint({ origin: this.origin, size: next.size, root: next.root() }),
      this.signer,
    );
    try {
      await this.options.store.commit({
        entries: committed.map((item) => ({
          index: item.index,
          kind: item.entry.kind,
          time: item.entry.time,
          visibility: item.entry.visibility,
          bytes: item.bytes,
        })),
        nodes,
        checkpoint: { size: next.size, text: checkpoint },
      });
    } catch (error) {
      this.fail(error as Error, batch);
      return;
    }
    this.record.accept(next, nodes);
    this.latestCheckpoint = checkpoint;
    this.releaseReads();
    for (const { pending, index } of answered) pending.resolve({ index, size: next.size, checkpoint });
    for (const { pending, problem } of refused) pending.reject(problem);
    this.subscribers.publish(committed);
    this.snapshots.afterBatch(next.size);
    this.options.onBatch?.({
      commands: batch.length,
      accepted: answered.length,
      entries: committed.length,
      size: next.size,
      commitMs: performance.now() - started,
    });
  }

  /**
   * Another hub became the writer of the shared database (or may have): this one writes nothing
   * more, and serves nothing until it goes on as a follower (becomeFollower).
   */
  loseWriterLease(error: LeaseLost): void {
    if (!this.failure && this.currentRole === 'writer') this.fail(error, []);
  }

  /**
   * Reads wait from the first entry of a batch applied until the batch is durable: one hold per
   * batch, so a command that adds no entry cannot leave a reader waiting on one never released.
   */
  private holdReads(): void {
    if (this.uncommitted) return;
    let settle = () => {};
    const settled = new Promise<void>((resolve) => (settle = resolve));
    this.uncommitted = { settled, settle };
  }

  private releaseReads(): void {
    const held = this.uncommitted;
    this.uncommitted = null;
    held?.settle();
  }

  /** The state may now be ahead of the record: refuse everything until a restart replays it. */
  private fail(error: Error, batch: Pending[]): void {
    this.failure = error;
    // A batch applied to the state is not in the record: the state is ahead of it.
    if (this.uncommitted) this.diverged = true;
    // Readers held by a batch whose commit may never end (a lost lease, a dead connection) are
    // let go, to be refused like everything else.
    this.releaseReads();
    const unavailable = this.unavailable();
    for (const pending of [...batch, ...this.queue.splice(0)]) pending.reject(unavailable);
    this.options.onFatal?.(error);
  }

  /** Once a commit has failed the state may be ahead of the record, so nothing is served from it. */
  private assertServing(): void {
    if (this.failure) throw this.unavailable();
  }

  private unavailable(): Problem {
    if (!this.failure && this.currentRole === 'follower') return noWriter();
    if (!(this.failure instanceof LeaseLost))
      return new Problem(503, 'unavailable', 'The hub cannot write its record', 'restart the hub');
    // By then the hub that took over, if any, is the writer.
    const retryAfterS = Math.ceil(WRITER_LEASE_TTL_MS / 1000);
    return new Problem(
      503,
      'unavailable',
      'This hub is no longer the writer',
      `${this.failure.message}: try again in ${retryAfterS} s, at the hub that holds the writer's lease`,
      [],
      { retry_after_s: retryAfterS },
    );
  }

  /** Waits for queued commands, then persists a digest of the state for `replay --check`. */
  async close(): Promise<void> {
    await this.presence.close?.();
    // Refused attempts only counted so far are written, so that a restart keeps their count.
    if (!this.failure) await this.perform(this.refusals.takeDue(this.state, this.clock(), true));
    while (this.writing || this.queue.length > 0 || this.scheduled) await new Promise((r) => setImmediate(r));
    await this.signatures.close();
    await this.saveStateDigest();
    if (!this.failure && this.currentRole === 'writer') await this.snapshots.finish(this.record.size);
  }

  /**
   * Takes a signed snapshot of the committed state and keeps it; resolves with its size. The writer
   * waits only while the state is encoded; it goes on while the snapshot is signed and stored.
   */
  async saveSnapshot(): Promise<number> {
    const { header, parts } = await this.read((state) =>
      encodeSnapshot(
        state,
        { root: this.record.root(), origin: this.origin },
        this.nonces.live(this.clock()),
      ),
    );
    await this.options.store.saveSnapshot(
      header.size,
      await writeSnapshot(header, parts, this.options.hubKey),
    );
    return header.size;
  }

  async saveStateDigest(): Promise<void> {
    if (this.failure || this.currentRole !== 'writer') return;
    const digest = await this.read((state) => ({ size: state.size, digest: state.digest() }));
    if (this.failure) return;
    await this.options.store.saveStateDigest(digest);
  }

  async pruneNonces(): Promise<void> {
    const now = this.clock();
    this.nonces.prune(now);
    await this.options.store.pruneNonces(now);
  }
}

/** A follower with no writer to pass a command on to: one will be within the lease's time. */
export function noWriter(detail = 'no hub holds the writer\u2019s lease'): Problem {
  const retryAfterS = Math.ceil(WRITER_LEASE_TTL_MS / 1000);
  return new Problem(
    503,
    'unavailable',
    'No hub is the writer now',
    `${detail}: try again in ${retryAfterS} s`,
    [],
    { retry_after_s: retryAfterS },
  );
}
