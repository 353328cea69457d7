// What every store must do, whatever database is behind it: each store's test file runs this suite
// over fresh, empty stores of its kind. Reads are compared with what was written, byte for byte,
// and again after the store is closed and opened anew (a restart of the hub).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { CompactRange, type HashedNode, hashLeaf } from '../../src/record/index.js';
import {
  type CommitBatch,
  SNAPSHOT_PIECE_BYTES,
  type Store,
  type StoredEntry,
  StoreIntegrityError,
  type TrackFix,
} from '../../src/store/store.js';
import { Prng } from '../support/prng.js';

/** A store to test: `open` opens it (again, after a close: the same database); `remove` drops it. */
export interface StoreUnderTest {
  open(): Promise<Store>;
  remove(): Promise<void>;
}

/** Builds record batches the way the hub does: contiguous entries, the nodes they complete, a checkpoint. */
class RecordWriter {
  private readonly tree = CompactRange.empty();
  readonly entries: StoredEntry[] = [];
  readonly nodes: HashedNode[] = [];
  readonly checkpoints: { size: number; text: string }[] = [];

  constructor(private readonly prng: Prng) {}

  next(count: number): CommitBatch {
    const entries: StoredEntry[] = [];
    const nodes: HashedNode[] = [];
    for (let n = 0; n < count; n++) {
      const index = this.tree.size;
      const entry: StoredEntry = {
        index,
        kind: this.prng.pick(['party.create', 'declaration.submit', 'hotline.message']),
        time: new Date(1_780_000_000_000 + index * 1000).toISOString(),
        // Order matters: replay compares it with the entry's content.
        visibility: this.prng.pick([['*'], ['blue', 'amber'], ['amber', 'blue'], ['red']]),
        // Every byte value, and lengths across the sizes entries have.
        bytes: this.prng.bytes(1 + this.prng.int(600)),
      };
      entries.push(entry);
      nodes.push(...this.tree.append(hashLeaf(entry.bytes)));
    }
    const checkpoint = { size: this.tree.size, text: `test.example/hub\n${this.tree.size}\nroot\n\n— sig\n` };
    this.entries.push(...entries);
    this.nodes.push(...nodes);
    this.checkpoints.push(checkpoint);
    return { entries, nodes, checkpoint };
  }
}

function fix(prng: Prng, feed: string, track: string, time: number): TrackFix {
  return {
    feed,
    track,
    time,
    lon: prng.int(360_000_000) / 1e6 - 180,
    lat: prng.int(180_000_000) / 1e6 - 90 + 1e-9,
    altM: prng.int(12_000_000) / 1000,
    groundSpeedMs: prng.int(300_000) / 1000,
    trackDeg: prng.int(360_000) / 1000,
    verticalRateMs: -prng.int(20_000) / 1000,
  };
}

