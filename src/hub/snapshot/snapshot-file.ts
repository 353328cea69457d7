// A snapshot's bytes: a magic line, a JSON header (the record it is of: origin, size and root; the
// state's digest; the nonces still live; each part's name, version and section lengths), the parts'
// sections, and the hub key's Ed25519 signature over the SHA-256 of all that. Whoever can write the
// database cannot make a snapshot the hub will load without its key.
import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import type { UsedNonce } from '../../store/store.js';
import { type EncodedPart, SnapshotRefused } from './state-codec.js';

const MAGIC = Buffer.from('deconflict-snapshot/1\n');
const SIGNATURE_BYTES = 64;

export interface SnapshotHeader {
  origin: string;
  /** The record size the state is at, and the tree's root at that size (base64). */
  size: number;
  root: string;
  /** HubState.digest() of the state. */
  digest: string;
  /** Command and login nonces still within the freshness window when it was taken. */
  nonces: UsedNonce[];
}

interface WrittenHeader extends SnapshotHeader {
  parts: { name: string; version: number; lengths: number[] }[];
}

export function writeSnapshot(
  header: SnapshotHeader,
  parts: readonly EncodedPart[],
  hubKey: KeyObject,
): Buffer {
  const written: WrittenHeader = {
    ...header,
    parts: parts.map(({ name, version, sections }) => ({
      name,
      version,
      lengths: sections.map((section) => section.byteLength),
    })),
  };
  const headerBytes = Buffer.from(JSON.stringify(written));
  const headerLength = Buffer.alloc(4);
  headerLength.writeUInt32BE(headerBytes.length);
  const body = Buffer.concat([MAGIC, headerLength, headerBytes, ...parts.flatMap((part) => part.sections)]);
  const signature = sign(null, createHash('sha256').update(body).digest(), hubKey);
  return Buffer.concat([body, signature]);
}

/** Checks the signature with the hub's key, then reads the header and parts; throws SnapshotRefused. */
export function readSnapshot(
  bytes: Uint8Array,
  hubKey: KeyObject,
): { header: SnapshotHeader; parts: EncodedPart[] } {
  const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (all.length < MAGIC.length + 4 + SIGNATURE_BYTES || !all.subarray(0, MAGIC.length).equals(MAGIC))
    throw new SnapshotRefused('the bytes are not a snapshot of this format');
  const body = all.subarray(0, all.length - SIGNATURE_BYTES);
  const signature = all.subarray(all.length - SIGNATURE_BYTES);
  const digest = createHash('sha256').update(body).digest();
  if (!verify(null, digest, createPublicKey(hubKey), signature))
    throw new SnapshotRefused("the snapshot's signature is not the hub key's");
  // Signed by the hub, so well formed unless the hub wrote it wrong: still checked, never trusted to be.
  const headerLength = body.readUInt32BE(MAGIC.length);
  let at = MAGIC.length + 4 + headerLength;
  let header: WrittenHeader;
  try {
    header = JSON.parse(body.subarray(MAGIC.length + 4, at).toString()) as WrittenHeader;
  } catch {
    throw new SnapshotRefused("the snapshot's header does not read");
  }
  const parts = header.parts.map(({ name, version, lengths }) => ({
    name,
    version,
    sections: lengths.map((length) => {
      const section = body.subarray(at, at + length);
      at += length;
      return section;
    }),
  }));
  if (at !== body.length) throw new SnapshotRefused("the snapshot's sections do not add up to its length");
  const { parts: _, ...rest } = header;
  return { header: rest, parts };
}
