// A snapshot's declared volumes, written as binary numbers, read back as the very volumes they were:
// every shape, exact doubles, ids that are not `<declaration>#<position>`, zones' restrictions; and
// numbers that do not add up are refused, never read as some other volume.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeclaredVolume } from '../../src/deconfliction/declaration.js';
import { vertexAt } from '../../src/geo/n-vector.js';
import {
  type EncodedVolumeSections,
  encodeVolumes,
  layOutVolumes,
} from '../../src/hub/snapshot/volumes-codec.js';

/** Every declaration's volumes, decoded. */
const decodeVolumes = (encoded: EncodedVolumeSections, ids: readonly string[]) =>
  layOutVolumes(encoded, ids).map((laid) => laid.decode());

const window = {
  altitudeLowerM: -0.5,
  altitudeUpperM: 1234.5678,
  timeStart: 1797164003492,
  timeEnd: 1797170013964,
};
const declarations: { id: string; volumes: DeclaredVolume[] }[] = [
  {
    id: 'red/op-1',
    volumes: [
      {
        id: 'red/op-1#0',
        shape: { core: { kind: 'point', at: vertexAt([38.37123949988927, 36.43]) }, radiusM: 3506 },
        ...window,
      },
      {
        id: 'red/op-1#1',
        shape: {
          core: {
            kind: 'polygon',
            ring: [vertexAt([38.1, 36.1]), vertexAt([38.2, 36.1]), vertexAt([38.15, 36.2])],
          },
          radiusM: 0,
        },
        ...window,
      },
    ],
  },
  { id: 'blue/none', volumes: [] },
  {
    id: 'blue/zone-1',
    volumes: [
      {
        id: 'blue/zone-1#7',
        shape: {
          core: { kind: 'polyline', vertices: [vertexAt([-179.9, -45]), vertexAt([179.9, -45.1])] },
          radiusM: 250.25,
        },
        ...window,
        restriction: { party: 'red', activities: ['air', 'fires'] as never },
      },
    ],
  },
];

test('volumes read back exactly as they were written', () => {
  const decoded = decodeVolumes(
    encodeVolumes(declarations),
    declarations.map((d) => d.id),
  );
  assert.deepEqual(
    decoded,
    declarations.map((d) => d.volumes),
  );
});

test('volumes are laid out without being decoded: each declaration is decoded alone, when asked', () => {
  const laid = layOutVolumes(
    encodeVolumes(declarations),
    declarations.map((d) => d.id),
  );
  assert.deepEqual(
    laid.map((each) => each.count),
    [2, 0, 1],
  );
  assert.deepEqual(laid[2]?.decode(), declarations[2]?.volumes);
  assert.deepEqual(laid[0]?.decode(), declarations[0]?.volumes);
});

test('numbers cut short or left over are refused', () => {
  const { numbers, strings } = encodeVolumes(declarations);
  const ids = declarations.map((d) => d.id);
  assert.throws(
    () => layOutVolumes({ numbers: numbers.subarray(0, numbers.length - 8), strings }, ids),
    /do not add up/,
  );
  // Cut within a volume's fixed numbers: its vertex count is past the end.
  assert.throws(() => layOutVolumes({ numbers: numbers.subarray(0, 16), strings }, ids), RangeError);
  const longer = new Uint8Array(numbers.length + 8);
  longer.set(numbers);
  assert.throws(() => layOutVolumes({ numbers: longer, strings }, ids), /do not add up/);
  assert.throws(
    () => layOutVolumes({ numbers: numbers.subarray(1), strings }, ids),
    /whole number of doubles/,
  );
  // Ids and restrictions only for volumes that are there.
  for (const stray of [[[0, 2, 'red/op-1#x', null]], [[3, 0, 'red/none#x', null]]])
    assert.throws(
      () => layOutVolumes({ numbers, strings: Buffer.from(JSON.stringify(stray)) }, ids),
      /which is not there/,
    );
});
