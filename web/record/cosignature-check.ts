// Checking witnesses' cosignatures here (C2SP tlog-cosignature, Ed25519 `cosignature/v1`), against
// the witness keys of the policy in force, so the browser itself knows whether the checkpoint it shows
// is one the parties' witnesses saw too: a hub showing this browser a history of its own could not
// get them to cosign it.
import { fromBase64 } from '../keys/base64.js';
import { CheckpointFailure } from './checkpoint-check.js';

export interface PolicyWitness {
  name: string;
  /** C2SP verifier key: `name+hexid+base64(0x04 || key)` */
  key: string;
}

export interface Cosigned {
  name: string;
  /** POSIX seconds at which the witness cosigned. */
  time: number;
}

const COSIGNATURE_TYPE = 0x04;
const LINE_BYTES = 4 + 8 + 64;
const encoder = new TextEncoder();

async function readWitnessKey(witness: PolicyWitness): Promise<{ keyId: number; key: CryptoKey }> {
  const [name, hexId] = witness.key.split('+', 2);
  const raw = fromBase64(witness.key.slice(`${name}+${hexId}+`.length));
  if (name !== witness.name || !hexId || raw.length !== 33 || raw[0] !== COSIGNATURE_TYPE)
    throw new CheckpointFailure(`the key of witness ${witness.name} is malformed`);
  const key = await crypto.subtle.importKey('raw', raw.slice(1), { name: 'Ed25519' }, false, ['verify']);
  return { keyId: Number.parseInt(hexId, 16), key };
}

/**
 * The policy's witnesses whose cosignature on `note` verifies. A line by a policy witness that fails
 * to verify is an alarm, not a missing cosignature: someone forged or altered it.
 */
export async function verifiedCosigners(
  note: string,
  witnesses: readonly PolicyWitness[],
): Promise<Cosigned[]> {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new CheckpointFailure('the cosigned checkpoint is not a signed note');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2).split('\n');
  const found: Cosigned[] = [];
  for (const witness of witnesses) {
    const { keyId, key } = await readWitnessKey(witness);
    const prefix = `\u2014 ${witness.name} `;
    for (const line of lines.filter((l) => l.startsWith(prefix))) {
      const bytes = fromBase64(line.slice(prefix.length));
      const view = new DataView(bytes.buffer);
      if (bytes.length !== LINE_BYTES || view.getUint32(0) !== keyId) continue;
      const time = view.getBigUint64(4);
      const message = encoder.encode(`cosignature/v1\ntime ${time}\n${text}`);
      if (!(await crypto.subtle.verify('Ed25519', key, bytes.slice(12), message)))
        throw new CheckpointFailure(`the cosignature of witness ${witness.name} does not verify`);
      found.push({ name: witness.name, time: Number(time) });
    }
  }
  return found;
}
