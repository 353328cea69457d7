// Checking the hub's latest checkpoint here, trusting nothing the hub says about it: the signed note
// (C2SP signed-note, tlog-checkpoint) against the hub's Ed25519 key, then an RFC 9162 consistency
// proof from the last checkpoint this browser verified, with the record's own proof code.
import { verifyConsistency } from '../../src/record/verify.js';
import { fromBase64 } from '../keys/base64.js';

export interface SeenCheckpoint {
  origin: string;
  size: number;
  /** base64 root hash */
  root: string;
}

export class CheckpointFailure extends Error {}

const encoder = new TextEncoder();

/** `name+hexid+base64(0x01 || key)` → the name, the 4-byte key id and the raw Ed25519 key. */
async function readVerifierKey(
  verifierKey: string,
): Promise<{ name: string; keyId: number; key: CryptoKey }> {
  // The key's base64 may itself contain '+': only the first two separate fields.
  const [name, hexId] = verifierKey.split('+', 2);
  const encoded = verifierKey.slice(`${name}+${hexId}+`.length);
  const raw = fromBase64(encoded);
  if (!name || !hexId || raw.length !== 33 || raw[0] !== 0x01)
    throw new CheckpointFailure('the hub’s key is malformed');
  const key = await crypto.subtle.importKey('raw', raw.slice(1), { name: 'Ed25519' }, false, ['verify']);
  return { name, keyId: Number.parseInt(hexId, 16), key };
}

/** The checkpoint a signed note states, once its signature by the hub's key verifies. */
export async function openSignedCheckpoint(note: string, verifierKey: string): Promise<SeenCheckpoint> {
  const { name, keyId, key } = await readVerifierKey(verifierKey);
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new CheckpointFailure('the checkpoint is not a signed note');
  const text = note.slice(0, split + 1);
  const signed = note
    .slice(split + 2)
    .split('\n')
    .filter((line) => line.startsWith(`\u2014 ${name} `))
    .map((line) => fromBase64(line.slice(`\u2014 ${name} `.length)))
    .find((bytes) => bytes.length === 68 && new DataView(bytes.buffer).getUint32(0) === keyId);
  if (!signed) throw new CheckpointFailure('the checkpoint is not signed by the hub’s key');
  const valid = await crypto.subtle.verify('Ed25519', key, signed.slice(4), encoder.encode(text));
  if (!valid) throw new CheckpointFailure('the checkpoint’s signature does not verify');
  const [origin, size, root] = text.slice(0, -1).split('\n');
  if (origin !== name || !size || !/^(0|[1-9][0-9]*)$/.test(size) || !root)
    throw new CheckpointFailure('the checkpoint text is malformed');
  return { origin, size: Number(size), root };
}

/** Whether `next` extends `seen`, by the hub's consistency proof between their sizes. */
export function provesConsistent(seen: SeenCheckpoint, next: SeenCheckpoint, proof: string[]): boolean {
  if (next.size < seen.size) return false;
  return verifyConsistency(
    seen.size,
    next.size,
    proof.map((hash) => fromBase64(hash)),
    fromBase64(seen.root),
    fromBase64(next.root),
  );
}
