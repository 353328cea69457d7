// The conflict index against brute force (volumesConflict on every live pair) after random adds and
// removes, under several bucket layouts and both ways of filling it; and the known cases: touching
// counts, a declaration never conflicts with itself, removed declarations are never returned.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ConflictIndex,
  type ConflictIndexOptions,
  type SeparationFor,
} from '../../src/deconfliction/conflict-index.js';
import type { DeclarationConflict, DeclarationKey } from '../../src/deconfliction/declaration-conflict.js';
import { vertexAt } from '../../src/geo/n-vector.js';
import type { LonLat, Separation, Shape, Volume } from '../../src/geo/shape.js';
import { volumesConflict } from '../../src/geo/volume.js';
import { fuzzSeed, Prng } from '../support/prng.js';
import { HOUR, testVolume } from '../support/volumes.js';
import { destination, randomVolumes, T0 } from './random-declarations.js';

const MAX: Separation = { horizontalM: 5000, verticalM: 300, timeS: 900 };
const NONE: Separation = { horizontalM: 0, verticalM: 0, timeS: 0 };
const PARTIES = ['blue', 'red', 'un', 'ngo'];

interface Live {
  owner: DeclarationKey;
  volumes: Volume[];
}

/** The answer by trying every live pair, in the index's order. */
function bruteForce(
  live: Iterable<Live>,
  candidates: readonly Volume[],
  owner: DeclarationKey,
  partyMinima: PartyMinima,
): DeclarationConflict[] {
  const result: DeclarationConflict[] = [];
  for (const { owner: key, volumes } of live) {
    if (key.declaration === owner.declaration) continue;
    const pairs = candidates.flatMap((candidate, c) =>
      volumes.flatMap((volume, i) => {
        const measures = volumesConflict(candidate, volume, partyMinima(owner.party, key.party));
        return measures === null
          ? []
          : [{ candidate: c, indexed: i, candidateVolume: candidate, indexedVolume: volume, measures }];
      }),
    );
    if (pairs.length > 0) result.push({ key, pairs });
  }
  return result.sort((a, b) => (a.key.declaration < b.key.declaration ? -1 : 1));
}

/** Ids and measures only, so that a failure prints something readable. */
function summary(conflicts: DeclarationConflict[]) {
  return conflicts.map(({ key, pairs }) => ({
    ...key,
    pairs: pairs.map((p) => [p.candidateVolume.id, p.indexedVolume.id, p.candidate, p.indexed, p.measures]),
  }));
}

type PartyMinima = (a: string, b: string) => Separation;

/** Random minima per ordered pair of parties, some zero, none above MAX. */
function randomSeparations(rng: Prng): PartyMinima {
  const table = new Map<string, Separation>();
  for (const a of PARTIES) {
    for (const b of PARTIES) {
      table.set(
        `${a}|${b}`,
        rng.chance(0.2)
          ? NONE
          : {
              horizontalM: rng.int(MAX.horizontalM + 1),
              verticalM: rng.int(MAX.verticalM + 1),
              timeS: rng.int(MAX.timeS + 1),
            },
      );
    }
  }
  return (a, b) => table.get(`${a}|${b}`) ?? NONE;
}

function widest(minima: Separation[]): Separation {
  return {
    horizontalM: Math.max(...minima.map((m) => m.horizontalM)),
    verticalM: Math.max(...minima.map((m) => m.verticalM)),
    timeS: Math.max(...minima.map((m) => m.timeS)),
  };
}

const LAYOUTS: [string, Omit<ConflictIndexOptions, 'maxSeparation'>][] = [
  ['default buckets', {}],
  ['one tree for all time', { timeBucketMs: Number.POSITIVE_INFINITY }],
  ['hour buckets, long windows unbucketed', { timeBucketMs: HOUR, maxBucketsPerVolume: 2 }],
];

