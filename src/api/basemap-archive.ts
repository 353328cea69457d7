// The operator's offline basemap: one PMTiles (v3) archive of vector tiles, read by the browser a byte
// range at a time. It is checked once, when the hub starts, so that a wrong file stops the hub with a
// reason rather than leave officers with an empty map.
import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/** PMTiles v3: a fixed 127-byte header, opening with the magic `PMTiles` and the version byte. */
const HEADER_BYTES = 127;
const MAGIC = 'PMTiles';
const VERSION_AT = 7;
const TILE_TYPE_AT = 99;
const TILE_TYPE_MVT = 1;

export interface BasemapArchive {
  readonly path: string;
  readonly bytes: number;
  /** Strong: the archive is held open as it was when checked, and a new file is a new hub start. */
  readonly etag: string;
  /** Bytes `start` to `end`, both included, as they are read from the file. */
  slice(start: number, end: number): Readable;
  close(): Promise<void>;
}

export async function openBasemapArchive(path: string): Promise<BasemapArchive> {
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (error) {
    throw new Error(`cannot read the basemap ${path}: ${(error as Error).message}`);
  }
  try {
    const stat = await file.stat();
    if (!stat.isFile()) throw new Error(`the basemap ${path} is not a file`);
    const header = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await file.read(header, 0, HEADER_BYTES, 0);
    if (bytesRead < HEADER_BYTES || header.toString('latin1', 0, MAGIC.length) !== MAGIC)
      throw new Error(`the basemap ${path} is not a PMTiles archive`);
    const version = header[VERSION_AT];
    if (version !== 3)
      throw new Error(`the basemap ${path} is PMTiles version ${version}; version 3 is needed`);
    if (header[TILE_TYPE_AT] !== TILE_TYPE_MVT)
      throw new Error(
        `the basemap ${path} holds tiles of type ${header[TILE_TYPE_AT]}; vector tiles (MVT, type 1) are needed`,
      );
    return {
      path,
      bytes: stat.size,
      etag: `"${stat.size.toString(36)}-${Math.trunc(stat.mtimeMs).toString(36)}-${stat.ino.toString(36)}"`,
      // Read by position from the file held open, which stays open for the next request.
      slice: (start, end) => createReadStream(path, { fd: file.fd, start, end, autoClose: false }),
      close: () => file.close(),
    };
  } catch (error) {
    await file.close();
    throw error;
  }
}
