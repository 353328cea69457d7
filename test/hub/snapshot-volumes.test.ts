// A snapshot's declared volumes, written as binary numbers, read back as the very volumes they were:
// every shape, exact doubles, ids that are not `<declaration>#<position>`, zones' restrictions; and
// numbers that do not add up are refused, never read as some other volume.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeclaredVolume } from '../../src/deconfliction/declaration.js';
import { vertexAt } from '../../src/geo/n-vector.js';
import { decodeVolumes, encodeVolumes } from '../../src/hub/snapshot/volumes-codec.js';

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

test('numbers cut short or left over are refused', () => {
  const { numbers, strings } = encodeVolumes(declarations);
  const ids = declarations.map((d) => d.id);
  assert.throws(
    () => decodeVolumes({ numbers: numbers.subarray(0, numbers.length - 8), strings }, ids),
    RangeError,
  );
  const longer = new Uint8Array(numbers.length + 8);
  longer.set(numbers);
  assert.throws(() => decodeVolumes({ numbers: longer, strings }, ids), /do not add up/);
  assert.throws(
    () => decodeVolumes({ numbers: numbers.subarray(1), strings }, ids),
    /whole number of doubles/,
  );
});
