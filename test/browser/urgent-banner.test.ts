// The urgent banner in Chromium against a real hub. Red's duty officer asks blue, urgently, to stop
// at a position; then blue's and red's aircraft close head on three times over, turning apart in
// between, and the watch asks blue to divert three times about the one encounter. Blue's banner
// shows red's request first and on its own, with its time left and its position, and the watch's
// three as one entry counted three, for the same pair of tracks; each position is a click away from
// the map; acknowledging the watch's entry acknowledges all three, and red's request stays until
// acknowledged from its own entry.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.js';
import { accept, get, login, request } from '../support/api.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { until } from '../support/until.js';
import { admitBlueAndRed, type BlueOrRed, blueAndRedSigners, keyFile } from './blue-and-red.js';
import { launchChromium, openPicture, screenshot, signInWithKeyFile } from './browser.js';

const signers = blueAndRedSigners();
const [LON, LAT] = [38.6, 35.6];
/** 20 km apart at the same height, 200 m/s each: head on, a loss of separation is predicted. */
const GAP_M = 20_000;
const SPEED_MS = 200;
const east = (m: number) => LON + m / (111_320 * Math.cos((LAT * Math.PI) / 180));
/** Where red asks blue to stop. */
const STOP_AT: [number, number] = [38.71234, 35.65432];
const ENCOUNTERS = 3;

interface Message {
  id: string;
  kind: string;
  operator: string | null;
  message: { template?: { name: string; fields: Record<string, unknown> } };
  deliveries: { party: string; state: string }[];
}