describe('ConflictIndex against brute force', () => {
  for (const [name, layout] of LAYOUTS) {
    test(`${name}: identical conflicts after random adds and removes`, () => {
      const seed = fuzzSeed();
      const rng = new Prng(seed);
      const message = `FUZZ_SEED=${seed}`;
      // Printed as well as put in assertion messages, so that any failure can be repeated.
      console.log(`${name}: ${message}`);
      const partyMinima = randomSeparations(rng);
      const live = new Map<string, Live>();
      let next = 0;
      const fresh = (): Live => {
        const declaration = `d${next++}`;
        return {
          owner: { declaration, version: 1 + rng.int(3), party: rng.pick(PARTIES) },
          volumes: randomVolumes(rng, declaration),
        };
      };
      // Half bulk-loaded as on start, then changed one declaration at a time as the hub does.
      const index = new ConflictIndex({ maxSeparation: MAX, ...layout });
      const loaded = Array.from({ length: 500 }, fresh);
      index.load(loaded);
      for (const d of loaded) live.set(d.owner.declaration, d);
      for (let step = 0; step < 1400; step++) {
        if (live.size > 0 && rng.chance(0.3)) {
          const victim = rng.pick([...live.keys()]);
          assert.equal(index.remove(victim), true, message);
          live.delete(victim);
        } else {
          const d = fresh();
          index.add(d.owner, d.volumes);
          live.set(d.owner.declaration, d);
        }
      }
      const volumes = [...live.values()].reduce((n, d) => n + d.volumes.length, 0);
      assert.equal(index.size, volumes, message);
      assert.ok(volumes > 2000, `${message}: only ${volumes} volumes`);
      // The same index packed and unpacked, as a start from a snapshot gives it, answers the same.
      const unpacked = new ConflictIndex({ maxSeparation: MAX, ...layout });
      unpacked.unpack(index.pack(), (id) => {
        const declared = live.get(id);
        return declared && { key: declared.owner, holder: declared, count: declared.volumes.length };
      });
      assert.equal(unpacked.size, volumes, message);
      let found = 0;
      for (let q = 0; q < 160; q++) {
        // After 120 queries, the unpacked index is changed as the hub would, then queried alone.
        if (q >= 120)
          for (let step = 0; step < 10; step++) {
            if (rng.chance(0.5)) {
              const victim = rng.pick([...live.keys()]);
              assert.equal(unpacked.remove(victim), true, message);
              live.delete(victim);
            } else {
              const d = fresh();
              unpacked.add(d.owner, d.volumes);
              live.set(d.owner.declaration, d);
            }
          }
        // Half new declarations, half amends of live ones (whose own volumes must not be reported).
        const amend = q % 2 === 1 ? rng.pick([...live.values()]) : undefined;
        const owner = amend?.owner ?? fresh().owner;
        const candidates = randomVolumes(rng, `q${q}`);
        const expected = bruteForce(live.values(), candidates, owner, partyMinima);
        // Every other query searches only as far as the owner's own widest minima, as the hub does.
        const reach = q % 4 < 2 ? widest(PARTIES.map((other) => partyMinima(owner.party, other))) : MAX;
        for (const searched of q < 120 ? [index, unpacked] : [unpacked]) {
          const actual = searched.conflicts(
            candidates,
            owner,
            (key) => partyMinima(owner.party, key.party),
            reach,
          );
          assert.deepEqual(summary(actual), summary(expected), `${message}, query ${q}`);
        }
        found += expected.length;
      }
      assert.ok(
        found > 50,
        `${message}: the queries found only ${found} conflicts; the test checks too little`,
      );
    });
  }
});

const square = (sw: LonLat, sizeDeg: number): Shape => ({
  core: {
    kind: 'polygon',
    ring: [sw, [sw[0] + sizeDeg, sw[1]], [sw[0] + sizeDeg, sw[1] + sizeDeg], [sw[0], sw[1] + sizeDeg]].map(
      (p) => vertexAt(p as LonLat),
    ),
  },
  radiusM: 0,
});
const circle = (at: LonLat, radiusM: number): Shape => ({
  core: { kind: 'point', at: vertexAt(at) },
  radiusM,
});

const volume = (id: string, shape: Shape, overrides: Partial<Volume> = {}): Volume =>
  testVolume(id, shape, T0, overrides);

const key = (declaration: string, party = 'blue'): DeclarationKey => ({ declaration, version: 1, party });
const none: SeparationFor = () => NONE;
const ids = (conflicts: DeclarationConflict[]) => conflicts.map((c) => c.key.declaration);

