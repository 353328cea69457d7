// Inclusion and consistency proof latency on a 1,000,000-entry record, served the production way
// (StoredRecord: stored node hashes, upper levels in memory), against the naive peer that computes
// the same proof from every leaf hash in memory. Every timed proof is verified against the root the
// writer had at that size, so the figures are for real answers. Also: the time to open (replay and
// check) the record, and its size on disk.
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { openHubFiles } from '../src/cli/data-dir.js';
import { Hub } from '../src/hub/hub.js';
import { replayRecord } from '../src/hub/replay.js';
import { equalBytes, formatCheckpoint, type HashedNode, noteSigner, signNote } from '../src/record/index.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import type { StoredEntry } from '../src/store/store.js';
import {
  ADMIN_ID,
  type BenchAdmin,
  benchAdmin,
  foundBenchHub,
  HUB_PARTY,
  tempFileSystem,
} from './lib/hub-fixture.js';
import { type KnownTree, measureKind, proofKinds, sampleSizes } from './lib/proof-queries.js';
import {
  type BenchResult,
  elapsedSince,
  formatNumber,
  latency,
  log,
  machine,
  machineLine,
  rounded,
  type SummaryRow,
  saveResult,
  table,
} from './lib/report.js';
import type { EncodedEntries } from './lib/sign-jobs.js';
import { SignPool } from './lib/sign-pool.js';

export interface ProofsOptions {
  quick: boolean;
  /** Sign every entry's command for real (about twice the build time). */
  signedEntries?: boolean;
}

const AIM_P99_MICROSECONDS = 100;
/** Entries per store transaction while building (~10k, as the hub would never batch more than 4096). */
const BUILD_BATCH = 10_000;
const TARGET = 'hub.bench-target';

interface Sizes {
  entries: number;
  queries: number;
  naiveQueries: number;
}
const FULL: Sizes = { entries: 1_000_000, queries: 20_000, naiveQueries: 2 };
/** The naive peer stops early once it has spent this long on one kind of proof (it is O(n) a query). */
const NAIVE_BUDGET_MS = 6000;
const QUICK: Sizes = { entries: 100_000, queries: 5_000, naiveQueries: 3 };

export interface Built {
  dbPath: string;
  keyPath: string;
  tree: KnownTree;
  /** 32 bytes per entry. */
  leafHashes: Uint8Array;
  seconds: number;
  /** How many entries carry a real signature (the first two always do). */
  signedEntries: number;
  /** The administrator who signed the entries, to sign in as. */
  admin: BenchAdmin;
}

/**
 * Founds a hub and adds one operator through the real command path, then appends real entries
 * (operator.set-role by the administrator, encoded as the hub encodes them) through
 * SqliteStore.commit in batches, with the nodes from CompactRange.append and a signed checkpoint per
 * batch: the rows the hub writes, without a trip through the writer per entry.
 */
export async function buildRecord(
  total: number,
  sign: boolean,
  remove: (fn: () => void) => void,
): Promise<Built> {
  const started = performance.now();
  const admin = benchAdmin();
  const founded = await foundBenchHub(admin);
  remove(founded.remove);
  const { hubKey, origin, store } = openHubFiles(founded.dir);
  const hub = await Hub.open({ store, hubKey, origin });
  await hub.submit(
    admin.signer.command(origin, 'operator.add', {
      operator: { id: TARGET, name: 'Benchmark target', public_key: benchAdmin().signer.publicKey },
      role: 'viewer',
    }),
  );
  await hub.close();

  const { frontier } = await replayRecord(store, { audit: false });
  const leafHashes = new Uint8Array(32 * total);
  let size = frontier.size;
  for (const [i, hash] of (await store.nodeRange(0, 0, size)).entries()) leafHashes.set(hash, 32 * i);

  const sizes = sampleSizes(size + 1, total);
  const roots = new Map<number, Uint8Array>();
  let nextSample = 0;
  const signer = noteSigner(origin, hubKey);
  const pool = new SignPool();
  const job = (start: number, count: number) =>
    pool.run({
      kind: 'set-role-entries',
      adminPem: admin.pem,
      origin,
      start,
      count,
      time: Date.now(),
      author: { party: HUB_PARTY, operator: ADMIN_ID, key: admin.signer.keyId },
      target: TARGET,
      sign,
    });
  // Two jobs per worker in flight, so encoding runs while the main thread writes.
  const inFlight: Promise<EncodedEntries>[] = [];
  let scheduled = size;
  const schedule = () => {
    while (inFlight.length < 2 * pool.size && scheduled < total) {
      const count = Math.min(BUILD_BATCH, total - scheduled);
      inFlight.push(job(scheduled, count));
      scheduled += count;
    }
  };
  schedule();
  let lastReport = performance.now();
  const decoder = new TextDecoder();
  while (size < total) {
    const batch = await (inFlight.shift() as Promise<EncodedEntries>);
    schedule();
    const count = batch.offsets.length - 1;
    const time = (JSON.parse(decoder.decode(batch.bytes.subarray(0, batch.offsets[1]))) as { time: string })
      .time;
    const entries: StoredEntry[] = [];
    const nodes: HashedNode[] = [];
    for (let i = 0; i < count; i++) {
      const leaf = batch.leafHashes.subarray(32 * i, 32 * i + 32);
      leafHashes.set(leaf, 32 * size);
      entries.push({
        index: size,
        kind: 'operator.set-role',
        time,
        visibility: ['*'],
        bytes: batch.bytes.subarray(batch.offsets[i] as number, batch.offsets[i + 1] as number),
      });
      for (const node of frontier.append(leaf)) nodes.push(node);
      size++;
      if (size === sizes[nextSample]) {
        roots.set(size, frontier.root());
        nextSample++;
      }
    }
    const text = signNote(formatCheckpoint({ origin, size, root: frontier.root() }), signer);
    await store.commit({ entries, nodes, checkpoint: { size, text } });
    if (performance.now() - lastReport > 15_000) {
      log(`  … ${size.toLocaleString('en-US')} entries (${elapsedSince(started)})`);
      lastReport = performance.now();
    }
  }
  await pool.close();
  await store.close();
  return {
    dbPath: founded.dir.dbPath,
    keyPath: founded.dir.keyPath,
    tree: {
      total,
      sizes,
      leaf: (i) => leafHashes.subarray(32 * i, 32 * i + 32),
      root: (s) => roots.get(s) as Uint8Array,
    },
    leafHashes,
    seconds: (performance.now() - started) / 1000,
    signedEntries: sign ? total : 2,
    admin,
  };
}

