// The embedded store's snapshots, as files in a directory beside the database rather than in it:
// SQLite reads and writes values of many megabytes a page at a time, several times slower than the
// file system does (a snapshot of a million live declarations is 700 MiB), and a long transaction
// would hold up the writer's commits. Each snapshot is one file: a header listing its pieces'
// lengths, then the pieces, each starting on an 8-byte boundary so that arrays of doubles in them
// are read in place. A file is written under a temporary name, synced and renamed, so a save cut
// short is never read; what it left is removed at the next save.
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { checkSnapshotPieces, SNAPSHOTS_KEPT, StoreIntegrityError } from './store.js';

const MAGIC = Buffer.from('deconflict-snapshot-pieces/1\n');
const ALIGN = 8;
const KEPT = /^(\d+)\.snapshot$/;
const PARTIAL = /\.partial$/;

const aligned = (offset: number) => Math.ceil(offset / ALIGN) * ALIGN;

export class SnapshotFiles {
  constructor(private readonly directory: string) {}

  async save(size: number, pieces: readonly Uint8Array[]): Promise<void> {
    checkSnapshotPieces(pieces);
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    await this.removePartial();
    const header = Buffer.alloc(aligned(MAGIC.length + 4 + 8 * pieces.length));
    MAGIC.copy(header);
    header.writeUInt32BE(pieces.length, MAGIC.length);
    for (const [i, piece] of pieces.entries())
      header.writeDoubleBE(piece.byteLength, MAGIC.length + 4 + 8 * i);
    const partial = join(this.directory, `${size}.partial`);
    const file = await open(partial, 'w', 0o600);
    try {
      let at = 0;
      for (const bytes of [header, ...pieces]) {
        await file.write(bytes, 0, bytes.byteLength, at);
        at = aligned(at + bytes.byteLength);
      }
      await file.truncate(at);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(partial, join(this.directory, `${size}.snapshot`));
    await this.syncDirectory();
    for (const old of (await this.sizes()).slice(SNAPSHOTS_KEPT))
      await rm(join(this.directory, `${old}.snapshot`), { force: true });
  }

  /** The sizes of the snapshots kept, newest first. */
  async sizes(): Promise<number[]> {
    return (await this.names())
      .flatMap((name) => {
        const kept = KEPT.exec(name);
        return kept ? [Number(kept[1])] : [];
      })
      .sort((a, b) => b - a);
  }

  async read(size: number): Promise<Uint8Array[] | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(join(this.directory, `${size}.snapshot`));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const damaged = (why: string) =>
      new StoreIntegrityError(`the snapshot file at size ${size} is damaged: ${why}`);
    if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC))
      throw damaged('it does not begin as a snapshot file');
    const count = bytes.readUInt32BE(MAGIC.length);
    if (MAGIC.length + 4 + 8 * count > bytes.length) throw damaged('its header is cut short');
    let at = aligned(MAGIC.length + 4 + 8 * count);
    const pieces: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const length = bytes.readDoubleBE(MAGIC.length + 4 + 8 * i);
      if (!Number.isSafeInteger(length) || length < 0 || at + length > bytes.length)
        throw damaged(`piece ${i} runs past its end`);
      pieces.push(new Uint8Array(bytes.buffer, bytes.byteOffset + at, length));
      at = aligned(at + length);
    }
    return pieces;
  }

  private async names(): Promise<string[]> {
    try {
      return await readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  private async removePartial(): Promise<void> {
    for (const name of await this.names())
      if (PARTIAL.test(name)) await rm(join(this.directory, name), { force: true });
  }

  /** The rename itself is durable only once the directory is. */
  private async syncDirectory(): Promise<void> {
    const directory = await open(this.directory, 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  }
}