describe('the urgent banner in a browser', { timeout: 300_000 }, () => {
  let hub: TestHub;
  let browser: Browser;
  let page: Page;
  const tokens = new Map<BlueOrRed, string>();
  const token = async (operator: BlueOrRed) => {
    const known = tokens.get(operator) ?? (await login(hub.url, hub.origin, signers[operator]));
    tokens.set(operator, known);
    return known;
  };
  /** Report times go forward a second at least per report, however fast the test posts them. */
  let clock = 0;
  const tick = () => {
    clock = Math.max(Date.now(), clock + 1000);
    return clock;
  };
  const report = async (party: 'blue' | 'red', id: string, eastM: number, trackDeg: number) => {
    const answer = await request(hub.url, 'POST', `/v1/feeds/${party}/c2/reports`, {
      token: await token(`${party}.duty`),
      json: {
        reports: [
          {
            id,
            time: new Date(tick()).toISOString(),
            lon: east(eastM),
            lat: LAT,
            alt_m: 5000,
            ground_speed_ms: SPEED_MS,
            track_deg: trackDeg,
            airborne: true,
            activity: 'air',
          },
        ],
      },
    });
    assert.equal((answer.body as { accepted: number }).accepted, 1, answer.text);
  };
  /** Both aircraft report where they are, heading towards (true) or away from each other. */
  const round = async (closing: boolean) => {
    await report('blue', 'b1', -GAP_M / 2, closing ? 90 : 270);
    await report('red', 'r1', GAP_M / 2, closing ? 270 : 90);
    // The reports' times stay near the hub's clock.
    await new Promise((resolve) => setTimeout(resolve, 500));
  };
  const openAlerts = async () =>
    ((await get(hub.url, '/v1/alerts?status=open', await token('blue.duty'))).body as { alerts: unknown[] })
      .alerts.length;
  const blueInbox = async () =>
    ((await get(hub.url, '/v1/messages?box=in', await token('blue.duty'))).body as { messages: Message[] })
      .messages;
  const blueState = (message: Message) => message.deliveries.find((d) => d.party === 'blue')?.state;
  /** The watch's requests to blue, about the encounter. */
  const watchRequests = async () =>
    (await blueInbox()).filter(
      (m) => m.operator === null && m.kind === 'urgent-request' && m.message.template?.name === 'track-alert',
    );

  before(async () => {
    await buildWeb();
    [hub, browser] = await Promise.all([startTestHub(), launchChromium()]);
    await admitBlueAndRed(hub, signers);
    for (const party of ['blue', 'red'] as const) {
      const admin = signers[`${party}.admin`];
      await accept(hub.url, hub.origin, admin, 'roster.set', {
        roster: {
          duty: 'air',
          members: [{ operator: `${party}.duty`, shifts: [] }],
          chief: `${party}.admin`,
        },
      });
      await accept(hub.url, hub.origin, admin, 'feed.set', {
        feed: { name: 'c2', kind: 'api', roster: 'air', share_with: [party === 'blue' ? 'red' : 'blue'] },
      });
    }
    page = await openPicture(browser, hub.url);
    await signInWithKeyFile(page, keyFile(hub, 'blue.duty'));
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
  });

  test('red’s request stands apart and first; the watch’s three about one encounter are one entry', async () => {
    await accept(hub.url, hub.origin, signers['red.duty'], 'message.send', {
      message: {
        id: 'red/stop-1',
        kind: 'urgent-request',
        action: 'stop',
        recipients: [{ party: 'blue', duty: 'air' }],
        template: { name: 'stop-request', fields: { position: STOP_AT, activity: 'shelling of the bridge' } },
        text: 'Civilians on the bridge.',
      },
    });
    await page.locator('.urgent-item[data-message="red/stop-1"]').waitFor();

    for (let encounter = 1; encounter <= ENCOUNTERS; encounter++) {
      await round(true);
      await until(`encounter ${encounter} is an open alert`, async () => (await openAlerts()) === 1, 20_000);
      if (encounter === ENCOUNTERS) break;
      for (let apart = 0; apart < 5; apart++) await round(false);
      await until(`encounter ${encounter} is over`, async () => (await openAlerts()) === 0, 20_000);
    }
    await until(
      'the watch asked blue three times',
      async () => (await watchRequests()).length === ENCOUNTERS,
    );

    const group = page.locator('.urgent-banner .urgent-machine .urgent-group');
    await page.locator(`.urgent-group[data-count="${ENCOUNTERS}"]`).waitFor();
    assert.equal(await group.count(), 1, 'one entry for the one encounter');
    // Without the marks that keep each name's direction.
    const words = ((await group.textContent()) ?? '').replace(/[\u2066-\u2069]/g, '');
    assert.match(words, /URGENT REQUEST DIVERT/);
    assert.match(words, /Hub custodians: Predicted loss of separation · b1 ⟷ r1/);
    assert.match(words, /3 alerts about this encounter/);
    assert.match(words, new RegExp(`Latitude ${LAT.toFixed(5)}, longitude ${east(-GAP_M / 2).toFixed(5)}`));
    assert.equal(await group.locator('[data-test=banner-acknowledge]').textContent(), 'Acknowledge all 3');

    // Red's request: first, in its own section, never folded in with the watch's.
    const sections = await page
      .locator('.urgent-banner section')
      .evaluateAll((elements) => elements.map((element) => element.className));
    assert.deepEqual(sections, ['urgent-human', 'urgent-machine']);
    const person = page.locator('.urgent-banner .urgent-human .urgent-item');
    assert.equal(await person.count(), 1);
    assert.equal(await person.getAttribute('data-message'), 'red/stop-1');
    const said = ((await person.textContent()) ?? '').replace(/[\u2066-\u2069]/g, '');
    assert.match(said, /URGENT REQUEST STOP — Red Force: Request to stop Civilians on the bridge\./);
    assert.match(said, /Latitude 35\.65432, longitude 38\.71234/);
    assert.match(await page.title(), /URGENT REQUEST \(4\)/);

    // Each shows the time left before it escalates, counting down.
    const left = person.locator('.time-left .countdown');
    const first = (await left.textContent()) ?? '';
    assert.match(first, /^\d+:\d\d:\d\d$/);
    await until('the countdown ticks', async () => ((await left.textContent()) !== first ? true : undefined));
    assert.match((await group.locator('.time-left .countdown').textContent()) ?? '', /^\d+:\d\d:\d\d$/);
    await screenshot(page, 'banner-01-grouped');

    // The count in the reader's language, by its plural rules: Russian's "few", Arabic's "few" (3–10).
    await page.locator('select.language').selectOption('ru');
    assert.match((await group.textContent()) ?? '', /3 оповещения об этом сближении/);
    assert.match((await group.textContent()) ?? '', /Широта 35,60000; долгота 38,48952/);
    assert.equal(await group.locator('[data-test=banner-acknowledge]').textContent(), 'Подтвердить все (3)');
    await page.locator('select.language').selectOption('ar');
    assert.match((await group.textContent()) ?? '', /(3|٣) تنبيهات بشأن هذا الالتقاء/);
    await screenshot(page, 'banner-02-arabic');
    await page.locator('select.language').selectOption('en');
  });

  test('each position is a click away from the map', async () => {
    const map = await page.locator('svg.map').boundingBox();
    assert.ok(map);
    const shown = page.locator('.shown-position circle');
    const centred = async () => {
      const [x, y] = [Number(await shown.getAttribute('cx')), Number(await shown.getAttribute('cy'))];
      return Math.abs(x - map.width / 2) < 2 && Math.abs(y - map.height / 2) < 2;
    };
    await page.locator('.urgent-human [data-test=banner-show-on-map]').click();
    assert.ok(await centred(), 'the map is centred on red’s position, marked');
    assert.equal(await page.locator('.shown-position').getAttribute('data-lat'), String(STOP_AT[1]));
    await screenshot(page, 'banner-03-request-on-map');
    await page.locator('.urgent-machine [data-test=banner-show-on-map]').click();
    assert.ok(await centred(), 'the map is centred on blue’s aircraft');
    assert.equal(await page.locator('.shown-position').getAttribute('data-lon'), String(east(-GAP_M / 2)));
    await page.locator('[data-track="blue/c2:b1"]').waitFor();
  });

  test('acknowledged from the watch’s entry, all three are; red’s request stays until acknowledged from its own', async () => {
    await page.locator('.urgent-group [data-test=banner-acknowledge]').click();
    await page.locator('.urgent-banner .urgent-machine').waitFor({ state: 'detached' });
    for (const message of await watchRequests()) assert.equal(blueState(message), 'acknowledged', message.id);
    const person = page.locator('.urgent-item[data-message="red/stop-1"]');
    assert.equal(await person.isVisible(), true, 'red’s request is still asked');
    const stop = (await blueInbox()).find((m) => m.id === 'red/stop-1') as Message;
    assert.notEqual(blueState(stop), 'acknowledged');
    assert.match(await page.title(), /URGENT REQUEST \(1\)/);
    await screenshot(page, 'banner-04-watch-acknowledged');

    await person.locator('[data-test=banner-acknowledge]').click();
    await page.locator('.urgent-banner[hidden]').waitFor({ state: 'attached' });
    const acknowledged = (await blueInbox()).find((m) => m.id === 'red/stop-1') as Message;
    assert.equal(blueState(acknowledged), 'acknowledged');
  });
});
