// Two parties' bundles about the same events, side by side: which entries both hold (the same leaf
// hash at the same index: the same fact, whoever could read it), which only one holds, and that the
// two checkpoints are of one history. A joint bundle is both, unchanged, with that comparison, so an
// inquiry checks the whole from the files alone.
import { encodeBase64, equalBytes } from '../record/index.js';
import { type BundleFiles, utf8 } from './bundle-layout.js';
import { EvidenceError } from './evidence-error.js';
import { type TrustPolicy, type VerifiedBundle, verifyBundle } from './verify-bundle.js';

export const JOINT_MANIFEST = 'joint.json';
export const JOINT_FORMAT = 'deconflict-evidence-joint/1';
const PARTS = ['a', 'b'] as const;

export interface HeldEntry {
  index: number;
  leaf_hash: string;
}

export interface Comparison {
  /** Each bundle's requester and checkpoint size. */
  bundles: { requested_by: string; size: number }[];
  /** How the two checkpoints were shown to be of one history. */
  consistency: string;
  both: HeldEntry[];
  only_a: HeldEntry[];
  only_b: HeldEntry[];
}

function leaves(bundle: VerifiedBundle): Map<number, Uint8Array> {
  const all = new Map(bundle.hidden);
  for (const [index, { leafHash }] of bundle.entries) all.set(index, leafHash);
  return all;
}

/** Whether the larger checkpoint is shown to extend the smaller: equal roots at equal size, or a proof. */
function consistency(a: VerifiedBundle, b: VerifiedBundle, where: [string, string]): string {
  const [small, large, largeName] =
    a.checkpoint.size <= b.checkpoint.size ? [a, b, where[1]] : [b, a, where[0]];
  if (small.checkpoint.size === large.checkpoint.size) {
    if (!equalBytes(small.checkpoint.root, large.checkpoint.root))
      throw new EvidenceError(
        'checkpoint',
        `the two checkpoints of size ${small.checkpoint.size} have different roots: two histories`,
      );
    return `both checkpoints are of size ${small.checkpoint.size} with the same root`;
  }
  const proven = large.extends;
  if (!proven || proven.size !== small.checkpoint.size || !equalBytes(proven.root, small.checkpoint.root))
    throw new EvidenceError(
      `${largeName}consistency/proof`,
      `the bundle of size ${large.checkpoint.size} carries no proof that it extends the other’s checkpoint of size ${small.checkpoint.size}`,
    );
  return `the checkpoint of size ${large.checkpoint.size} is proven to extend the one of size ${small.checkpoint.size}`;
}

export function compareVerified(
  a: VerifiedBundle,
  b: VerifiedBundle,
  where: [string, string] = ['', ''],
): Comparison {
  if (a.manifest.origin !== b.manifest.origin)
    throw new EvidenceError(
      'bundle.json',
      `the bundles are of two hubs: ${a.manifest.origin} and ${b.manifest.origin}`,
    );
  const how = consistency(a, b, where);
  const [leavesA, leavesB] = [leaves(a), leaves(b)];
  const held = (index: number, hash: Uint8Array): HeldEntry => ({ index, leaf_hash: encodeBase64(hash) });
  const comparison: Comparison = {
    bundles: [a, b].map((x) => ({
      requested_by: `${x.manifest.requested_by.operator} (${x.manifest.requested_by.party})`,
      size: x.checkpoint.size,
    })),
    consistency: how,
    both: [],
    only_a: [],
    only_b: [],
  };
  for (const index of [...new Set([...leavesA.keys(), ...leavesB.keys()])].sort((x, y) => x - y)) {
    const [ha, hb] = [leavesA.get(index), leavesB.get(index)];
    if (ha && hb) {
      if (!equalBytes(ha, hb))
        throw new EvidenceError(
          `entries/${index}`,
          'the two bundles prove different entries at this index: two histories',
        );
      comparison.both.push(held(index, ha));
    } else if (ha) comparison.only_a.push(held(index, ha));
    else comparison.only_b.push(held(index, hb as Uint8Array));
  }
  return comparison;
}

const comparisonBytes = (comparison: Comparison): Uint8Array =>
  utf8(`${JSON.stringify({ format: JOINT_FORMAT, ...comparison }, null, 2)}\n`);

/** The joint bundle: each bundle's files under a/ and b/, and the comparison. */
export function jointBundle(a: BundleFiles, b: BundleFiles, comparison: Comparison): BundleFiles {
  const files: BundleFiles = new Map([[JOINT_MANIFEST, comparisonBytes(comparison)]]);
  for (const [name, bytes] of a) files.set(`a/${name}`, bytes);
  for (const [name, bytes] of b) files.set(`b/${name}`, bytes);
  return files;
}

export const isJointBundle = (files: BundleFiles): boolean => files.has(JOINT_MANIFEST);

/** Checks both parts of a joint bundle and that its comparison is what they show. */
export function verifyJointBundle(
  files: BundleFiles,
  policy: TrustPolicy,
): { a: VerifiedBundle; b: VerifiedBundle; comparison: Comparison } {
  const parts = PARTS.map((part) => {
    const own: BundleFiles = new Map();
    for (const [name, bytes] of files)
      if (name.startsWith(`${part}/`)) own.set(name.slice(part.length + 1), bytes);
    try {
      return { files: own, verified: verifyBundle(own, policy) };
    } catch (error) {
      if (error instanceof EvidenceError) throw new EvidenceError(`${part}/${error.file}`, error.reason);
      throw error;
    }
  }) as [{ files: BundleFiles; verified: VerifiedBundle }, { files: BundleFiles; verified: VerifiedBundle }];
  for (const name of files.keys())
    if (name !== JOINT_MANIFEST && !PARTS.some((part) => name.startsWith(`${part}/`)))
      throw new EvidenceError(name, 'is not part of the joint bundle');
  const comparison = compareVerified(parts[0].verified, parts[1].verified, ['a/', 'b/']);
  if (!equalBytes(files.get(JOINT_MANIFEST) as Uint8Array, comparisonBytes(comparison)))
    throw new EvidenceError(JOINT_MANIFEST, 'differs from the comparison of its two bundles');
  return { a: parts[0].verified, b: parts[1].verified, comparison };
}