describe('ConflictIndex known cases', () => {
  test('touching in space and in time counts, with distance 0', () => {
    const index = new ConflictIndex({ maxSeparation: NONE });
    index.add(key('west'), [volume('w', square([36, 35], 0.1))]);
    const east = volume('e', square([36.1, 35], 0.1), { timeStart: T0 + HOUR, timeEnd: T0 + 2 * HOUR });
    const [conflict] = index.conflicts([east], key('east', 'red'), none);
    assert.equal(conflict?.key.declaration, 'west');
    assert.deepEqual(conflict?.pairs[0]?.measures, {
      overlap: { start: T0 + HOUR, end: T0 + HOUR },
      timeGapS: 0,
      horizontalDistanceM: 0,
      verticalGapM: 0,
    });
  });

  test('a declaration never conflicts with itself; another of the same party does', () => {
    const index = new ConflictIndex({ maxSeparation: NONE });
    const v = volume('v', circle([36, 35], 1000));
    index.add(key('mine'), [v]);
    index.add(key('also-mine'), [v]);
    const amended = { ...key('mine'), version: 2 };
    assert.deepEqual(ids(index.conflicts([v], amended, none)), ['also-mine']);
  });

  test('removed declarations are never returned, and size follows', () => {
    const index = new ConflictIndex({ maxSeparation: NONE });
    const v = volume('v', circle([36, 35], 1000));
    index.load([{ owner: key('a'), volumes: [v, v] }]);
    index.add(key('b'), [v]);
    assert.equal(index.size, 3);
    assert.equal(index.remove('a'), true);
    assert.equal(index.remove('a'), false);
    assert.equal(index.size, 1);
    assert.equal(index.keyOf('a'), undefined);
    assert.deepEqual(ids(index.conflicts([v], key('new'), none)), ['b']);
    index.remove('b');
    assert.deepEqual(index.conflicts([v], key('new'), none), []);
  });

  test('across the antimeridian and around a pole', () => {
    const index = new ConflictIndex({ maxSeparation: MAX });
    index.add(key('east-of-180'), [volume('e', circle([179.9999, 10], 15))]);
    index.add(key('pole'), [volume('p', square([0, 89.99], 0.001))]);
    const ring = [0, -90, 180, 90].map((lon) => vertexAt([lon, 89.95]));
    index.add(key('around-pole'), [volume('a', { core: { kind: 'polygon', ring }, radiusM: 0 })]);
    const west = volume('w', circle([-179.9999, 10], 15));
    assert.deepEqual(ids(index.conflicts([west], key('q'), none)), ['east-of-180']);
    const nearPole = volume('n', circle([-120, 89.97], 10));
    assert.deepEqual(ids(index.conflicts([nearPole], key('q'), none)), ['around-pole']);
    // 5 km of minimum bridges the ~4 km to the square at the pole, on the far side of it.
    const sep: Separation = { horizontalM: 5000, verticalM: 0, timeS: 0 };
    assert.deepEqual(ids(index.conflicts([nearPole], key('q'), () => sep)), ['around-pole', 'pole']);
  });

  test('a pair just inside its horizontal minimum is found; the minimum is that of the pair', () => {
    const index = new ConflictIndex({ maxSeparation: MAX });
    const a = volume('a', circle([36, 35], 100));
    index.add(key('a', 'red'), [a]);
    const b = volume('b', circle(destination([36, 35], 90, 4800), 100));
    const by =
      (h: number): SeparationFor =>
      (other) => ({ horizontalM: other.party === 'red' ? h : 0, verticalM: 0, timeS: 0 });
    assert.deepEqual(ids(index.conflicts([b], key('b'), by(4700))), ['a']);
    assert.deepEqual(ids(index.conflicts([b], key('b'), by(4400))), []);
  });

  test('minima above the reach or maxSeparation, and indexing a declaration twice, are refused', () => {
    const index = new ConflictIndex({ maxSeparation: MAX });
    const v = volume('v', circle([36, 35], 1000));
    index.add(key('a'), [v]);
    assert.throws(() => index.add(key('a'), [v]), /already indexed/);
    const tooWide = () => ({ ...MAX, horizontalM: MAX.horizontalM + 1 });
    assert.throws(() => index.conflicts([v], key('b'), tooWide), RangeError);
    const reach = { ...MAX, horizontalM: 2000 };
    const beyondReach = () => ({ ...MAX, horizontalM: 2001 });
    assert.throws(() => index.conflicts([v], key('b'), beyondReach, reach), /reach/);
    assert.throws(() => index.conflicts([v], key('b'), () => NONE, tooWide()), RangeError);
    assert.throws(() => new ConflictIndex({ maxSeparation: { ...MAX, timeS: -1 } }), RangeError);
  });
});
