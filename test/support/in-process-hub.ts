// A hub opened in this process over a SQLite store in a temp dir, with a clock the test moves, and
// parties each with an administrator: for what depends on time (expiry, deadlines) without waiting.
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { type Accepted, Hub } from '../../src/hub/hub.js';
import type { OperatorPresence } from '../../src/hub/presence.js';
import { type Entry, parseTrustedEntry } from '../../src/record/index.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { tempDir } from './temp-dir.js';

export const IN_PROCESS_ORIGIN = 'in-process.test/hub';

/** Who is on line for a hub opened over `store`; by default its own clients. */
export type PresenceFor = (store: SqliteStore) => OperatorPresence;

export class InProcessHub {
  now: number;
  hub!: Hub;
  readonly admins = new Map<string, OperatorSigner>();
  private readonly temp = tempDir();
  private readonly store: SqliteStore;
  private readonly hubKey = generateKeyPairSync('ed25519').privateKey;
  private seen = 0;
  private readonly twins: { hub: Hub; store: SqliteStore }[] = [];

  private constructor(
    start: number,
    private readonly presence?: PresenceFor,
  ) {
    this.now = start;
    this.store = new SqliteStore(this.dbPath);
  }

  private get dbPath(): string {
    return join(this.temp.path, 'record.db');
  }

  /** Founds a hub at `start` and admits each party with an administrator. */
  static async start(
    start: number,
    parties: readonly string[],
    presence?: PresenceFor,
  ): Promise<InProcessHub> {
    const test = new InProcessHub(start, presence);
    await test.open();
    const admin = OperatorSigner.generate();
    await test.hub.found(
      { id: 'hub', name: 'Hub' },
      { id: 'hub.admin', name: 'Admin', publicKey: admin.publicKey },
    );
    for (const party of parties) {
      const signer = OperatorSigner.generate();
      await test.submit(admin, 'party.create', {
        party: { id: party, name: party },
        administrator: { id: `${party}.admin`, name: party, public_key: signer.publicKey },
      });
      test.admins.set(party, signer);
    }
    test.seen = await test.store.size();
    return test;
  }

  private async open(): Promise<void> {
    this.hub = await this.openOver(this.store, this.presence);
  }

  private openOver(store: SqliteStore, presence?: PresenceFor): Promise<Hub> {
    return Hub.open({
      store,
      hubKey: this.hubKey,
      origin: IN_PROCESS_ORIGIN,
      clock: () => this.now,
      verifyThreads: 1,
      ...(presence ? { presence: presence(store) } : {}),
    });
  }

  /**
   * Another hub of the same installation (key, origin, database file), as of now; the test writes
   * through the first one only.
   */
  async twin(presence?: PresenceFor): Promise<Hub> {
    const store = new SqliteStore(this.dbPath);
    const hub = await this.openOver(store, presence);
    this.twins.push({ hub, store });
    return hub;
  }

  admin(party: string): OperatorSigner {
    const signer = this.admins.get(party);
    if (!signer) throw new Error(`no party ${party}`);
    return signer;
  }

  submit(signer: OperatorSigner, type: string, fields: Record<string, unknown>): Promise<Accepted> {
    return this.hub.submit(signer.command(IN_PROCESS_ORIGIN, type, fields, this.now));
  }

  /** Entries written since the last call (or since the parties were admitted). */
  async newEntries(): Promise<Entry[]> {
    const stored = await this.store.entries(this.seen, await this.store.size());
    this.seen += stored.length;
    return stored.map((item) => parseTrustedEntry(item.bytes));
  }

  /** Moves the clock and lets the hub record what has become due. */
  async advance(ms: number): Promise<Entry[]> {
    this.now += ms;
    await this.hub.housekeep();
    return this.newEntries();
  }

  async restart(): Promise<void> {
    await this.hub.close();
    await this.open();
  }

  async stop(): Promise<void> {
    for (const { hub, store } of this.twins) {
      await hub.close();
      await store.close();
    }
    await this.hub.close();
    await this.store.close();
    this.temp.remove();
  }
}
