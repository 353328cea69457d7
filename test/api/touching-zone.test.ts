// Through the real HTTP API: an operation that touches a no-fly zone's edge enters it. The zone's
// east edge lies on a meridian that is no multiple of 90°, where turning the degrees into vectors
// puts a vertex declared on the edge a hair to one side or the other; every operation with a corner
// on that edge, at any latitude along it, is a conflict with the zone (the zone is its own margin:
// no separation), and the same operation a metre east of it is not.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, assertProblem, type Reply, submit } from '../support/api.js';
import { HOUR_MS, iso } from '../support/declarations.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const EDGE_LON = 36.7302;
const SOUTH = 35.1;
const NORTH = 35.6;
/** Degrees of longitude a metre spans at these latitudes (over-estimated a little: at least a metre). */
const METRE_LON = 1 / (111_320 * Math.cos((NORTH * Math.PI) / 180));

describe('an operation touching a zone’s edge enters it', () => {
  let hub: TestHub;
  const keys = { alpha: OperatorSigner.generate(), bravo: OperatorSigner.generate() };
  const T = Math.ceil((Date.now() + HOUR_MS) / HOUR_MS) * HOUR_MS;
  const send = (signer: OperatorSigner, type: string, fields: Record<string, unknown>) =>
    submit(hub.url, hub.origin, signer, type, fields);
  const declare = (signer: OperatorSigner, declaration: object) =>
    send(signer, 'declaration.submit', { declaration, known_conflicts: [] });

  /** An air operation over a triangle whose west corner is at (lon, lat), pointing west. */
  const cornerAt = (id: string, lon: number, lat: number) => ({
    kind: 'operation',
    id,
    title: `Operation ${id}`,
    visibility: [],
    activity: 'air',
    volumes: [
      {
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [lon, lat],
              [lon + 0.02, lat - 0.01],
              [lon + 0.02, lat + 0.01],
              [lon, lat],
            ],
          ],
        },
        altitude_lower_m: 0,
        altitude_upper_m: 3000,
        time_start: iso(T + 2 * HOUR_MS),
        time_end: iso(T + 3 * HOUR_MS),
      },
    ],
  });

  before(async () => {
    hub = await startTestHub();
    for (const party of ['alpha', 'bravo'] as const) {
      await accept(hub.url, hub.origin, hub.admin, 'party.create', {
        party: { id: party, name: party },
        administrator: { id: `${party}.admin`, name: party, public_key: keys[party].publicKey },
      });
    }
    const agreement = { id: 'bravo/no-fly', title: 'No-fly', parties: ['alpha', 'bravo'], terms: 'No air.' };
    await assertAccepted(send(keys.bravo, 'agreement.propose', { agreement }));
    await assertAccepted(send(keys.alpha, 'agreement.sign', { agreement: 'bravo/no-fly' }));
    const west = EDGE_LON - 0.3;
    await assertAccepted(
      declare(keys.bravo, {
        kind: 'zone',
        id: 'bravo/no-fly-zone',
        title: 'No-fly zone',
        visibility: [],
        agreement: 'bravo/no-fly',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [west, SOUTH],
              [EDGE_LON, SOUTH],
              [EDGE_LON, NORTH],
              [west, NORTH],
              [west, SOUTH],
            ],
          ],
        },
        valid_from: iso(T),
        valid_until: iso(T + 24 * HOUR_MS),
        restrictions: [{ party: 'alpha', activities: ['air'], from: iso(T) }],
      }),
    );
  });
  after(() => hub.stop());

  test('a corner on the edge at any latitude is a conflict with the zone; a metre east it is not', async () => {
    for (let i = 1; i <= 16; i++) {
      const lat = SOUTH + ((NORTH - SOUTH) * i) / 17 + 1e-7 * i;
      const touching = await declare(keys.alpha, cornerAt(`alpha/edge-${i}`, EDGE_LON, lat));
      assertProblem(touching, 409, 'unacknowledged-conflicts');
      const conflicts = (touching.body as { conflicts: { declarations: { id: string }[] }[] }).conflicts;
      assert.deepEqual(
        conflicts.map((c) => c.declarations.map((d) => d.id)),
        [[`alpha/edge-${i}`, 'bravo/no-fly-zone']],
        `at latitude ${lat}`,
      );
      await assertAccepted(declare(keys.alpha, cornerAt(`alpha/beside-${i}`, EDGE_LON + METRE_LON, lat)));
    }
  });
});

async function assertAccepted(reply: Promise<Reply>): Promise<void> {
  const r = await reply;
  assert.equal(r.status, 201, r.text);
}
