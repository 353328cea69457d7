// Evidence out of the hub, and checked without it: `evidence` writes a bundle as the signed-in
// operator may read it, `verify-evidence` checks one (or a joint one) with nothing but its files and
// trusted keys, `compare-evidence` puts two parties' bundles side by side and can join them.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import type { BundleFiles } from '../evidence/bundle-layout.js';
import {
  compareVerified,
  isJointBundle,
  jointBundle,
  verifyJointBundle,
} from '../evidence/compare-bundles.js';
import { EvidenceError } from '../evidence/evidence-error.js';
import { type TrustPolicy, type VerifiedBundle, verifyBundle } from '../evidence/verify-bundle.js';
import { gatherEvidence } from './gather-evidence.js';
import { asOperator, client } from './operator-options.js';
import { print } from './print-json.js';

/** A refused bundle exits with this, so scripts tell "does not hold" from a usage error. */
export const EVIDENCE_REFUSED_EXIT = 4;

function readBundle(dir: string): BundleFiles {
  const root = resolve(dir);
  const files: BundleFiles = new Map();
  const walk = (at: string) => {
    for (const item of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, item.name);
      if (item.isDirectory()) walk(path);
      else files.set(relative(root, path).split('\\').join('/'), new Uint8Array(readFileSync(path)));
    }
  };
  walk(root);
  return files;
}

/** Writes a bundle into a directory that must not exist yet or be empty, so no stale file mixes in. */
function writeBundle(dir: string, files: BundleFiles): void {
  const root = resolve(dir);
  mkdirSync(root, { recursive: true });
  if (readdirSync(root).length > 0) throw new Error(`${root} is not empty`);
  for (const [name, bytes] of files) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), bytes);
  }
}

function summary(bundle: VerifiedBundle) {
  return {
    origin: bundle.manifest.origin,
    requested_by: bundle.manifest.requested_by,
    subjects: bundle.manifest.subjects,
    checkpoint_size: bundle.checkpoint.size,
    hub_key:
      bundle.hubKeyFrom === 'policy' ? 'trusted (given)' : 'the bundle’s own: give --hub-key to trust it',
    cosigned_by: bundle.cosignedBy,
    entries: bundle.entries.size,
    hidden: bundle.hidden.size,
    ...(bundle.extends ? { extends_checkpoint_of_size: bundle.extends.size } : {}),
  };
}

/** Adds the options of a policy of trusted keys to a command. */
function trusting(command: Command): Command {
  return command
    .option('--hub-key <vkey>', 'the hub’s verifier key, known out of band')
    .option('--witness <vkey>', 'a witness’s cosigner key you trust (repeat for each)', collect, [])
    .option('--quorum <n>', 'how many of those witnesses must have cosigned (default: all)', wholeNumber);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('not a whole number');
  return n;
}

function policyOf(options: { hubKey?: string; witness: string[]; quorum?: number }): TrustPolicy {
  return {
    ...(options.hubKey ? { hubKey: options.hubKey } : {}),
    ...(options.witness.length > 0 ? { witnesses: options.witness } : {}),
    ...(options.quorum !== undefined ? { quorum: options.quorum } : {}),
  };
}

/** Runs a check; a bundle that does not hold is told, with its file and reason, and the exit code says so. */
function refusing(check: () => void): void {
  try {
    check();
  } catch (error) {
    if (!(error instanceof EvidenceError)) throw error;
    console.error(`deconflict: REFUSED: ${error.file}: ${error.reason}`);
    process.exitCode = EVIDENCE_REFUSED_EXIT;
  }
}

export function evidenceCommands(program: Command): void {
  asOperator(program.command('evidence <subjects...>'))
    .description(
      'write an evidence bundle about messages, declarations or entry indices, as your party may read them',
    )
    .requiredOption('--out <dir>', 'where to write the bundle (a new or empty directory)')
    .option(
      '--consistent-with <checkpoint>',
      'a checkpoint you hold (a file): the bundle proves it extends it',
    )
    .action(async (subjects: string[], options) => {
      const files = await gatherEvidence(client(options), subjects, {
        ...(options.consistentWith
          ? { earlierCheckpoint: readFileSync(options.consistentWith, 'utf8') }
          : {}),
      });
      writeBundle(options.out, files);
      print({ out: resolve(options.out), files: files.size });
    });

  trusting(program.command('verify-evidence <dir>'))
    .description('check an evidence bundle offline, with nothing but its files and the keys you trust')
    .action((dir: string, options) =>
      refusing(() => {
        const files = readBundle(dir);
        const policy = policyOf(options);
        if (isJointBundle(files)) {
          const { a, b, comparison } = verifyJointBundle(files, policy);
          print({ ok: true, joint: true, a: summary(a), b: summary(b), consistency: comparison.consistency });
        } else print({ ok: true, ...summary(verifyBundle(files, policy)) });
      }),
    );

  trusting(program.command('compare-evidence <a> <b>'))
    .description('two bundles side by side: the entries both hold, those only one holds, one history')
    .option('--out <dir>', 'write a joint bundle for an inquiry (a new or empty directory)')
    .action((a: string, b: string, options) =>
      refusing(() => {
        const policy = policyOf(options);
        const [filesA, filesB] = [readBundle(a), readBundle(b)];
        const within = (part: string, check: () => VerifiedBundle) => {
          try {
            return check();
          } catch (error) {
            if (error instanceof EvidenceError) throw new EvidenceError(join(part, error.file), error.reason);
            throw error;
          }
        };
        const comparison = compareVerified(
          within(a, () => verifyBundle(filesA, policy)),
          within(b, () => verifyBundle(filesB, policy)),
          [`${a}/`, `${b}/`],
        );
        if (options.out) writeBundle(options.out, jointBundle(filesA, filesB, comparison));
        print({ ok: true, ...comparison, ...(options.out ? { out: resolve(options.out) } : {}) });
      }),
    );
}
