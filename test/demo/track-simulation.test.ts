// The demo's live tracks. Through the real CLI, `serve --demo syria-2016` starts the simulator with
// the hub: the coalition's sortie over Deir ez-Zor is on the coalition's picture, reported through
// its feed, and the watch raises the intrusion over the Syrian position on Jabal Tharda for both
// parties concerned. The convoy's vehicles, due two days after the load, are checked where the
// simulation puts them at any moment: on its declared route, as far along as its schedule says, one
// after another, then standing at its end until its delay tolerance runs out.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HubClient } from '../../src/client/hub-client.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { readScenario } from '../../src/demo/scenario.js';
import { reportAt, simulatedTracks } from '../../src/demo/simulated-tracks.js';
import { geodesicDistanceM } from '../../src/geo/geodesic.js';
import type { LonLat } from '../../src/geo/shape.js';
import { ServeProcess } from '../support/cli.js';
import { TEST_ORIGIN } from '../support/hub.js';
import { tempDir } from '../support/temp-dir.js';
import { until } from '../support/until.js';

const scenario = readScenario('syria-2016');
const MINUTE_MS = 60_000;

interface TrackView {
  id: string;
  lon: number;
  lat: number;
}
interface AlertView {
  kind: string;
  parties: string[];
  declaration?: { id: string };
  tracks?: { id: string }[];
}

describe('the demo’s live tracks', { timeout: 180_000 }, () => {
  const temp = tempDir();
  const dataPath = join(temp.path, 'data');
  let serve: ServeProcess;
  const as = (operator: string) =>
    new HubClient(serve.url, OperatorSigner.fromFile(join(dataPath, 'demo-keys', `${operator}.key`)));

  before(async () => {
    serve = await ServeProcess.start(dataPath, ['--init-origin', TEST_ORIGIN, '--demo', 'syria-2016']);
  });
  after(async () => {
    await serve?.stop();
    temp.remove();
  });

  test('the coalition’s sortie over Deir ez-Zor flies on its picture, and the watch raises the intrusion over Jabal Tharda', async () => {
    const coalition = as('coalition.duty1');
    const tracks = await until('both aircraft on the coalition’s picture', async () => {
      const { tracks } = await coalition.get<{ tracks: TrackView[] }>('/v1/tracks');
      const sortie = tracks.filter((track) => track.id.startsWith('coalition/air-picture:VIPER1'));
      return sortie.length === 2 ? sortie : undefined;
    });
    for (const track of tracks) {
      // Over the operation's area south of the airport.
      assert.ok(
        track.lon > 40.14 && track.lon < 40.19 && track.lat > 35.24 && track.lat < 35.27,
        JSON.stringify(track),
      );
    }
    // Its orbit takes it over both Syrian positions, which the coalition and Syria are both told of.
    for (const operator of ['coalition.duty1', 'syria.duty1']) {
      const alert = await until(
        `the intrusion over Jabal Tharda for ${operator}`,
        async () => {
          const { alerts } = await as(operator).get<{ alerts: AlertView[] }>('/v1/alerts');
          return alerts.find(
            (candidate) =>
              candidate.kind === 'intrusion' && candidate.declaration?.id.startsWith('syria/jabal-tharda'),
          );
        },
        90_000,
      );
      assert.ok(
        alert.parties.includes('coalition') && alert.parties.includes('syria'),
        JSON.stringify(alert),
      );
    }
    assert.doesNotMatch(serve.output, /could not report/);
  });

  test('the convoy’s vehicles drive its declared route on its schedule, one after another, then stand at its end', () => {
    const convoy = scenario.steps.find(
      (step) => (step.fields.declaration as { id?: string } | undefined)?.id === 'ocha/convoy-urum-al-kubra',
    )?.fields.declaration as {
      route: { coordinates: LonLat[] };
      schedule: { departure: string; speed_kmh: number };
      vehicles: { count: number };
      delay_tolerance_s: number;
    };
    const offsetMs = 0;
    const vehicles = simulatedTracks(scenario, offsetMs).filter(
      (track) => track.feed === 'sarc/convoy-tracker',
    );
    assert.equal(vehicles.length, convoy.vehicles.count);
    const route = convoy.route.coordinates;
    const departure = Date.parse(convoy.schedule.departure);
    const metresPerMs = convoy.schedule.speed_kmh / 3600;
    const legsM = route.slice(1).map((to, i) => geodesicDistanceM(route[i] as LonLat, to));
    const lengthM = legsM.reduce((sum, leg) => sum + leg, 0);
    const [lead, second] = vehicles as [(typeof vehicles)[0], (typeof vehicles)[0]];
    assert.equal(reportAt(lead, departure - 1000), null, 'nothing before the departure');
    // Metres along the route of a position on it, by the legs' lengths: the oracle for the schedule.
    const alongM = (position: LonLat) => {
      let best = { offM: Number.POSITIVE_INFINITY, alongM: 0 };
      let startM = 0;
      legsM.forEach((legM, i) => {
        const from = route[i] as LonLat;
        const to = route[i + 1] as LonLat;
        const fromHere = geodesicDistanceM(from, position);
        const offM = fromHere + geodesicDistanceM(position, to) - legM;
        if (offM < best.offM) best = { offM, alongM: startM + fromHere };
        startM += legM;
      });
      return best;
    };
    for (let time = departure; time < departure + lengthM / metresPerMs; time += 5 * MINUTE_MS) {
      const report = reportAt(lead, time);
      assert.ok(report, `the lead vehicle reports at ${new Date(time).toISOString()}`);
      const { offM, alongM: at } = alongM([report.lon, report.lat]);
      assert.ok(offM < 0.01, `off the route by ${offM} m`);
      assert.ok(
        Math.abs(at - (time - departure) * metresPerMs) < 1,
        `${at} m along at ${time - departure} ms`,
      );
      assert.ok(Math.abs(report.ground_speed_ms - metresPerMs * 1000) < 0.01);
      assert.equal(report.activity, 'ground');
      // The next vehicle is where the lead was the interval before.
      const behind = reportAt(second, time + 20_000);
      assert.ok(behind);
      assert.ok(geodesicDistanceM([behind.lon, behind.lat], [report.lon, report.lat]) < 0.01);
    }
    const arrival = departure + lengthM / metresPerMs;
    const standing = reportAt(lead, arrival + 30 * MINUTE_MS);
    assert.ok(standing);
    assert.ok(geodesicDistanceM([standing.lon, standing.lat], route.at(-1) as LonLat) < 1);
    assert.equal(standing.ground_speed_ms, 0);
    assert.equal(reportAt(lead, arrival + convoy.delay_tolerance_s * 1000 + MINUTE_MS), null, 'then silent');
  });
});
