// A party's own live track, reported through its `c2` api feed as its command-and-control system would.
import assert from 'node:assert/strict';
import type { OperatorSigner } from '../../src/client/operator-signer.js';
import { login, request } from '../support/api.js';
import type { TestHub } from '../support/hub.js';

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
