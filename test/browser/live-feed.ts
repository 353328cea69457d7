// Blue and red watched live: each with an `air` roster and an api feed `c2` that calls it, blue with
// a field hospital near where the map opens; and a party's own track, reported through its feed as
// its command-and-control system would.
import assert from 'node:assert/strict';
import type { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, login, request } from '../support/api.js';
import { site } from '../support/declarations.js';
import type { TestHub } from '../support/hub.js';
import type { BlueOrRed } from './blue-and-red.js';

/** Blue's field hospital, near where the map opens, visible to all. */
export const HOSPITAL: [number, number] = [38.75, 35.5];

/** Gives each party its `air` roster (its duty officer, its administrator the chief) and `c2` feed; declares blue's hospital. */
export async function watchBlueAndRed(
  hub: TestHub,
  signers: Record<BlueOrRed, OperatorSigner>,
): Promise<void> {
  for (const party of ['blue', 'red'] as const) {
    const admin = signers[`${party}.admin`];
    await accept(hub.url, hub.origin, admin, 'roster.set', {
      roster: { duty: 'air', members: [{ operator: `${party}.duty`, shifts: [] }], chief: `${party}.admin` },
    });
    await accept(hub.url, hub.origin, admin, 'feed.set', {
      feed: { name: 'c2', kind: 'api', roster: 'air' },
    });
  }
  await accept(hub.url, hub.origin, signers['blue.duty'], 'declaration.submit', {
    declaration: site('blue/hospital', HOSPITAL, 1500, Date.now() - 60_000, 48, {
      title: 'Blue field hospital',
      visibility: ['*'],
      roster: 'air',
    }),
    known_conflicts: [],
  });
}

export interface TrackReport {
  id: string;
  lon: number;
  lat: number;
  airborne?: boolean;
}

/** Reports one track, now, at 400 m (5000 m in the air), standing still; asserts the hub took it. */
export async function reportTrack(
  hub: TestHub,
  signer: OperatorSigner,
  party: string,
  track: TrackReport,
): Promise<void> {
  const token = await login(hub.url, hub.origin, signer);
  const airborne = track.airborne ?? false;
  const answer = await request(hub.url, 'POST', `/v1/feeds/${party}/c2/reports`, {
    token,
    json: {
      reports: [
        {
          ...track,
          time: new Date().toISOString(),
          alt_m: airborne ? 5000 : 400,
          airborne,
          activity: airborne ? 'air' : 'ground',
        },
      ],
    },
  });
  assert.equal((answer.body as { accepted: number }).accepted, 1, answer.text);
}
