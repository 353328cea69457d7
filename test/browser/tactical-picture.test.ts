// The tactical watch in Chromium against a real hub: blue and red each report their own aircraft
// through an api feed, head on over the map's centre. Blue's browser shows its own track, red's only
// once red's feed shares it, and the predicted loss of separation on the map and in the list — of
// red's unshared aircraft only red's name, the roster to call and a bearing and distance; the
// alert leaves the open list when the two turn apart; a red vehicle inside blue's hospital is an
// intrusion with the hospital highlighted; a track left unreported fades, then goes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, login, request } from '../support/api.js';
import { site } from '../support/declarations.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { until } from '../support/until.js';
import { launchChromium, openPicture, placesShown, screenshot, signInWithKeyFile } from './browser.js';

/** The map opens centred here (web/operational-picture.ts): the encounter is drawn about it. */
const [LON, LAT] = [38.6, 35.6];
/** 20 km apart at the same height, closing at 400 m/s: inside 5 NM in about 27 s. */
const GAP_M = 20_000;
const SPEED_MS = 200;
const WAIT_MS = 20_000;
/** Blue's hospital, south-east of the encounter; the map is centred on it for the last screenshots. */
const HOSPITAL: [number, number] = [LON + 0.15, LAT - 0.1];

/** Metres east of the centre, in degrees of longitude. */
const east = (m: number) => LON + m / (111_320 * Math.cos((LAT * Math.PI) / 180));

const signers = {
  'blue.admin': OperatorSigner.generate(),
  'blue.duty': OperatorSigner.generate(),
  'red.admin': OperatorSigner.generate(),
  'red.duty': OperatorSigner.generate(),
};
type Operator = keyof typeof signers;