export function storeContract(
  kind: string,
  fresh: () => Promise<StoreUnderTest>,
  skip: string | false,
): void {
  describe(`the ${kind} store`, { skip }, () => {
    const opened: { subject: StoreUnderTest; store: Store }[] = [];
    /** A fresh empty store, closed and removed after the suite. */
    const start = async () => {
      const subject = await fresh();
      const store = await subject.open();
      opened.push({ subject, store });
      return { subject, store };
    };
    /** Closes `store` and opens its database again. */
    const reopen = async (at: { subject: StoreUnderTest; store: Store }) => {
      await at.store.close();
      at.store = await at.subject.open();
      const entry = opened.find((item) => item.subject === at.subject);
      if (entry) entry.store = at.store;
      return at.store;
    };
    /** Runs `check` on the open store, then again after a reopen: what was read must have been kept. */
    const beforeAndAfterReopen = async (
      at: { subject: StoreUnderTest; store: Store },
      check: (store: Store) => Promise<void>,
    ) => {
      await check(at.store);
      await check(await reopen(at));
    };
    after(async () => {
      for (const { subject, store } of opened) {
        await store.close().catch(() => {});
        await subject.remove();
      }
    });

    test('commits batches and reads back exactly what was written, also after a reopen', async () => {
      const at = await start();
      const writer = new RecordWriter(new Prng(1));
      // 300 entries in one batch: more nodes than one lookup statement of some databases takes.
      for (const count of [1, 5, 300, 2]) await at.store.commit(writer.next(count));
      await beforeAndAfterReopen(at, async (store) => {
        assert.equal(await store.size(), 308);
        assert.deepEqual(await store.entries(0, 308), writer.entries);
        assert.deepEqual(await store.entries(3, 7), writer.entries.slice(3, 7));
        assert.deepEqual(await store.entries(308, 400), []);
        // Nodes come back in the order asked, not the order stored.
        const wanted = new Prng(2);
        const ids = writer.nodes.map((node) => ({ node, key: wanted.next() })).sort((a, b) => a.key - b.key);
        assert.deepEqual(
          await store.nodes(ids.map(({ node }) => ({ level: node.level, index: node.index }))),
          ids.map(({ node }) => node.hash),
        );
        // A tile: one level's hashes over a range of indexes.
        for (const level of [0, 1, 3, 8]) {
          const atLevel = writer.nodes
            .filter((node) => node.level === level)
            .sort((a, b) => a.index - b.index);
          assert.deepEqual(
            await store.nodeRange(level, 0, 1 << 20),
            atLevel.map((node) => node.hash),
          );
          assert.deepEqual(
            await store.nodeRange(level, 1, 3),
            atLevel.slice(1, 3).map((node) => node.hash),
          );
        }
        for (const checkpoint of writer.checkpoints)
          assert.deepEqual(await store.checkpointAt(checkpoint.size), checkpoint);
        assert.equal(await store.checkpointAt(7), null);
        assert.deepEqual(await store.checkpoints(1, 306), writer.checkpoints.slice(1, 3));
        assert.deepEqual(await store.checkpoints(0, Number.MAX_SAFE_INTEGER), writer.checkpoints);
      });
    });

    test('names a missing node rather than answering without it', async () => {
      const { store } = await start();
      const writer = new RecordWriter(new Prng(3));
      await store.commit(writer.next(4));
      await assert.rejects(
        store.nodes([
          { level: 0, index: 1 },
          { level: 0, index: 9 },
        ]),
        (error: Error) => error instanceof StoreIntegrityError && /node 0\/9 is missing/.test(error.message),
      );
      assert.deepEqual(await store.nodes([]), []);
    });

    test('refuses a batch that is not contiguous with the record, and writes none of it', async () => {
      const at = await start();
      const writer = new RecordWriter(new Prng(4));
      await at.store.commit(writer.next(3));
      const next = writer.next(2);
      for (const shift of [1, -1]) {
        const moved: CommitBatch = {
          ...next,
          entries: next.entries.map((entry) => ({ ...entry, index: entry.index + shift })),
          checkpoint: { ...next.checkpoint, size: next.checkpoint.size + shift },
        };
        await assert.rejects(at.store.commit(moved), StoreIntegrityError);
      }
      await beforeAndAfterReopen(at, async (store) => {
        assert.equal(await store.size(), 3);
        assert.deepEqual(await store.entries(0, 10), writer.entries.slice(0, 3));
        assert.equal(await store.checkpointAt(5), null);
        assert.equal(await store.checkpointAt(6), null);
        assert.deepEqual(
          await store.nodeRange(0, 0, 10),
          writer.nodes
            .filter((n) => n.level === 0)
            .slice(0, 3)
            .map((n) => n.hash),
        );
      });
      // The batch that does follow is still accepted.
      await at.store.commit(next);
      assert.equal(await at.store.size(), 5);
    });

    test('a commit that fails part way leaves nothing of its batch', async () => {
      const at = await start();
      const writer = new RecordWriter(new Prng(5));
      await at.store.commit(writer.next(2));
      const next = writer.next(3);
      // Its entries are fine, but one of its nodes is already stored: the database refuses it last.
      const failing: CommitBatch = { ...next, nodes: [...next.nodes, writer.nodes[0] as HashedNode] };
      await assert.rejects(at.store.commit(failing));
      await beforeAndAfterReopen(at, async (store) => {
        assert.equal(await store.size(), 2);
        assert.deepEqual(await store.entries(0, 10), writer.entries.slice(0, 2));
        assert.equal(await store.checkpointAt(5), null);
        assert.equal((await store.nodeRange(0, 0, 10)).length, 2);
      });
      await at.store.commit(next);
      assert.deepEqual(await at.store.entries(0, 10), writer.entries);
    });

    test('a login nonce is used once, until it expires and is pruned', async () => {
      const at = await start();
      const { store } = at;
      const now = 1_780_000_000_000;
      assert.equal(await store.useNonce({ key: 'blue.duty', nonce: 'n1', expiresAt: now + 60_000 }), true);
      assert.equal(await store.useNonce({ key: 'blue.duty', nonce: 'n1', expiresAt: now + 90_000 }), false);
      // The same nonce from another key is another login.
      assert.equal(await store.useNonce({ key: 'red.duty', nonce: 'n1', expiresAt: now + 60_000 }), true);
      assert.equal(await store.useNonce({ key: 'blue.duty', nonce: 'old', expiresAt: now - 1 }), true);
      const byKey = (a: { key: string; nonce: string }, b: { key: string; nonce: string }) =>
        `${a.key} ${a.nonce}`.localeCompare(`${b.key} ${b.nonce}`);
      const live = [
        { key: 'blue.duty', nonce: 'n1', expiresAt: now + 60_000 },
        { key: 'red.duty', nonce: 'n1', expiresAt: now + 60_000 },
      ];
      assert.deepEqual((await store.liveNonces(now)).sort(byKey), live);
      await store.pruneNonces(now);
      const reopened = await reopen(at);
      assert.deepEqual((await reopened.liveNonces(now - 10)).sort(byKey), live);
      // Pruned: forgotten, so usable again; the live ones are still used.
      assert.equal(await reopened.useNonce({ key: 'blue.duty', nonce: 'old', expiresAt: now + 5 }), true);
      assert.equal(await reopened.useNonce({ key: 'red.duty', nonce: 'n1', expiresAt: now + 5 }), false);
      await reopened.pruneNonces(now + 60_000);
      assert.deepEqual(await reopened.liveNonces(0), []);
    });

    test('burns each of many nonces used at once exactly once', async () => {
      const at = await start();
      const now = Date.now();
      const used = Array.from({ length: 300 }, (_, i) => ({
        key: `op${i % 3}`,
        nonce: `n${i % 50}`,
        expiresAt: now + 60_000,
      }));
      const fresh = await Promise.all(used.map((nonce) => at.store.useNonce(nonce)));
      const burnt = new Map<string, number>();
      used.forEach(({ key, nonce }, i) => {
        const id = `${key} ${nonce}`;
        burnt.set(id, (burnt.get(id) ?? 0) + (fresh[i] ? 1 : 0));
      });
      assert.equal(burnt.size, 150, 'each of 150 nonces used twice');
      assert.deepEqual(new Set(burnt.values()), new Set([1]), 'each nonce was fresh once');
      assert.equal((await (await reopen(at)).liveNonces(now)).length, burnt.size);
    });

    test('keeps the newest two snapshots whole, in their pieces as given, the latest for a size winning', async () => {
      const at = await start();
      assert.deepEqual(await at.store.snapshotSizes(), []);
      assert.equal(await at.store.snapshot(5), null);
      const large = [Uint8Array.of(1), new Uint8Array(randomBytes(SNAPSHOT_PIECE_BYTES)), new Uint8Array(0)];
      await at.store.saveSnapshot(5, [Uint8Array.of(5, 5)]);
      await at.store.saveSnapshot(40, large);
      await at.store.saveSnapshot(12, [Uint8Array.of(12)]);
      await at.store.saveSnapshot(12, [Uint8Array.of(12, 1), Uint8Array.of(2)]);
      await beforeAndAfterReopen(at, async (store) => {
        // Saved after 40 but smaller: 40 and 12 are the newest two, 5 is dropped.
        assert.deepEqual(await store.snapshotSizes(), [40, 12]);
        assert.equal(await store.snapshot(5), null);
        assert.deepEqual(await store.snapshot(12), [Uint8Array.of(12, 1), Uint8Array.of(2)]);
        const read = await store.snapshot(40);
        assert.equal(read?.length, large.length);
        for (const [i, piece] of large.entries())
          assert.ok(
            Buffer.compare(read?.[i] as Uint8Array, piece) === 0,
            `piece ${i} reads back byte for byte`,
          );
      });
      // A piece too long for one value, or no piece at all, is refused and changes nothing.
      for (const refused of [[new Uint8Array(SNAPSHOT_PIECE_BYTES + 1)], []])
        await assert.rejects(at.store.saveSnapshot(41, refused), RangeError);
      assert.deepEqual(await at.store.snapshotSizes(), [40, 12]);
    });

    test('keeps state digests by size, the latest for a size winning', async () => {
      const at = await start();
      await at.store.saveStateDigest({ size: 9, digest: 'd9' });
      await at.store.saveStateDigest({ size: 3, digest: 'd3' });
      await at.store.saveStateDigest({ size: 9, digest: 'd9-again' });
      assert.deepEqual(await (await reopen(at)).stateDigests(), [
        { size: 3, digest: 'd3' },
        { size: 9, digest: 'd9-again' },
      ]);
    });

    test('keeps the cosigned checkpoint of the largest size', async () => {
      const at = await start();
      assert.equal(await at.store.latestCosignedCheckpoint(), null);
      await at.store.saveCosignedCheckpoint({ size: 5, text: 'cosigned at 5' });
      await at.store.saveCosignedCheckpoint({ size: 12, text: 'cosigned at 12' });
      // Written last, but smaller: a late quorum does not hide a larger cosigned checkpoint.
      await at.store.saveCosignedCheckpoint({ size: 9, text: 'cosigned at 9' });
      await beforeAndAfterReopen(at, async (store) => {
        assert.deepEqual(await store.latestCosignedCheckpoint(), { size: 12, text: 'cosigned at 12' });
      });
      await at.store.saveCosignedCheckpoint({ size: 12, text: 'cosigned at 12, more witnesses' });
      assert.deepEqual(await at.store.latestCosignedCheckpoint(), {
        size: 12,
        text: 'cosigned at 12, more witnesses',
      });
    });

    test('keeps track positions in batches, in the order written, and deletes whole batches', async () => {
      const at = await start();
      const prng = new Prng(6);
      const base = 1_780_000_000_000;
      const first = [fix(prng, 'blue/adsb', 'A1', base + 20), fix(prng, 'blue/adsb', 'A1', base + 10)];
      const second = [fix(prng, 'red/tak', 'R7', base + 15.5), fix(prng, 'blue/adsb', 'A2', base + 10)];
      const third = [fix(prng, 'blue/adsb', 'A1', base + 30)];
      await at.store.archiveTrackFixes('batch-1', first);
      await at.store.archiveTrackFixes('batch-2', second);
      await at.store.archiveTrackFixes('batch-3', third);
      await at.store.archiveTrackFixes('batch-empty', []);
      const store = await reopen(at);
      const batches = new Map<string | null, TrackFix[]>();
      for await (const { batch, fixes } of store.trackFixBatches()) batches.set(batch, fixes);
      assert.deepEqual(
        batches,
        new Map([
          ['batch-1', first],
          ['batch-2', second],
          ['batch-3', third],
        ]),
      );
      assert.deepEqual((await store.trackFixBatchIds()).sort(), ['batch-1', 'batch-2', 'batch-3']);
      assert.deepEqual(await store.trackFixBatch('batch-2'), second);
      assert.deepEqual(await store.trackFixBatch('no-such-batch'), []);
      await store.deleteTrackFixBatches(['batch-2', 'no-such-batch']);
      assert.deepEqual(await store.trackFixBatch('batch-2'), []);
      assert.deepEqual((await store.trackFixBatchIds()).sort(), ['batch-1', 'batch-3']);
      const left: (string | null)[] = [];
      for await (const { batch } of store.trackFixBatches()) left.push(batch);
      assert.deepEqual(left.sort(), ['batch-1', 'batch-3']);
    });

    test('reads kept positions by feed, track and time, in pages that neither skip nor repeat', async () => {
      const { store } = await start();
      const prng = new Prng(7);
      const base = 1_780_000_000_000;
      const written: TrackFix[] = [];
      for (let batch = 0; batch < 6; batch++) {
        const fixes = Array.from({ length: 40 }, () =>
          fix(
            prng,
            prng.pick(['blue/adsb', 'red/tak', 'amber/sbs']),
            prng.pick(['T1', 'T2', 'T3']),
            // Few distinct times, so that many positions tie and the order as stored decides.
            base + prng.int(12) * 1000,
          ),
        );
        written.push(...fixes);
        await store.archiveTrackFixes(`b${batch}`, fixes);
      }
      const feeds = ['blue/adsb', 'amber/sbs'];
      const window = { start: base + 2000, end: base + 10_000 };
      // The expected order: by time, then as written.
      const expected = written
        .map((item, at) => ({ item, at }))
        .filter(
          ({ item }) => feeds.includes(item.feed) && item.time >= window.start && item.time < window.end,
        )
        .sort((a, b) => a.item.time - b.item.time || a.at - b.at)
        .map(({ item }) => item);
      assert.ok(expected.length > 40, 'too few positions to page through');
      const paged: TrackFix[] = [];
      let after: { time: number; row: number } | undefined;
      for (;;) {
        const page = await store.trackFixes({ feeds, ...window, limit: 7, ...(after ? { after } : {}) });
        if (page.length === 0) break;
        assert.ok(page.length <= 7);
        for (const { row, ...item } of page) paged.push(item);
        const last = page[page.length - 1] as TrackFix & { row: number };
        after = { time: last.time, row: last.row };
      }
      assert.deepEqual(paged, expected);
      const oneTrack = await store.trackFixes({ feeds, track: 'T2', ...window, limit: 1000 });
      assert.deepEqual(
        oneTrack.map(({ row, ...item }) => item),
        expected.filter((item) => item.track === 'T2'),
      );
      assert.deepEqual(await store.trackFixes({ feeds: [], ...window, limit: 10 }), []);
    });

    test('each hub restates who is on line on it; a hub that stops ages out; kept across a reopen', async () => {
      const at = await start();
      const t = 1_780_000_000_000;
      const sorted = (rows: { hub: string; operator: string; seenAt: number }[]) =>
        rows.map((row) => `${row.hub} ${row.operator} ${row.seenAt}`).sort();
      await at.store.recordPresence('hub-a', ['red.r1', 'blue.duty', 'red.r1'], t);
      await at.store.recordPresence('hub-b', ['red.r1'], t + 500);
      // A restatement replaces what the hub said before, not what other hubs said.
      await at.store.recordPresence('hub-a', ['blue.duty', 'amber.ops'], t + 1000);
      await beforeAndAfterReopen(at, async (store) => {
        assert.deepEqual(sorted(await store.presentOperators(t)), [
          `hub-a amber.ops ${t + 1000}`,
          `hub-a blue.duty ${t + 1000}`,
          `hub-b red.r1 ${t + 500}`,
        ]);
        // hub-b said nothing since t + 500: past the grace, it no longer counts.
        assert.deepEqual(sorted(await store.presentOperators(t + 501)), [
          `hub-a amber.ops ${t + 1000}`,
          `hub-a blue.duty ${t + 1000}`,
        ]);
      });
      await at.store.forgetPresence(t + 1000);
      assert.deepEqual(sorted(await at.store.presentOperators(0)), [
        `hub-a amber.ops ${t + 1000}`,
        `hub-a blue.duty ${t + 1000}`,
      ]);
      // A hub with nobody on line says so, and its earlier statement is gone.
      await at.store.recordPresence('hub-a', [], t + 2000);
      assert.deepEqual(await at.store.presentOperators(0), []);
    });
  });
}
