// A snapshot's bytes, in pieces stored as they are: a magic line with a JSON header (the record it
// is of: origin, size and root; the state's digest; the nonces still live; each part's name,
// version and section lengths), each of the parts' sections, and the hub key's Ed25519 signature
// over the SHA-256 of all that. Whoever can write the database cannot make a snapshot the hub will
// load without its key.
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

/** The snapshot as the pieces it is stored in: the magic and header, each section, the signature. */
export function writeSnapshot(
  header: SnapshotHeader,
  parts: readonly EncodedPart[],
  hubKey: KeyObject,
): Uint8Array[] {
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
  const pieces = [
    Buffer.concat([MAGIC, headerLength, headerBytes]),
    ...parts.flatMap((part) => part.sections),
  ];
  const hash = createHash('sha256');
  for (const piece of pieces) hash.update(piece);
  return [...pieces, sign(null, hash.digest(), hubKey)];
}

/**
 * Checks the signature with the hub's key, hashing the pieces as they are, then reads the header
 * and finds each section in its own piece; throws SnapshotRefused. Nothing is copied.
 */
export function readSnapshot(
  pieces: readonly Uint8Array[],
  hubKey: KeyObject,
): { header: SnapshotHeader; parts: EncodedPart[] } {
  const first = pieces[0];
  const signature = pieces.at(-1);
  if (
    pieces.length < 2 ||
    first === undefined ||
    first.byteLength < MAGIC.length + 4 ||
    !Buffer.from(first.buffer, first.byteOffset, MAGIC.length).equals(MAGIC) ||
    signature?.byteLength !== SIGNATURE_BYTES
  )
    throw new SnapshotRefused('the bytes are not a snapshot of this format');
  const hash = createHash('sha256');
  for (const piece of pieces.slice(0, -1)) hash.update(piece);
  if (!verify(null, hash.digest(), createPublicKey(hubKey), signature))
    throw new SnapshotRefused("the snapshot's signature is not the hub key's");
  // Signed by the hub, so well formed unless the hub wrote it wrong: still checked, never trusted to be.
  const prefix = Buffer.from(first.buffer, first.byteOffset, first.byteLength);
  if (prefix.readUInt32BE(MAGIC.length) !== prefix.length - MAGIC.length - 4)
    throw new SnapshotRefused("the snapshot's header is not of its stated length");
  let header: WrittenHeader;
  try {
    header = JSON.parse(prefix.subarray(MAGIC.length + 4).toString()) as WrittenHeader;
  } catch {
    throw new SnapshotRefused("the snapshot's header does not read");
  }
  let next = 1;
  const parts = header.parts.map(({ name, version, lengths }) => ({
    name,
    version,
    sections: lengths.map((length) => {
      const section = next < pieces.length - 1 ? pieces[next++] : undefined;
      if (section?.byteLength !== length)
        throw new SnapshotRefused("the snapshot's sections are not the pieces its header lists");
      return section;
    }),
  }));
  if (next !== pieces.length - 1)
    throw new SnapshotRefused("the snapshot's sections are not the pieces its header lists");
  const { parts: _, ...rest } = header;
  return { header: rest, parts };
}
