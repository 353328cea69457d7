// The packed conflict index of a hub's state, after random declarations are submitted, amended and
// withdrawn, finds what trying every live pair finds; a snapshot of the state (its arrays stored as
// bytes, read back in place or, when not aligned, copied) finds the same, and goes on finding the
// same as both are changed alike, through a second snapshot of a state with removed volumes' slots.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pairSeparation } from '../../src/deconfliction/conflict-rule.js';
import type { Declaration } from '../../src/deconfliction/declaration.js';
import type { Candidate } from '../../src/deconfliction/deconfliction-state.js';
import { volumesConflict } from '../../src/geo/volume.js';
import { decodeState, type EncodedPart, encodeState } from '../../src/hub/snapshot/state-codec.js';
import { HubState } from '../../src/hub/state.js';
import { randomVolumes } from '../deconfliction/random-declarations.js';
import { fuzzSeed, Prng } from '../support/prng.js';

const PARTIES = ['blue', 'red', 'un', 'ngo'];

/** What a user is told of a candidate's conflicts: declarations, and pairs of volume positions with measures. */
type Told = { declaration: string; pairs: [number, number, unknown][] }[];

function told(state: HubState, candidate: Candidate): Told {
  return state.deconfliction.conflictsOf(candidate).map(({ key, pairs }) => ({
    declaration: key.declaration,
    pairs: pairs.map((pair) => [pair.candidate, pair.indexed, pair.measures]),
  }));
}

/** The same by trying every volume of every live declaration, under the hub's default minima. */
function everyPair(state: HubState, candidate: Candidate): Told {
  const result: Told = [];
  const live = [...state.deconfliction.declarations.values()]
    .filter((d) => d.status === 'live' && d.id !== candidate.id)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const other of live) {
    const pairs: [number, number, unknown][] = [];
    candidate.volumes.forEach((volume, c) => {
      other.volumes.forEach((indexed, i) => {
        const sep = pairSeparation({ ...candidate, volume }, { ...other, volume: indexed }, (a, b) =>
          state.deconfliction.partyMinima(a, b),
        );
        const measures = sep && volumesConflict(volume, indexed, sep);
        if (measures) pairs.push([c, i, measures]);
      });
    });
    if (pairs.length > 0) result.push({ declaration: other.id, pairs });
  }
  return result;
}

/** Through the snapshot's bytes: every section copied, half of them to an address not aligned for doubles. */
function roundTrip(state: HubState, rng: Prng): HubState {
  const copied = (section: Uint8Array) => {
    const shift = rng.chance(0.5) ? 1 : 0;
    const copy = new Uint8Array(section.byteLength + shift).subarray(shift);
    copy.set(section);
    return copy;
  };
  const parts: EncodedPart[] = encodeState(state).map((part) => ({
    ...part,
    sections: part.sections.map(copied),
  }));
  return decodeState(parts);
}

test('the packed index finds what every pair finds, before and after snapshots', () => {
  const seed = fuzzSeed();
  const rng = new Prng(seed);
  const message = `FUZZ_SEED=${seed}`;
  console.log(message);
  let next = 0;
  let entry = 0;
  const declare = (id: string, version: number): Declaration => {
    const kind = rng.chance(0.2) ? 'site' : 'operation';
    const volumes = randomVolumes(rng, id);
    return {
      id,
      version,
      kind,
      party: rng.pick(PARTIES),
      visibility: [],
      activity: kind === 'site' ? null : 'air',
      volumes,
      validFrom: Math.min(...volumes.map((v) => v.timeStart)),
      validUntil: Math.max(...volumes.map((v) => v.timeEnd)),
      roster: 'deconfliction',
      body: { kind } as Declaration['body'],
      entry: ++entry,
      since: new Date(0).toISOString(),
      reminded: false,
    };
  };
  /** Submits, amends or withdraws at random, the same in every state given. */
  const change = (states: HubState[], steps: number) => {
    for (let step = 0; step < steps; step++) {
      const live = [...(states[0] as HubState).deconfliction.declarations.values()].filter(
        (d) => d.status === 'live',
      );
      const roll = rng.next() / 2 ** 32;
      const target = live.length > 0 ? rng.pick(live) : undefined;
      if (target && roll < 0.25) {
        entry++;
        for (const state of states) state.deconfliction.end(target.id, 'withdrawn', 'now', entry);
      } else {
        const declaration =
          target && roll < 0.4 ? declare(target.id, target.version + 1) : declare(`d${next++}`, 1);
        for (const state of states) state.deconfliction.put(structuredClone(declaration));
      }
    }
  };
  const compare = (states: HubState[], queries: number, when: string) => {
    let found = 0;
    for (let q = 0; q < queries; q++) {
      const live = [...(states[0] as HubState).deconfliction.declarations.values()].filter(
        (d) => d.status === 'live',
      );
      // Half new declarations, half amendments of live ones (whose own volumes are not reported).
      const amended = q % 2 === 1 ? rng.pick(live) : undefined;
      const probe = declare(amended?.id ?? `probe-${q}`, (amended?.version ?? 0) + 1);
      const candidate: Candidate = { ...probe, party: amended?.party ?? probe.party };
      const expected = everyPair(states[0] as HubState, candidate);
      for (const state of states)
        assert.deepEqual(told(state, candidate), expected, `${message}, ${when}, query ${q}`);
      found += expected.length;
    }
    assert.ok(found > 20, `${message}: ${when}, the queries found only ${found} conflicts`);
  };

  const state = new HubState();
  change([state], 400);
  state.deconfliction.buildIndex();
  change([state], 900);
  compare([state], 60, 'after changes');

  const restored = roundTrip(state, rng);
  assert.equal(restored.digest(), state.digest(), message);
  assert.equal(restored.deconfliction.liveVolumes, state.deconfliction.liveVolumes, message);
  compare([state, restored], 60, 'after a snapshot');

  change([state, restored], 600);
  compare([state, restored], 60, 'after changes to the restored state');

  const again = roundTrip(restored, rng);
  change([state, restored, again], 200);
  compare([state, restored, again], 60, 'after a second snapshot and more changes');
});