function storeSize(dbPath: string, entries: number) {
  const files = ['', '-wal', '-shm'].map((suffix) => {
    try {
      return statSync(dbPath + suffix).size;
    } catch {
      return 0;
    }
  });
  const bytes = files.reduce((a, b) => a + b, 0);
  const db = new Database(dbPath, { readonly: true });
  const tables = db
    .prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC')
    .all() as { name: string; bytes: number }[];
  const payload = db.prepare('SELECT SUM(length(body)) FROM entry').pluck().get() as number;
  db.close();
  return {
    bytes,
    bytesPerEntry: bytes / entries,
    entryJsonBytesPerEntry: payload / entries,
    tables: Object.fromEntries(tables.map((t) => [t.name, { bytes: t.bytes, perEntry: t.bytes / entries }])),
  };
}

export async function run(options: ProofsOptions): Promise<BenchResult> {
  const sizes = options.quick ? QUICK : FULL;
  const total = sizes.entries;
  const label = `${(total / 1e6).toLocaleString('en-US')}M`;
  const started = performance.now();
  const info = await machine();
  log(
    `# proofs: inclusion and consistency proof latency on a ${total.toLocaleString('en-US')}-entry record (${options.quick ? 'quick' : 'full'})`,
  );
  log(machineLine(info));
  log(`store: SqliteStore on ${tempFileSystem()}`);
  const cleanups: (() => void)[] = [];
  try {
    const sign = options.signedEntries ?? false;
    log(
      `building: ${total.toLocaleString('en-US')} operator.set-role entries (${sign ? 'each signed' : 'signature fields well-formed, not valid; --signed-entries signs each'}), ${BUILD_BATCH.toLocaleString('en-US')} per transaction…`,
    );
    const built = await buildRecord(total, sign, (fn) => cleanups.push(fn));
    log(
      `  built in ${built.seconds.toFixed(1)} s, ${formatNumber(total / built.seconds)} entries/s (encoding on worker threads; not part of any figure below)`,
    );
    const disk = storeSize(built.dbPath, total);
    log(
      `  store: ${(disk.bytes / 2 ** 20).toFixed(1)} MiB, ${formatNumber(disk.bytesPerEntry)} bytes/entry on disk (` +
        Object.entries(disk.tables)
          .slice(0, 2)
          .map(([name, t]) => `table ${name} ${formatNumber(t.perEntry)}`)
          .join(', ') +
        `; the entry JSON itself ${formatNumber(disk.entryJsonBytesPerEntry)})`,
    );

    // Replay/open: what a restart costs. Hub.open folds every entry and checks it, every node and the checkpoint.
    const openStarted = performance.now();
    const { hubKey, origin } = openHubFiles({ path: '', dbPath: built.dbPath, keyPath: built.keyPath });
    const store = new SqliteStore(built.dbPath);
    const hub = await Hub.open({ store, hubKey, origin });
    const openSeconds = (performance.now() - openStarted) / 1000;
    cleanups.unshift(() => void store.close());
    if (hub.record.size !== total) throw new Error(`opened ${hub.record.size} entries, built ${total}`);
    log(
      `replay/open (Hub.open: checks every entry, node and the checkpoint): ${openSeconds.toFixed(1)} s, ${formatNumber(total / openSeconds)} entries/s`,
    );

    log(
      `proofs from StoredRecord (hub.record), ${sizes.queries.toLocaleString('en-US')} random queries of each kind:`,
    );
    const kinds = proofKinds(built.tree, sizes.queries);
    const measured = [];
    for (const kind of kinds)
      measured.push(await measureKind(hub.record, built.tree, kind, sizes.naiveQueries));
    await hub.close();

    // The naive peer: the same first queries, answered from all leaf hashes in memory.
    log(
      `naive peer: the same proofs from all ${total.toLocaleString('en-US')} leaf hashes in memory (O(n) each):`,
    );
    const leaves = Array.from({ length: total }, (_, i) => built.tree.leaf(i));
    const results = measured.map((m, k) => {
      const kind = kinds[k] as (typeof kinds)[number];
      const micros: number[] = [];
      const began = performance.now();
      for (const [i, q] of kind.queries.slice(0, sizes.naiveQueries).entries()) {
        if (i > 0 && performance.now() - began > NAIVE_BUDGET_MS) break;
        const at = performance.now();
        const proof = kind.naive(q, leaves);
        micros.push((performance.now() - at) * 1000);
        const stored = m.kept[i] as Uint8Array[];
        if (
          proof.length !== stored.length ||
          !proof.every((h, j) => equalBytes(h, stored[j] as Uint8Array))
        ) {
          throw new Error(`${kind.name}: the stored and in-memory proofs differ for ${JSON.stringify(q)}`);
        }
      }
      const naive = rounded(latency(micros), 1);
      log(
        `  ${kind.name}: p50 ${formatNumber(naive.p50 / 1000)} ms, max ${formatNumber(naive.max / 1000)} ms over ${naive.count} queries (the same proofs as the store's)`,
      );
      const { kept: _kept, ...result } = m;
      return {
        ...result,
        naiveInMemory: { queries: naive.count, latencyUs: naive, matchedStoredProofs: true },
      };
    });

    log('');
    log(
      table(
        ['proof', 'p50 µs', 'p99 µs', 'max µs', 'stored reads', 'naive p50 ms', 'speed-up'],
        results.map((r) => [
          r.kind,
          formatNumber(r.latencyUs.p50),
          formatNumber(r.latencyUs.p99),
          formatNumber(r.latencyUs.max),
          formatNumber(r.meanStoredReads),
          formatNumber(r.naiveInMemory.latencyUs.p50 / 1000),
          `×${formatNumber(r.naiveInMemory.latencyUs.p50 / r.latencyUs.p50)}`,
        ]),
      ),
    );
    log(`aim: p99 under ${AIM_P99_MICROSECONDS} µs in-process on a 1,000,000-entry record`);

    const summary: SummaryRow[] = [
      ...results.map((r) => ({
        benchmark: 'proofs',
        metric: `${r.kind} p99 (${label})`,
        value: r.latencyUs.p99,
        unit: 'µs',
        against: `aim < ${AIM_P99_MICROSECONDS} µs; p50 ${formatNumber(r.latencyUs.p50)} µs; naive in-memory p50 ${formatNumber(r.naiveInMemory.latencyUs.p50 / 1000)} ms`,
      })),
      {
        benchmark: 'proofs',
        metric: `replay/open time (${label})`,
        value: openSeconds,
        unit: 's',
        against: `${formatNumber(total / openSeconds)} entries/s`,
      },
      {
        benchmark: 'proofs',
        metric: 'store size on disk',
        value: disk.bytesPerEntry,
        unit: 'B/entry',
        against: `${(disk.bytes / 2 ** 20).toFixed(0)} MiB for ${label}; entry JSON ${formatNumber(disk.entryJsonBytesPerEntry)} B`,
      },
    ];
    const result: BenchResult = {
      name: 'proofs',
      quick: options.quick,
      machine: info,
      store: `SqliteStore, ${tempFileSystem()}`,
      entries: total,
      entryKind: `operator.set-role by the administrator (real, replayable entries; ${sign ? 'each signed' : 'signature fields well-formed, not valid'})`,
      build: { seconds: built.seconds, entriesPerTransaction: BUILD_BATCH },
      disk,
      replayOpenSeconds: openSeconds,
      proofs: results,
      aimP99Microseconds: AIM_P99_MICROSECONDS,
      seconds: (performance.now() - started) / 1000,
      summary,
    };
    log(`saved ${saveResult(result)} (${elapsedSince(started)})`);
    return result;
  } finally {
    for (const cleanup of cleanups) cleanup();
  }
}
