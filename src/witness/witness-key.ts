// The witness's own key, made on its first start and kept in its data directory
// as a C2SP signer key of type 0x04 (cosignature/v1), so the file holds its name
// too. It is written to a temporary file, fsynced, then renamed into place, so a
// crash never leaves a witness with a half-written key or a different one.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import {
  cosignerKeyString,
  isValidKeyName,
  parseSignerKey,
  privateKeyFromSeed,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  signerKeyString,
} from '../record/index.js';

export interface WitnessKey {
  name: string;
  privateKey: KeyObject;
  /** What logs and their users configure: `name+hex8+base64(0x04 || public key)`. */
  verifierKey: string;
}

export const WITNESS_KEY_FILE = 'witness.key';

/**
 * The key in `dir`, made with `name` if there is none yet. A name given for a
 * witness that already has one must match it: a renamed witness is a new witness.
 */
export function loadOrCreateWitnessKey(dir: string, name: string | undefined): WitnessKey {
  const path = join(dir, WITNESS_KEY_FILE);
  if (!existsSync(path)) {
    if (name === undefined)
      throw new Error(`${dir} holds no witness key: give the witness a name to make one`);
    if (!isValidKeyName(name))
      throw new Error(`${JSON.stringify(name)} cannot name a key (no spaces, no '+')`);
    const { privateKey } = generateKeyPairSync('ed25519');
    writeDurably(path, `${signerKeyString(name, privateKey, SIGNATURE_TYPE_COSIGNATURE_V1)}\n`);
  }
  const parsed = parseSignerKey(readFileSync(path, 'utf8').trim(), SIGNATURE_TYPE_COSIGNATURE_V1);
  if (name !== undefined && name !== parsed.name) {
    throw new Error(`the witness in ${dir} is named ${parsed.name}, not ${name}`);
  }
  const privateKey = privateKeyFromSeed(parsed.seed);
  return { name: parsed.name, privateKey, verifierKey: cosignerKeyString(parsed.name, privateKey) };
}

function writeDurably(path: string, text: string): void {
  const temporary = `${path}.tmp`;
  rmSync(temporary, { force: true }); // a leftover of a crash, which may not be 0600
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  const dirFd = openSync(dirname(path), 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}
