// C2SP tlog-tiles paths and tile geometry; examples from the spec text
// (https://c2sp.org/tlog-tiles).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  parseTilePath,
  TilePathError,
  type TileRef,
  tileNodes,
  tilePath,
  tileWidthFor,
} from '../../src/record/index.js';

const VECTORS: [TileRef, string][] = [
  [{ level: 0, index: 1234067, width: 256 }, 'tile/0/x001/x234/067'],
  [{ level: 1, index: 0, width: 8 }, 'tile/1/000.p/8'],
  [{ level: 0, index: 0, width: 256 }, 'tile/0/000'],
  [{ level: 0, index: 999, width: 255 }, 'tile/0/999.p/255'],
  [{ level: 2, index: 1000, width: 1 }, 'tile/2/x001/000.p/1'],
  [{ level: 63, index: 2 ** 53 - 1, width: 256 }, 'tile/63/x009/x007/x199/x254/x740/991'],
  [{ level: 'entries', index: 1234067, width: 256 }, 'tile/entries/x001/x234/067'],
  [{ level: 'entries', index: 5, width: 12 }, 'tile/entries/005.p/12'],
];

const isPathError = (err: unknown): boolean =>
  err instanceof TilePathError && err.code === 'malformed-tile-path';

describe('tile paths', () => {
  test('encode and decode', () => {
    for (const [tile, path] of VECTORS) {
      assert.equal(tilePath(tile), path);
      assert.deepEqual(parseTilePath(path), tile);
    }
  });

  test('only the canonical path of a tile parses', () => {
    for (const path of [
      'tile/0/1234067',
      'tile/0/x001/x234/67',
      'tile/0/x000/001',
      'tile/0/001/002',
      'tile/0/x001',
      'tile/0/000.p/256',
      'tile/0/000.p/0',
      'tile/0/000.p/012',
      'tile/0/000.p/',
      'tile/0/000/',
      '/tile/0/000',
      'tile/64/000',
      'tile/01/000',
      'tile/-1/000',
      'tile/x/000',
      'tile/0/x009/x007/x199/x254/x740/992',
      'tile/0/x001/x234/067 ',
      'tile/0/x001/x234/067\n',
      'tiles/0/000',
      '',
    ]) {
      assert.throws(() => parseTilePath(path), isPathError, JSON.stringify(path));
    }
  });

  test('encoding refuses impossible tiles', () => {
    for (const tile of [
      { level: 64, index: 0, width: 256 },
      { level: -1, index: 0, width: 256 },
      { level: 0, index: -1, width: 256 },
      { level: 0, index: 0, width: 0 },
      { level: 0, index: 0, width: 257 },
      { level: 0, index: 1.5, width: 256 },
    ]) {
      assert.throws(() => tilePath(tile), RangeError, JSON.stringify(tile));
    }
  });
});

describe('tile geometry', () => {
  test('a tile holds hashes of tree level 8·L', () => {
    assert.deepEqual(tileNodes(1, 2, 3), [
      { level: 8, index: 512 },
      { level: 8, index: 513 },
      { level: 8, index: 514 },
    ]);
    assert.equal(tileNodes(0, 0, 256).length, 256);
    assert.deepEqual(tileNodes(0, 7, 0), []);
  });

  test('widths for a tree of size 70,000 (the spec example)', () => {
    const size = 70_000;
    for (let n = 0; n < 273; n++) assert.equal(tileWidthFor(0, n, size), 256);
    assert.equal(tileWidthFor(0, 273, size), 112);
    assert.equal(tileWidthFor(0, 274, size), 0);
    assert.equal(tileWidthFor(1, 0, size), 256);
    assert.equal(tileWidthFor(1, 1, size), 17);
    assert.equal(tileWidthFor(1, 2, size), 0);
    assert.equal(tileWidthFor(2, 0, size), 1);
    assert.equal(tileWidthFor(3, 0, size), 0);
  });

  test('a tree of size 256 has a full level-0 tile and a level-1 tile of width 1', () => {
    assert.equal(tileWidthFor(0, 0, 256), 256);
    assert.equal(tileWidthFor(0, 1, 256), 0);
    assert.equal(tileWidthFor(1, 0, 256), 1);
    assert.equal(tileWidthFor(0, 0, 0), 0);
    assert.equal(tileWidthFor(0, 0, 1), 1);
  });
});
