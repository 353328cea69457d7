// A coordinator's day in Chromium against a real hub: declaring an operation by typed coordinates
// from the keyboard, to a roster the party has; a drawing the hub would refuse (crossing itself, an
// altitude band upside down) explained field by field before anything is sent, put right with Undo;
// then the declaration amended and withdrawn from the list, the withdrawal shown as not sent (with
// Retry) while the hub is out of reach, and as done only once the hub has recorded it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, get, login } from '../support/api.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { launchChromium, openPicture, screenshot, signInWithKeyFile } from './browser.js';

const signers = {
  'blue.admin': OperatorSigner.generate(),
  'blue.duty': OperatorSigner.generate(),
  'red.admin': OperatorSigner.generate(),
};

/** A bow tie near the map's centre: its second side crosses its fourth. */
const BOW_TIE: [lat: number, lon: number][] = [
  [35.5, 38.5],
  [35.7, 38.7],
  [35.5, 38.7],
  [35.7, 38.5],
];

interface Listing {
  version: number;
  status: string;
  roster: string;
  declaration: { title: string; volumes: { geometry: { coordinates: number[][][] } }[] };
}

describe('the coordinator’s job in a browser', { timeout: 300_000 }, () => {
  let hub: TestHub;
  let browser: Browser;
  let page: Page;

  const size = async () => ((await get(hub.url, '/healthz')).body as { size: number }).size;
  const read = async (id: string): Promise<Listing> => {
    const token = await login(hub.url, hub.origin, signers['blue.duty']);
    const reply = await get(hub.url, `/v1/declarations/${id}`, token);
    assert.equal(reply.status, 200, reply.text);
    return reply.body as Listing;
  };
  /** Types a point as an officer would, from the keyboard alone: latitude, Tab, longitude, Enter. */
  const typePoint = async ([lat, lon]: [number, number]) => {
    await page.locator('[data-test=latitude]').focus();
    await page.keyboard.type(String(lat));
    await page.keyboard.press('Tab');
    await page.keyboard.type(String(lon));
    await page.keyboard.press('Enter');
  };
  const problemAt = (place: string) => page.locator(`[data-problem=${place}]`).textContent();

  before(async () => {
    await buildWeb();
    [hub, browser] = await Promise.all([startTestHub(), launchChromium()]);
    for (const party of ['blue', 'red'] as const) {
      await accept(hub.url, hub.origin, hub.admin, 'party.create', {
        party: { id: party, name: party === 'blue' ? 'Blue Force' : 'Red Force' },
        administrator: {
          id: `${party}.admin`,
          name: `${party} admin`,
          public_key: signers[`${party}.admin`].publicKey,
        },
      });
    }
    await accept(hub.url, hub.origin, signers['blue.admin'], 'operator.add', {
      operator: { id: 'blue.duty', name: 'blue duty officer', public_key: signers['blue.duty'].publicKey },
      role: 'duty-officer',
    });
    for (const duty of ['air-ops', 'convoys']) {
      await accept(hub.url, hub.origin, signers['blue.admin'], 'roster.set', {
        roster: { duty, members: [{ operator: 'blue.duty', shifts: [] }], chief: 'blue.admin' },
      });
    }
    // Red's roster is not blue's to name.
    await accept(hub.url, hub.origin, signers['red.admin'], 'roster.set', {
      roster: { duty: 'medical', members: [{ operator: 'red.admin', shifts: [] }], chief: 'red.admin' },
    });
    const keyPath = join(hub.root, 'blue.duty.key');
    signers['blue.duty'].save(keyPath);
    page = await openPicture(browser, hub.url);
    await signInWithKeyFile(page, keyPath);
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
  });

  test('a self-crossing polygon with its altitudes upside down is explained field by field, and nothing is sent', async () => {
    await page.locator('[data-tab=declare]').click();
    await page.locator('[data-draw=polygon]').click();
    for (const point of BOW_TIE) await typePoint(point);
    assert.equal(await page.locator('circle.vertex').count(), 4);
    assert.equal(
      await page.locator('[data-test=latitude]').evaluate((input) => input.matches(':focus')),
      true,
      'the focus is back on latitude for the next point',
    );
    await page.locator('input[name=name]').fill('patrol-1');
    await page.locator('input[name=title]').fill('Blue ground patrol');
    const rosters = await page.locator('select[name=roster] option').allTextContents();
    assert.deepEqual(rosters, ['air-ops', 'convoys'], 'only blue’s own rosters are offered');
    assert.equal(await page.locator('select[name=roster]').inputValue(), 'air-ops');
    await page.locator('select[name=roster]').selectOption('convoys');
    await page.locator('input[name=altitudeLowerM]').fill('5000');
    await page.locator('input[name=altitudeUpperM]').fill('1000');
    const before = await size();
    await page.locator('[data-test=check-and-send]').click();
    await page.locator('[data-test=would-refuse]').waitFor();
    assert.match((await problemAt('shape')) ?? '', /crosses or touches itself/);
    assert.match((await problemAt('altitudeUpperM')) ?? '', /highest altitude is below the lowest/);
    assert.equal(await page.locator('input[name=altitudeUpperM]').getAttribute('aria-invalid'), 'true');
    assert.equal(await size(), before, 'nothing reached the hub');
    await screenshot(page, 'coordinator-01-refused-before-sending');
  });

  test('in Russian the same problems are told in Russian', async () => {
    await page.locator('select.language').selectOption('ru');
    await page.locator('[data-test=check-and-send]').click();
    await page.locator('[data-test=would-refuse]').waitFor();
    assert.match((await problemAt('shape')) ?? '', /Контур пересекает/);
    assert.match((await problemAt('altitudeUpperM')) ?? '', /Верхняя высота ниже нижней/);
    await screenshot(page, 'coordinator-02-refused-in-russian');
    await page.locator('select.language').selectOption('en');
  });

  test('Undo takes the last points back; declared, the operation names the roster chosen and the points typed', async () => {
    await page.locator('[data-test=undo-point]').click();
    await page.locator('[data-test=undo-point]').click();
    assert.equal(await page.locator('circle.vertex').count(), 2);
    await typePoint([35.7, 38.5]);
    await page.locator('input[name=altitudeLowerM]').fill('0');
    await page.locator('input[name=altitudeUpperM]').fill('1000');
    await page.locator('[data-test=check-and-send]').click();
    await page.locator('.declared').waitFor();
    assert.match((await page.locator('.declared').textContent()) ?? '', /blue\/patrol-1 declared/);
    const declared = await read('blue/patrol-1');
    assert.equal(declared.roster, 'convoys');
    // Typed as latitude, longitude; declared as GeoJSON longitude, latitude, the ring closed.
    assert.deepEqual(declared.declaration.volumes[0]?.geometry.coordinates, [
      [
        [38.5, 35.5],
        [38.7, 35.7],
        [38.5, 35.7],
        [38.5, 35.5],
      ],
    ]);
    await screenshot(page, 'coordinator-03-declared');
  });

  test('amended from the list in the same form, the hub records version 2', async () => {
    await page.locator('[data-tab=picture]').click();
    await page.locator('[data-amend="blue/patrol-1"]').click();
    await page.locator('h2', { hasText: 'Amend blue/patrol-1 (version 1)' }).waitFor();
    assert.equal(await page.locator('input[name=title]').inputValue(), 'Blue ground patrol');
    assert.equal(await page.locator('select[name=roster]').inputValue(), 'convoys');
    assert.equal(await page.locator('circle.vertex').count(), 3);
    await page.locator('input[name=title]').fill('Blue ground patrol, extended');
    await screenshot(page, 'coordinator-04-amending');
    await page.locator('[data-test=check-and-send]').click();
    await page.locator('.declared', { hasText: 'amended' }).waitFor();
    const amended = await read('blue/patrol-1');
    assert.equal(amended.version, 2);
    assert.equal(amended.declaration.title, 'Blue ground patrol, extended');
    assert.equal(amended.roster, 'convoys');
  });

  test('picked on the map and withdrawn after a confirmation; while the hub is out of reach it shows as not sent, with Retry', async () => {
    await page.locator('[data-tab=picture]').click();
    // Shown on the map at a time it is valid, then clicked there.
    await page.locator('[data-declaration="blue/patrol-1"]').click();
    await page.locator('.declaration.own[data-id="blue/patrol-1"] .symbol').click();
    await page.locator('h2', { hasText: 'Amend blue/patrol-1 (version 2)' }).waitFor();
    await page.locator('[data-test=withdraw]').click();
    await page.locator('[data-test=keep]').click();
    await page.locator('[data-test=withdraw]').click();
    await page.locator('.withdraw-confirmation').waitFor();
    assert.match(
      (await page.locator('.withdraw-confirmation').textContent()) ?? '',
      /Withdraw “Blue ground patrol, extended” \(blue\/patrol-1\)\?/,
    );
    await screenshot(page, 'coordinator-05-withdraw-confirmation');
    await page.route('**/v1/commands', (route) => route.abort('connectionrefused'));
    await page.locator('[data-test=confirm-withdraw]').click();
    await page.locator('[data-test=not-sent]').waitFor();
    assert.equal((await read('blue/patrol-1')).status, 'live');
    await page.locator('[data-tab=picture]').click();
    assert.equal(await page.locator('[data-amend="blue/patrol-1"]').count(), 1, 'still listed as ours');
    await page.locator('[data-tab=declare]').click();
    await screenshot(page, 'coordinator-06-withdrawal-not-sent');
    await page.unroute('**/v1/commands');
    await page.locator('[data-test=retry]').click();
    await page.locator('.declared', { hasText: 'blue/patrol-1 withdrawn' }).waitFor();
    assert.equal((await read('blue/patrol-1')).status, 'withdrawn');
    await page.locator('[data-tab=picture]').click();
    await page.locator('[data-amend="blue/patrol-1"]').waitFor({ state: 'detached' });
    await screenshot(page, 'coordinator-07-withdrawn');
  });

  test('a circle of over 1,000 km radius, then a window wholly past, are explained before sending', async () => {
    await page.locator('[data-tab=declare]').click();
    await page.locator('[data-draw=circle]').click();
    await typePoint([35.6, 38.6]);
    // About 1,330 km north: farther than the largest radius the hub takes.
    await typePoint([47.6, 38.6]);
    const yesterday = new Date(Date.now() - 24 * 3_600_000).toISOString().slice(0, 11);
    await page.locator('input[name=name]').fill('too-much');
    await page.locator('input[name=title]').fill('Too much, too late');
    await page.locator('input[name=from]').fill(`${yesterday}06:00`);
    await page.locator('input[name=until]').fill(`${yesterday}09:00`);
    const before = await size();
    await page.locator('[data-test=check-and-send]').click();
    await page.locator('[data-test=would-refuse]').waitFor();
    assert.match((await problemAt('shape')) ?? '', /Too large/);
    await screenshot(page, 'coordinator-08-too-large');
    // The window is checked, as the hub checks it, once the shape is sound.
    await page.locator('[data-test=undo-point]').click();
    await typePoint([36.0, 38.6]);
    await page.locator('[data-test=check-and-send]').click();
    await page.locator('[data-problem=until]').waitFor();
    assert.equal(await page.locator('[data-problem=shape]').count(), 0);
    assert.match((await problemAt('until')) ?? '', /Its whole window is past: it ended .* 09:00 UTC/);
    assert.equal(await size(), before, 'nothing reached the hub');
    await screenshot(page, 'coordinator-09-window-past');
  });

  test('amending keeps what the form does not show; what the form cannot show whole can still be withdrawn', async () => {
    const hour = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    await accept(hub.url, hub.origin, signers['blue.duty'], 'declaration.submit', {
      declaration: {
        kind: 'site',
        id: 'blue/clinic',
        title: 'Field clinic',
        visibility: ['*'],
        roster: 'air-ops',
        function: 'clinic',
        geometry: { type: 'Point', coordinates: [37.2, 36.2] },
        radius_m: 2000,
        valid_from: iso(hour),
        valid_until: iso(hour + 48 * 3_600_000),
        notes: 'Generator on the roof',
        contacts: [{ name: 'Dr Amal', radio: 'Channel 7' }],
      },
      known_conflicts: [],
    });
    const twoVolumes = {
      kind: 'operation',
      id: 'blue/two-step',
      title: 'Two-step exercise',
      visibility: ['*'],
      activity: 'exercise',
      volumes: [0, 1].map((i) => ({
        geometry: { type: 'Point', coordinates: [39.5 + i, 34.5] },
        radius_m: 1000,
        altitude_lower_m: 0,
        altitude_upper_m: 500,
        time_start: iso(hour + i * 3_600_000),
        time_end: iso(hour + (i + 1) * 3_600_000),
      })),
    };
    await accept(hub.url, hub.origin, signers['blue.duty'], 'declaration.submit', {
      declaration: twoVolumes,
      known_conflicts: [],
    });
    await page.locator('[data-tab=picture]').click();
    await page.locator('[data-amend="blue/clinic"]').click();
    assert.equal(await page.locator('select[name=siteFunction]').inputValue(), 'clinic');
    await page.locator('input[name=title]').fill('Field clinic, moved in');
    await page.locator('[data-test=check-and-send]').click();
    await page.locator('.declared', { hasText: 'blue/clinic amended' }).waitFor();
    const clinic = (await read('blue/clinic')) as unknown as Listing & {
      declaration: Record<string, unknown>;
    };
    assert.equal(clinic.version, 2);
    assert.equal(clinic.declaration.title, 'Field clinic, moved in');
    assert.equal(clinic.declaration.radius_m, 2000);
    assert.equal(clinic.declaration.notes, 'Generator on the roof');
    assert.deepEqual(clinic.declaration.contacts, [{ name: 'Dr Amal', radio: 'Channel 7' }]);
    assert.equal(clinic.roster, 'air-ops');
    await page.locator('[data-tab=picture]').click();
    await page.locator('[data-amend="blue/two-step"]').click();
    await page.locator('p.hint', { hasText: 'cannot be shown whole' }).waitFor();
    assert.equal(await page.locator('form.declare-form').count(), 0);
    await screenshot(page, 'coordinator-10-not-editable-here');
    await page.locator('[data-test=withdraw]').click();
    await page.locator('[data-test=confirm-withdraw]').click();
    await page.locator('.declared', { hasText: 'blue/two-step withdrawn' }).waitFor();
    assert.equal((await read('blue/two-step')).status, 'withdrawn');
  });
});
