// Random proof queries against a record whose roots at sample sizes are known, timed one by one and
// each verified outside the timing, so that the figures are for real answers.
import { randomInt } from 'node:crypto';
import { CACHED_FROM_LEVEL } from '../../src/hub/stored-record.js';
import {
  consistencyPlan,
  consistencyProof,
  inclusionPlan,
  inclusionProof,
  verifyConsistency,
  verifyInclusion,
} from '../../src/record/index.js';
import { formatNumber, type Latency, latency, log, rounded } from './report.js';

/** Proof sizes are drawn from this many sizes, whose roots the builder keeps for verification. */
export const SAMPLE_SIZES = 1000;

export interface Query {
  a: number;
  b: number;
}

/** What answers proofs: StoredRecord has exactly this shape. */
export interface ProofSource {
  inclusionProof(index: number, size: number): Promise<Uint8Array[]>;
  consistencyProof(size1: number, size2: number): Promise<Uint8Array[]>;
}

/** The tree as its writer saw it: leaf hashes and the root at each sample size. */
export interface KnownTree {
  total: number;
  /** Ascending, distinct, ending with `total`. */
  sizes: readonly number[];
  leaf(index: number): Uint8Array;
  root(size: number): Uint8Array;
}

export interface ProofKind {
  name: string;
  queries: Query[];
  prove(source: ProofSource, q: Query): Promise<Uint8Array[]>;
  verify(tree: KnownTree, q: Query, proof: Uint8Array[]): boolean;
  /** How many stored (uncached) hashes the proof needs. */
  storedReads(q: Query): number;
  /** The same proof from every leaf hash in memory: the naive peer. */
  naive(q: Query, leaves: readonly Uint8Array[]): Uint8Array[];
}

export interface KindResult {
  kind: string;
  queries: number;
  /** Every timed proof was verified against the writer's root. */
  verified: number;
  latencyUs: Latency;
  meanProofHashes: number;
  meanStoredReads: number;
}

/** SAMPLE_SIZES distinct sizes in [from, total], always including total, ascending. */
export function sampleSizes(from: number, total: number): number[] {
  const chosen = new Set<number>([total]);
  const want = Math.min(SAMPLE_SIZES, total - from + 1);
  while (chosen.size < want) chosen.add(randomInt(from, total + 1));
  return [...chosen].sort((a, b) => a - b);
}

const pick = <T>(items: readonly T[]): T => items[randomInt(items.length)] as T;
const uncached = (nodes: { level: number }[]) =>
  nodes.filter((node) => node.level < CACHED_FROM_LEVEL).length;

/** Inclusion at the latest size (the common query), at random sample sizes, and consistency between two. */
export function proofKinds(tree: KnownTree, count: number): ProofKind[] {
  const inclusion = {
    prove: (source: ProofSource, q: Query) => source.inclusionProof(q.a, q.b),
    verify: (t: KnownTree, q: Query, proof: Uint8Array[]) =>
      verifyInclusion(t.leaf(q.a), q.a, q.b, proof, t.root(q.b)),
    storedReads: (q: Query) => uncached(inclusionPlan(q.a, q.b).nodes),
    naive: (q: Query, leaves: readonly Uint8Array[]) => inclusionProof(q.a, q.b, leaves),
  };
  return [
    {
      name: 'inclusion, latest size',
      queries: Array.from({ length: count }, () => ({ a: randomInt(tree.total), b: tree.total })),
      ...inclusion,
    },
    {
      name: 'inclusion, random size',
      queries: Array.from({ length: count }, () => {
        const size = pick(tree.sizes);
        return { a: randomInt(size), b: size };
      }),
      ...inclusion,
    },
    {
      name: 'consistency, random sizes',
      queries: Array.from({ length: count }, () => {
        const a = pick(tree.sizes);
        const b = pick(tree.sizes);
        return a <= b ? { a, b } : { a: b, b: a };
      }),
      prove: (source, q) => source.consistencyProof(q.a, q.b),
      verify: (t, q, proof) => verifyConsistency(q.a, q.b, proof, t.root(q.a), t.root(q.b)),
      storedReads: (q) => uncached(consistencyPlan(q.a, q.b).nodes),
      naive: (q, leaves) => consistencyProof(q.a, q.b, leaves),
    },
  ];
}

/**
 * Times each query alone after a warm-up, then verifies its answer outside the timing: proofs are
 * checked as they come rather than kept, so the heap holds no more than a server's would.
 * `keep` proofs (the first ones) are returned for comparison with a peer.
 */
export async function measureKind(
  source: ProofSource,
  tree: KnownTree,
  kind: ProofKind,
  keep = 0,
): Promise<KindResult & { kept: Uint8Array[][] }> {
  for (const q of kind.queries.slice(0, 2000)) await kind.prove(source, q);
  const n = kind.queries.length;
  const micros = new Float64Array(n);
  const kept: Uint8Array[][] = [];
  let failed = 0;
  let storedReads = 0;
  let proofHashes = 0;
  for (let i = 0; i < n; i++) {
    const q = kind.queries[i] as Query;
    const started = performance.now();
    const proof = await kind.prove(source, q);
    micros[i] = (performance.now() - started) * 1000;
    if (!kind.verify(tree, q, proof)) failed++;
    storedReads += kind.storedReads(q);
    proofHashes += proof.length;
    if (i < keep) kept.push(proof);
  }
  if (failed > 0) throw new Error(`${kind.name}: ${failed} of ${n} proofs do not verify`);
  const result = {
    kind: kind.name,
    queries: n,
    verified: n,
    latencyUs: rounded(latency(micros), 2),
    meanProofHashes: proofHashes / n,
    meanStoredReads: storedReads / n,
    kept,
  };
  log(
    `  ${kind.name}: p50 ${formatNumber(result.latencyUs.p50)} µs, p99 ${formatNumber(result.latencyUs.p99)} µs, max ${formatNumber(result.latencyUs.max)} µs over ${n.toLocaleString('en-US')} queries, every proof verified; ${formatNumber(result.meanStoredReads)} stored reads per proof`,
  );
  return result;
}
