// Every signature in a bundle's entries, checked against nothing but the bundle and the trusted hub
// key: the hub's own entries by its key; an operator's by the key the bundle carries for it, which
// must have been registered to that operator by an entry of the bundle before it signed, and not
// rotated or revoked by one before it signed.
import { verify } from 'node:crypto';
import {
  canonicalBytes,
  decodeBase64,
  type Entry,
  operatorKeyId,
  publicKeyFromRaw,
} from '../record/index.js';
import { type BundledKey, entryFile, OPERATORS } from './bundle-layout.js';
import { EvidenceError } from './evidence-error.js';

type Fields = Record<string, unknown>;

function signatureHolds(publicKey: Uint8Array, entry: Entry): boolean {
  const signature = decodeBase64(entry.signature);
  if (signature?.length !== 64 || publicKey.length !== 32) return false;
  return verify(null, canonicalBytes(entry.command), publicKeyFromRaw(publicKey), signature);
}

/** Whether `entry` registers `key` for its operator: as a new operator, a party's first administrator, or a new key. */
function registers(entry: Entry, key: BundledKey): boolean {
  const c = entry.command as Fields;
  const newOperator =
    entry.kind === 'operator.add'
      ? (c.operator as Fields)
      : entry.kind === 'party.create' || entry.kind === 'hub.genesis'
        ? (c.administrator as Fields)
        : null;
  if (newOperator) return newOperator.id === key.operator && newOperator.public_key === key.public_key;
  return entry.kind === 'key.rotate' && c.operator === key.operator && c.public_key === key.public_key;
}

/** Whether `entry` ends `key`: a rotation of its operator to another key, or its revocation. */
function ends(entry: Entry, key: BundledKey): boolean {
  const c = entry.command as Fields;
  if (entry.kind === 'key.revoke') return c.operator === key.operator && c.key === key.id;
  return entry.kind === 'key.rotate' && c.operator === key.operator && c.public_key !== key.public_key;
}

/** Checks every operator key of the bundle against its entries; returns them by key id. */
export function checkBundledKeys(
  keys: readonly BundledKey[],
  entries: ReadonlyMap<number, Entry>,
): Map<string, BundledKey> {
  const byId = new Map<string, BundledKey>();
  for (const key of keys) {
    const raw = decodeBase64(key.public_key);
    if (raw?.length !== 32 || operatorKeyId(raw) !== key.id)
      throw new EvidenceError(
        OPERATORS,
        `key ${key.id} of ${key.operator} is not the key its public key names`,
      );
    if (byId.has(key.id)) throw new EvidenceError(OPERATORS, `key ${key.id} is listed twice`);
    const [registeredAt, ...endedAt] = key.entries as [number, ...number[]];
    const registration = entries.get(registeredAt);
    if (!registration)
      throw new EvidenceError(
        OPERATORS,
        `entry #${registeredAt}, which registered key ${key.id}, is not in the bundle`,
      );
    if (!registers(registration, key))
      throw new EvidenceError(entryFile(registeredAt), `does not register key ${key.id} for ${key.operator}`);
    for (const at of endedAt) {
      const end = entries.get(at);
      if (!end)
        throw new EvidenceError(OPERATORS, `entry #${at}, which ended key ${key.id}, is not in the bundle`);
      if (at <= registeredAt || !ends(end, key))
        throw new EvidenceError(entryFile(at), `does not rotate or revoke key ${key.id} of ${key.operator}`);
    }
    byId.set(key.id, key);
  }
  return byId;
}

/** Throws naming the entry whose signature does not hold. */
export function checkEntrySignature(
  index: number,
  entry: Entry,
  hubPublicKey: Uint8Array,
  keys: ReadonlyMap<string, BundledKey>,
): void {
  const file = entryFile(index);
  if ('hub' in entry.author) {
    if (!signatureHolds(hubPublicKey, entry))
      throw new EvidenceError(file, 'the hub’s signature does not verify with the trusted hub key');
    return;
  }
  const key = keys.get(entry.author.key);
  if (!key)
    throw new EvidenceError(file, `signed with key ${entry.author.key}, which the bundle does not carry`);
  if (key.operator !== entry.author.operator || key.party !== entry.author.party)
    throw new EvidenceError(file, `key ${key.id} is ${key.operator}’s, not ${entry.author.operator}’s`);
  const [registeredAt, ...endedAt] = key.entries as [number, ...number[]];
  if (registeredAt >= index)
    throw new EvidenceError(file, `signed with key ${key.id} before entry #${registeredAt} registered it`);
  const ended = endedAt.find((at) => at < index);
  if (ended !== undefined)
    throw new EvidenceError(file, `signed with key ${key.id} after entry #${ended} rotated or revoked it`);
  if (!signatureHolds(decodeBase64(key.public_key) as Uint8Array, entry))
    throw new EvidenceError(file, `${entry.author.operator}’s signature does not verify with key ${key.id}`);
}
