// C2SP tlog-tiles (https://c2sp.org/tlog-tiles) paths and geometry. A tile at
// level L holds up to 256 hashes at tree level 8·L, so one fetch serves eight
// levels of any proof.
import { TilePathError } from './errors.js';
import { isCount, type NodeId } from './node-id.js';

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;
/** The spec allows levels 0..63. */
export const MAX_TILE_LEVEL = 63;

export interface TileRef {
  /** Tile level L, or 'entries' for an entry bundle. */
  level: number | 'entries';
  /** Tile index N within its level. */
  index: number;
  /** Number of hashes (or entries): 256 for a full tile, 1..255 for a partial one. */
  width: number;
}

/** `tile/<L>/<N>[.p/<W>]`, or `tile/entries/<N>[.p/<W>]` for level 'entries'. */
export function tilePath(tile: TileRef): string {
  const { level, index, width } = tile;
  if (level !== 'entries' && !(isCount(level) && level <= MAX_TILE_LEVEL)) {
    throw new RangeError(`level must be 0..${MAX_TILE_LEVEL} or 'entries'`);
  }
  if (!isCount(index)) throw new RangeError('index must be a non-negative safe integer');
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH)
    throw new RangeError(`width must be 1..${TILE_WIDTH}`);
  const partial = width < TILE_WIDTH ? `.p/${width}` : '';
  return `tile/${level}/${encodeIndex(index)}${partial}`;
}

// 1234067 → x001/x234/067: zero-padded 3-digit groups, all but the last
// prefixed with x, so no file name is also a directory name.
function encodeIndex(index: number): string {
  let digits = String(index);
  digits = digits.padStart(Math.ceil(digits.length / 3) * 3, '0');
  const groups: string[] = [];
  for (let i = 0; i < digits.length; i += 3) groups.push(digits.slice(i, i + 3));
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

const PATH = /^tile\/(entries|0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*)([0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/;

/** Parses a tile path; only the canonical encoding of each tile is accepted. */
export function parseTilePath(path: string): TileRef {
  const m = typeof path === 'string' ? PATH.exec(path) : null;
  if (m === null) throw invalid(`not a tile path: ${String(path)}`);
  const [, levelText = '', prefix = '', last = '', widthText] = m;
  const level = levelText === 'entries' ? 'entries' : Number(levelText);
  if (level !== 'entries' && level > MAX_TILE_LEVEL) throw invalid(`level must be 0..${MAX_TILE_LEVEL}`);
  const groups = prefix === '' ? [] : prefix.slice(0, -1).split('/');
  const index = Number(groups.map((g) => g.slice(1)).join('') + last);
  const width = widthText === undefined ? TILE_WIDTH : Number(widthText);
  if (widthText !== undefined && width >= TILE_WIDTH) throw invalid('partial width must be 1..255');
  if (!Number.isSafeInteger(index)) throw invalid('index is too large');
  const tile: TileRef = { level, index, width };
  // Leading zero groups (x000/…) would give a second name for the same tile.
  if (tilePath(tile) !== path) throw invalid(`not the canonical path of its tile: ${path}`);
  return tile;
}

/** The tree nodes held by a hash tile: level 8·L, indices 256·N … 256·N+W−1. */
export function tileNodes(level: number, index: number, width: number): NodeId[] {
  if (!(isCount(level) && level <= MAX_TILE_LEVEL) || !isCount(index))
    throw new RangeError('bad tile level or index');
  if (!Number.isInteger(width) || width < 0 || width > TILE_WIDTH)
    throw new RangeError('width must be 0..256');
  const nodes: NodeId[] = [];
  for (let i = 0; i < width; i++) nodes.push({ level: TILE_HEIGHT * level, index: TILE_WIDTH * index + i });
  return nodes;
}

/**
 * How many hashes tile (level, index) holds in a tree of treeSize leaves:
 * 256 when full, 1..255 when partial, 0 when it does not exist yet.
 */
export function tileWidthFor(level: number, index: number, treeSize: number): number {
  if (!(isCount(level) && level <= MAX_TILE_LEVEL) || !isCount(index) || !isCount(treeSize)) {
    throw new RangeError('bad tile level, index or tree size');
  }
  // Hashes that exist at tree level 8·L: one per complete 256^L-leaf subtree.
  const available = Math.floor(treeSize / TILE_WIDTH ** level);
  return Math.max(0, Math.min(TILE_WIDTH, available - TILE_WIDTH * index));
}

function invalid(why: string): TilePathError {
  return new TilePathError('malformed-tile-path', why);
}
