import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import type { SignedCommand } from '../../src/hub/signed-command.js';
import { canonicalBytes, type Entry, hashLeaf, rawPublicKey } from '../../src/record/index.js';

/** Work a signing worker does; the same functions run in-thread for small jobs. */
export type SignJob =
  | { kind: 'operator-add'; adminPem: string; origin: string; start: number; count: number; time: number }
  | {
      kind: 'set-role-entries';
      adminPem: string;
      origin: string;
      start: number;
      count: number;
      time: number;
      author: { party: string; operator: string; key: string };
      target: string;
      /** Sign each command for real; otherwise the signature field is well-formed but not valid. */
      sign: boolean;
    };

export interface EncodedEntries {
  /** The canonical bytes of every entry, back to back. */
  bytes: Uint8Array;
  /** count + 1 offsets into `bytes`. */
  offsets: Uint32Array;
  /** 32 bytes per entry: its RFC 9162 leaf hash. */
  leafHashes: Uint8Array;
}

/** `operator.add` commands, each adding an operator with a freshly generated key, signed by the admin. */
export function operatorAddCommands(job: Extract<SignJob, { kind: 'operator-add' }>): SignedCommand[] {
  const admin = new OperatorSigner(createPrivateKey(job.adminPem));
  const commands: SignedCommand[] = [];
  for (let i = job.start; i < job.start + job.count; i++) {
    const publicKey = rawPublicKey(generateKeyPairSync('ed25519').publicKey);
    commands.push(
      admin.command(
        job.origin,
        'operator.add',
        {
          operator: {
            id: `hub.op-${i}`,
            name: `Operator ${i}`,
            public_key: Buffer.from(publicKey).toString('base64'),
          },
          role: 'viewer',
        },
        job.time,
      ),
    );
  }
  return commands;
}

/** A well-formed Ed25519 signature field that verifies for nothing: for records built unsigned. */
const PLACEHOLDER_SIGNATURE = Buffer.alloc(64).toString('base64');

/**
 * Entries of `operator.set-role` commands that toggle one operator between viewer and duty officer:
 * real, replayable entries whose fold keeps the state small, encoded as the hub encodes them.
 * Unsigned (the default for speed), `deconflict replay --check` would refuse them; Hub.open does not
 * re-verify signatures, so open time and proofs are the same either way.
 */
export function setRoleEntries(job: Extract<SignJob, { kind: 'set-role-entries' }>): EncodedEntries {
  const admin = new OperatorSigner(createPrivateKey(job.adminPem));
  const time = new Date(job.time).toISOString();
  const nonces = randomBytes(16 * job.count);
  const salts = randomBytes(16 * job.count);
  const encoded: Uint8Array[] = [];
  const leafHashes = new Uint8Array(32 * job.count);
  let total = 0;
  for (let i = 0; i < job.count; i++) {
    const index = job.start + i;
    const fields = { operator: job.target, role: index % 2 === 0 ? 'duty-officer' : 'viewer' };
    const signed = job.sign
      ? admin.command(job.origin, 'operator.set-role', fields, job.time)
      : {
          command: {
            ...fields,
            type: 'operator.set-role',
            hub: job.origin,
            nonce: nonces.subarray(16 * i, 16 * i + 16).toString('base64url'),
            time,
          },
          signature: PLACEHOLDER_SIGNATURE,
        };
    const entry: Entry = {
      v: 1,
      kind: 'operator.set-role',
      time,
      author: job.author,
      command: signed.command,
      signature: signed.signature,
      visibility: ['*'],
      salt: salts.subarray(16 * i, 16 * i + 16).toString('base64'),
    };
    // Valid by construction, so the JCS alone (encodeEntry would also re-check the shape, costing
    // as much again); Hub.open re-checks every entry's shape and canonical form anyway.
    const bytes = canonicalBytes(entry);
    encoded.push(bytes);
    leafHashes.set(hashLeaf(bytes), 32 * i);
    total += bytes.length;
  }
  const bytes = new Uint8Array(total);
  const offsets = new Uint32Array(job.count + 1);
  let at = 0;
  encoded.forEach((item, i) => {
    bytes.set(item, at);
    at += item.length;
    offsets[i + 1] = at;
  });
  return { bytes, offsets, leafHashes };
}

export function runJob(job: SignJob): SignedCommand[] | EncodedEntries {
  return job.kind === 'operator-add' ? operatorAddCommands(job) : setRoleEntries(job);
}