describe('the tactical picture in a browser', { timeout: 300_000 }, () => {
  let hub: TestHub;
  let browser: Browser;
  let blue: Page;
  const tokens = new Map<Operator, string>();
  const keyPath = (operator: Operator) => join(hub.root, `${operator}.key`);
  /** Report times go forward a second at least per round, however fast the test posts them. */
  let clock = 0;
  const tick = () => {
    clock = Math.max(Date.now(), clock + 1000);
    return clock;
  };

  async function report(party: 'blue' | 'red', reports: Record<string, unknown>[]): Promise<void> {
    const operator: Operator = `${party}.duty`;
    let token = tokens.get(operator);
    if (!token) {
      token = await login(hub.url, hub.origin, signers[operator]);
      tokens.set(operator, token);
    }
    const answer = await request(hub.url, 'POST', `/v1/feeds/${party}/c2/reports`, {
      token,
      json: { reports },
    });
    assert.equal((answer.body as { accepted: number }).accepted, reports.length, answer.text);
  }

  const aircraft = (id: string, eastM: number, trackDeg: number, time: number) => ({
    id,
    time: new Date(time).toISOString(),
    lon: east(eastM),
    lat: LAT,
    alt_m: 5000,
    ground_speed_ms: SPEED_MS,
    track_deg: trackDeg,
    airborne: true,
    activity: 'air',
  });

  before(async () => {
    await buildWeb();
    [hub, browser] = await Promise.all([startTestHub(), launchChromium()]);
    for (const party of ['blue', 'red'] as const) {
      const admin = signers[`${party}.admin`];
      await accept(hub.url, hub.origin, hub.admin, 'party.create', {
        party: { id: party, name: party === 'blue' ? 'Blue Force' : 'Red Force' },
        administrator: { id: `${party}.admin`, name: `${party} admin`, public_key: admin.publicKey },
      });
      await accept(hub.url, hub.origin, admin, 'operator.add', {
        operator: {
          id: `${party}.duty`,
          name: `${party} duty officer`,
          public_key: signers[`${party}.duty`].publicKey,
        },
        role: 'duty-officer',
      });
      await accept(hub.url, hub.origin, admin, 'roster.set', {
        roster: {
          duty: 'air',
          members: [{ operator: `${party}.duty`, shifts: [] }],
          chief: `${party}.admin`,
        },
      });
      await accept(hub.url, hub.origin, admin, 'feed.set', {
        feed: { name: 'c2', kind: 'api', roster: 'air' },
      });
    }
    for (const [operator, signer] of Object.entries(signers)) signer.save(keyPath(operator as Operator));
    blue = await openPicture(browser, hub.url);
    await signInWithKeyFile(blue, keyPath('blue.duty'));
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
  });

  test('head on: blue sees its own aircraft and the predicted loss of separation, red’s aircraft only once shared', async () => {
    // Before any report, the map says that no track reaches it, rather than look like a quiet sky.
    const noTracks = blue.locator('[data-test=no-live-tracks]');
    await noTracks.waitFor();
    assert.match((await noTracks.textContent()) ?? '', /no feed is reporting/);
    const start = tick();
    await report('blue', [aircraft('b1', -GAP_M / 2, 90, start)]);
    await report('red', [aircraft('r1', GAP_M / 2, 270, start)]);

    await blue.locator('[data-track="blue/c2:b1"].own.air').waitFor({ timeout: WAIT_MS });
    await noTracks.waitFor({ state: 'hidden' });
    const item = blue.locator('.alert-item.kind-loss-of-separation');
    await item.waitFor({ timeout: WAIT_MS });
    const words = (await item.textContent()) ?? '';
    assert.match(words, /Predicted loss of separation/);
    // Roughly east, about 20 km: the bearing and distance to the arc-minute cell red's aircraft is in.
    assert.match(
      words,
      /b1.*Blue Force.*⟷.*not shared with us.*Red Force.*call: .?air.*bearing (85|90|95)°, ≈(19\.5|20|20\.5) km/,
    );
    assert.doesNotMatch(words, /r1/, 'not the callsign of red’s unshared aircraft');
    const seconds = Number(/loss in (\d+) s/.exec(words)?.[1]);
    assert.ok(Math.abs(seconds - (GAP_M - 9260) / (2 * SPEED_MS)) <= 2, words);
    assert.match(words, /horizontal miss: \d+ m/);
    await blue.locator('.layer.alerts .alert .closest-point').waitFor({ state: 'attached' });
    assert.equal(await blue.locator('.layer.alerts .alert .closest-point').count(), 1, 'blue’s own');
    assert.equal(await blue.locator('.layer.alerts .alert .separation-line').count(), 0);
    await blue.locator('.layer.alerts .alert .bearing-line[data-party=red]').waitFor({ state: 'attached' });
    assert.equal(await blue.locator('.layer.alerts .alert .bearing-label').textContent(), 'Red Force');
    assert.equal(
      await blue.locator('[data-track="red/c2:r1"]').count(),
      0,
      'red’s feed shares nothing: its track is not in blue’s picture',
    );
    await screenshot(blue, 'tactical-01-own-track-and-alert');

    await accept(hub.url, hub.origin, signers['red.admin'], 'feed.set', {
      feed: { name: 'c2', kind: 'api', roster: 'air', share_with: ['blue'] },
    });
    await report('red', [aircraft('r1', GAP_M / 2 - SPEED_MS, 270, tick())]);
    await blue.locator('[data-track="red/c2:r1"].other.air').waitFor({ timeout: WAIT_MS });
    assert.equal(await blue.locator('[data-track="red/c2:r1"] .track-label').textContent(), 'r1');
    await screenshot(blue, 'tactical-02-shared-track');

    const before = await placesShown(blue);
    await item.locator('[data-test=show-alert]').click();
    assert.notEqual(await placesShown(blue), before, 'the map moved to the alert');
    await screenshot(blue, 'tactical-03-alert-shown');
  });

  test('red, in Arabic, sees the same alert and its own aircraft, and not blue’s unshared one', async () => {
    const red = await openPicture(browser, hub.url);
    await signInWithKeyFile(red, keyPath('red.duty'));
    await red.locator('select.language').selectOption('ar');
    await red.locator('[data-track="red/c2:r1"].own').waitFor({ timeout: WAIT_MS });
    const item = red.locator('.alert-item.kind-loss-of-separation');
    await item.waitFor({ timeout: WAIT_MS });
    assert.match((await item.textContent()) ?? '', /فقدان متوقَّع للفصل/);
    assert.equal(await red.locator('[data-track="blue/c2:b1"]').count(), 0);
    await item.locator('[data-test=show-alert]').click();
    await screenshot(red, 'tactical-04-red-arabic');
    await red.context().close();
  });

  test('once the aircraft turn apart the alert leaves the open list and the map', async () => {
    // Red turns away and both fly on parallel, 20 km apart: clear.
    for (let s = 1; s <= 5; s++) {
      const time = tick();
      await report('red', [aircraft('r1', GAP_M / 2 + SPEED_MS * s, 90, time)]);
      await report('blue', [aircraft('b1', -GAP_M / 2 + SPEED_MS * s, 90, time)]);
    }
    await blue.locator('.alert-item').waitFor({ state: 'detached', timeout: WAIT_MS });
    assert.equal(await blue.locator('.layer.alerts .alert').count(), 0);
    assert.match((await blue.locator('.picture').textContent()) ?? '', /No open alerts\./);
    assert.equal(await blue.locator('.track').count(), 2, 'both tracks are still shown');
    await screenshot(blue, 'tactical-05-separated');
  });

  test('a red vehicle inside blue’s hospital: an intrusion, the hospital highlighted', async () => {
    await accept(hub.url, hub.origin, signers['blue.duty'], 'declaration.submit', {
      declaration: site('blue/hospital', HOSPITAL, 1500, Date.now() - 60_000, 48, {
        title: 'Blue field hospital',
        visibility: ['*'],
        roster: 'air',
      }),
      known_conflicts: [],
    });
    await report('red', [
      {
        id: 'g2',
        time: new Date(tick()).toISOString(),
        lon: HOSPITAL[0] + 0.005,
        lat: HOSPITAL[1],
        alt_m: 400,
        ground_speed_ms: 8,
        track_deg: 250,
        activity: 'ground',
      },
    ]);
    // The hospital's title comes once the picture has read the new declaration, a moment after.
    const item = blue.locator('.alert-item.kind-intrusion', { hasText: 'Blue field hospital' });
    await item.waitFor({ timeout: WAIT_MS });
    assert.match(
      (await item.textContent()) ?? '',
      /Intrusion.*g2.*Red Force.*concerns: .*Blue field hospital/s,
    );
    await blue.locator('.alert.kind-intrusion .alert-area').waitFor();
    await blue.locator('[data-track="red/c2:g2"].other.ground').waitFor();
    await item.locator('[data-test=show-alert]').click();
    await screenshot(blue, 'tactical-06-intrusion');
  });

  test('a track left unreported fades, then is gone; the layer switch hides the tracks', async () => {
    // A report already 30 s old: half a minute short of when the hub drops a silent track, time
    // enough for a slow machine to draw it before it goes.
    await report('blue', [
      {
        id: 'g1',
        time: new Date(Date.now() - 30_000).toISOString(),
        lon: HOSPITAL[0] - 0.04,
        lat: HOSPITAL[1] + 0.02,
        alt_m: 300,
        activity: 'ground',
      },
    ]);
    const stale = blue.locator('[data-track="blue/c2:g1"].ground.fading');
    await stale.waitFor({ timeout: WAIT_MS });
    const opacity = async () => Number(await stale.getAttribute('opacity'));
    const first = await opacity();
    assert.ok(first < 1, String(first));
    await until('the track fades further as it ages', async () =>
      (await opacity()) < first ? true : undefined,
    );
    await screenshot(blue, 'tactical-07-stale-track');
    await blue.locator('[data-layer=tracks]').uncheck();
    assert.equal(await stale.isVisible(), false, 'the layer switch hides the tracks');
    await blue.locator('[data-layer=tracks]').check();
    await stale.waitFor({ state: 'detached', timeout: 60_000 });
  });
});
