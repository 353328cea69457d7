// A humanitarian coordinator's convoy in Chromium against a real hub. The UN office (ocha) declares a
// convoy for an agency (wfp) with the fields of a humanitarian notification; the hub answers that it
// conflicts with red's ground activity near Aleppo, and the answer says who, where, when and how
// close, with a button that writes to the roster red's declaration names. Declared knowing it, the
// convoy's details are read back from the hub; one click opens the notification filled in from it,
// addressed to the parties it is shown to, and red's duty officer reads it, in Russian.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, get, login } from '../support/api.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { until } from '../support/until.js';
import { launchChromium, openPicture, screenshot, signInWithKeyFile } from './browser.js';

const signers = {
  'ocha.admin': OperatorSigner.generate(),
  'ocha.duty': OperatorSigner.generate(),
  'wfp.admin': OperatorSigner.generate(),
  'red.admin': OperatorSigner.generate(),
  'red.duty': OperatorSigner.generate(),
};
const NAMES = { ocha: 'UN Humanitarian Office', wfp: 'World Food Programme', red: 'Red Force' };

/** Aleppo, then south-west along the road towards Idlib, as latitude, longitude. */
const ROUTE: [lat: number, lon: number][] = [
  [36.2, 37.16],
  [36.05, 36.8],
  [35.93, 36.63],
];
const HOUR_MS = 3_600_000;

interface SentMessage {
  id: string;
  kind: string;
  message: {
    recipients: { party: string; duty?: string }[];
    text?: string;
    references?: { type: string; id: string; version: number }[];
    template?: { name: string; fields: Record<string, unknown> };
  };
}

describe('a humanitarian coordinator notifies a convoy from the browser', { timeout: 300_000 }, () => {
  let hub: TestHub;
  let browser: Browser;
  let page: Page;
  const keyPath = (operator: keyof typeof signers) => join(hub.root, `${operator}.key`);
  const sentByOcha = async (): Promise<SentMessage[]> => {
    const token = await login(hub.url, hub.origin, signers['ocha.duty']);
    return ((await get(hub.url, '/v1/messages?box=out', token)).body as { messages: SentMessage[] }).messages;
  };
  const typePoint = async ([lat, lon]: [number, number]) => {
    await page.locator('[data-test=latitude]').fill(String(lat));
    await page.locator('[data-test=longitude]').fill(String(lon));
    await page.locator('[data-test=longitude]').press('Enter');
  };
  /** Red's ground activity in a circle from this hour for eight hours, naming its ground-liaison roster. */
  const declareRedGroundActivity = (
    id: string,
    title: string,
    visibility: string[],
    center: [lon: number, lat: number],
    radiusM: number,
  ) => {
    const hour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
    return accept(hub.url, hub.origin, signers['red.duty'], 'declaration.submit', {
      declaration: {
        kind: 'operation',
        id,
        title,
        visibility,
        roster: 'ground-liaison',
        activity: 'ground',
        volumes: [
          {
            geometry: { type: 'Point', coordinates: center },
            radius_m: radiusM,
            altitude_lower_m: 0,
            altitude_upper_m: 500,
            time_start: new Date(hour).toISOString(),
            time_end: new Date(hour + 8 * HOUR_MS).toISOString(),
          },
        ],
      },
      known_conflicts: [],
    });
  };
  const composer = () => page.locator('.composer');
  /** What a part of a view says, without the marks that keep names in their direction (FSI…PDI). */
  const part = async (scope: ReturnType<Page['locator']>, name: string) =>
    ((await scope.locator(`[data-part=${name}]`).textContent()) ?? '').replace(/[\u2066-\u2069]/g, '');

  before(async () => {
    await buildWeb();
    [hub, browser] = await Promise.all([startTestHub(), launchChromium()]);
    for (const party of ['ocha', 'wfp', 'red'] as const) {
      await accept(hub.url, hub.origin, hub.admin, 'party.create', {
        party: { id: party, name: NAMES[party] },
        administrator: {
          id: `${party}.admin`,
          name: `${party} admin`,
          public_key: signers[`${party}.admin`].publicKey,
        },
      });
    }
    for (const party of ['ocha', 'red'] as const)
      await accept(hub.url, hub.origin, signers[`${party}.admin`], 'operator.add', {
        operator: {
          id: `${party}.duty`,
          name: `${party} duty officer`,
          public_key: signers[`${party}.duty`].publicKey,
        },
        role: 'duty-officer',
      });
    const roster = (party: 'ocha' | 'wfp' | 'red', duty: string, operator: string) =>
      accept(hub.url, hub.origin, signers[`${party}.admin`], 'roster.set', {
        roster: { duty, members: [{ operator, shifts: [] }], chief: `${party}.admin` },
      });
    await roster('ocha', 'humanitarian-notifications', 'ocha.duty');
    await roster('wfp', 'logistics', 'wfp.admin');
    // Red's first roster is not the one its declaration names: the conflict's button must use the latter.
    await roster('red', 'air-ops', 'red.duty');
    await roster('red', 'ground-liaison', 'red.duty');
    await declareRedGroundActivity(
      'red/sweep-north',
      'Ground sweep north of Aleppo',
      ['*'],
      [37.12, 36.18],
      3000,
    );
    for (const operator of ['ocha.duty', 'red.duty'] as const) signers[operator].save(keyPath(operator));
    page = await openPicture(browser, hub.url);
    await signInWithKeyFile(page, keyPath('ocha.duty'));
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
  });

  test('the conflict answer says who, where, when and how close, and its button writes to the roster red’s declaration names', async () => {
    await page.locator('[data-tab=declare]').click();
    await page.locator('[data-draw=route]').click();
    for (const point of ROUTE) await typePoint(point);
    const form = page.locator('form.declare-form');
    await form.locator('input[name=name]').fill('convoy-0919');
    await form.locator('input[name=title]').fill('WFP food convoy to Idlib');
    assert.equal(
      await form.locator('input[name=altitudeLowerM]').inputValue(),
      '0',
      'a convoy is protected from the ground up',
    );
    await form.locator('input[name=onBehalfOf][value=wfp]').check();
    await form.locator('input[name=origin]').fill('Aleppo warehouse');
    await form.locator('input[name=destination]').fill('Idlib distribution point');
    await form.locator('input[name=vehicles]').fill('3');
    await form.locator('input[name=plates]').fill('UN-1021, UN-1022, UN-1023');
    await form.locator('input[name=markings]').fill('White, blue UN flag, WFP on the doors');
    await form.locator('input[name=cargo]').fill('Wheat flour, 60 t');
    await form.locator('input[name=contactName]').fill('Leila Haddad');
    await form.locator('input[name=contactPhone]').fill('+963 955 000 111');
    await form.locator('input[name=contactRadio]').fill('VHF 7, call sign Lima');
    await form.locator('input[name=scheduleNotes]').fill('Stops 30 min at the Atarib checkpoint');
    await screenshot(page, 'humanitarian-01-notification-fields');
    await form.locator('[data-test=check-and-send]').click();

    const answer = page.locator('.conflicts-found .conflict-answer');
    await answer.waitFor();
    assert.equal(await answer.count(), 1);
    assert.match(
      await part(answer, 'who'),
      /^Who: Red Force — “Ground sweep north of Aleppo” \(call: ground-liaison\) ⟷ UN Humanitarian Office — “WFP food convoy to Idlib”$/,
    );
    // The hub's 0.25° cell around the crossing, whose middle is 9 km from Aleppo's centre.
    assert.match(await part(answer, 'where'), /near Aleppo · latitude 36\.13, longitude 37\.13/);
    // From the convoy's departure, the date said once: "Dec 7, 2026, 12:00 – 13:42 UTC".
    const departure = new Date(`${await form.locator('input[name=from]').inputValue()}Z`);
    const day = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(departure);
    const when = await part(answer, 'when');
    assert.ok(when.startsWith(`When: ${day}, ${departure.toISOString().slice(11, 16)} – `), when);
    assert.ok(when.endsWith(' UTC'), when);
    assert.match(
      await part(answer, 'how-close'),
      /0 m apart \(minimum 1 km\) · vertical gap 0 m \(minimum 300 m\)/,
    );
    await screenshot(page, 'humanitarian-02-conflict-answer');
    await page.locator('select.language').selectOption('ar');
    assert.match(await part(answer, 'where'), /قرب حلب/);
    await screenshot(page, 'humanitarian-02b-conflict-answer-in-arabic');
    await page.locator('select.language').selectOption('en');

    await answer.locator('[data-message-roster]').click();
    await composer().waitFor();
    assert.equal(await page.locator('[data-tab=hotline]').getAttribute('aria-selected'), 'true');
    assert.equal(await composer().locator('select[name=kind]').inputValue(), 'coordination-request');
    assert.equal(await composer().locator('select[name=party]').inputValue(), 'red');
    assert.equal(await composer().locator('select[name=duty]').inputValue(), 'ground-liaison');
    assert.match(
      await composer().locator('input[name=text]').inputValue(),
      /About the conflict between our ocha\/convoy-0919@1 and your red\/sweep-north@1/,
    );
    await screenshot(page, 'humanitarian-03-message-about-conflict');
    await composer().locator('[data-test=send-message]').click();
    await page.locator('.notice').waitFor();
    const [request] = await sentByOcha();
    assert.equal(request?.kind, 'coordination-request');
    assert.deepEqual(request?.message.recipients, [{ party: 'red', duty: 'ground-liaison' }]);
    assert.deepEqual(request?.message.references, [
      { type: 'declaration', id: 'ocha/convoy-0919', version: 1 },
      { type: 'declaration', id: 'red/sweep-north', version: 1 },
    ]);
  });

  test('declared knowing the conflict, the accepted convoy’s details show the notification’s fields as the hub holds them', async () => {
    await page.locator('[data-tab=declare]').click();
    await page.locator('[data-test=confirm-conflicts]').check();
    await page.locator('[data-test=send-knowing]').click();
    const details = page.locator('.declared-details[data-declared="ocha/convoy-0919"]');
    await details.waitFor();
    assert.match(await part(details, 'on-behalf-of'), /World Food Programme/);
    assert.match(await part(details, 'route'), /Aleppo warehouse.*→.*Idlib distribution point/);
    assert.equal(await part(details, 'vehicles'), '3');
    assert.equal(await part(details, 'plates'), 'UN-1021, UN-1022, UN-1023');
    assert.equal(await part(details, 'markings'), 'White, blue UN flag, WFP on the doors');
    assert.equal(await part(details, 'cargo'), 'Wheat flour, 60 t');
    assert.equal(await part(details, 'contact'), 'Leila Haddad, +963 955 000 111, VHF 7, call sign Lima');
    assert.equal(await part(details, 'notes'), 'Stops 30 min at the Atarib checkpoint');
    assert.match(await part(details, 'band'), /^0 m – 3 km$/);
    await screenshot(page, 'humanitarian-04-declared-details');

    const token = await login(hub.url, hub.origin, signers['ocha.duty']);
    const listing = (await get(hub.url, '/v1/declarations/ocha/convoy-0919', token)).body as {
      declaration: Record<string, unknown>;
    };
    assert.deepEqual(listing.declaration.on_behalf_of, ['wfp']);
    assert.equal(listing.declaration.origin, 'Aleppo warehouse');
    assert.equal(listing.declaration.destination, 'Idlib distribution point');
    assert.equal(listing.declaration.cargo, 'Wheat flour, 60 t');
    assert.equal(listing.declaration.notes, 'Stops 30 min at the Atarib checkpoint');
    assert.equal(listing.declaration.altitude_lower_m, 0);
    assert.deepEqual(listing.declaration.vehicles, {
      count: 3,
      plates: ['UN-1021', 'UN-1022', 'UN-1023'],
      markings: 'White, blue UN flag, WFP on the doors',
    });
    const { departure } = listing.declaration.schedule as { departure: string };
    assert.match(await part(details, 'departure'), new RegExp(`${departure.slice(11, 16)} UTC$`));
    assert.deepEqual(listing.declaration.contacts, [
      { name: 'Leila Haddad', phone: '+963 955 000 111', radio: 'VHF 7, call sign Lima' },
    ]);
  });

  test('Notify opens the notification filled in from the declaration; sent, red’s officer reads its fields', async () => {
    await page.locator('[data-test=notify]').click();
    const form = composer();
    await form.waitFor();
    assert.equal(await form.locator('select[name=kind]').inputValue(), 'notification');
    assert.equal(await form.locator('select[name=template]').inputValue(), 'convoy-movement-notice');
    // Shown to every party: the two with rosters are ticked at their first; the hub's custodians,
    // who have none, are offered but left out.
    const ticked = async (party: string) => form.locator(`[data-recipient=${party}]`).isChecked();
    assert.equal(await ticked('red'), true);
    assert.equal(await ticked('wfp'), true);
    assert.equal(await ticked('hub'), false);
    assert.equal(await form.locator('[data-recipient-roster=red]').inputValue(), 'air-ops');
    assert.equal(await form.locator('[data-recipient-roster=wfp]').inputValue(), 'logistics');
    assert.equal(await form.locator('input[name=movement]').inputValue(), 'ocha/convoy-0919@1');
    assert.equal(await form.locator('input[name="origin.lat"]').inputValue(), '36.2');
    assert.equal(await form.locator('input[name="origin.lon"]').inputValue(), '37.16');
    assert.equal(await form.locator('input[name="destination.lat"]').inputValue(), '35.93');
    assert.equal(await form.locator('input[name=vehicles]').inputValue(), '3');
    assert.equal(await form.locator('input[name=on_behalf_of]').inputValue(), 'World Food Programme');
    assert.equal(await form.locator('input[name=origin_name]').inputValue(), 'Aleppo warehouse');
    assert.equal(await form.locator('input[name=cargo]').inputValue(), 'Wheat flour, 60 t');
    assert.equal(
      await form.locator('input[name=contact]').inputValue(),
      'Leila Haddad, +963 955 000 111, VHF 7, call sign Lima',
    );
    const departure = await form.locator('input[name=departure]').inputValue();
    const arrival = await form.locator('input[name=arrival]').inputValue();
    assert.ok(Date.parse(`${arrival}Z`) > Date.parse(`${departure}Z`), `${departure} then ${arrival}`);
    await screenshot(page, 'humanitarian-05-notification-prefilled');
    // The officer checks it, and sends red's copy to the roster that deals with the ground.
    await form.locator('[data-recipient-roster=red]').selectOption('ground-liaison');
    await form.locator('[data-test=send-message]').click();
    await page.locator('.notice').waitFor();

    const [notice] = await sentByOcha();
    assert.equal(notice?.kind, 'notification');
    assert.deepEqual(notice?.message.recipients, [
      { party: 'red', duty: 'ground-liaison' },
      { party: 'wfp', duty: 'logistics' },
    ]);
    assert.equal(notice?.message.template?.name, 'convoy-movement-notice');
    assert.deepEqual(notice?.message.template?.fields.origin, [37.16, 36.2]);
    assert.equal(notice?.message.template?.fields.plates, 'UN-1021, UN-1022, UN-1023');

    const red = await openPicture(browser, hub.url);
    try {
      await signInWithKeyFile(red, keyPath('red.duty'));
      await red.locator('select.language').selectOption('ru');
      await red.locator('[data-tab=hotline]').click();
      const card = red.locator(`.message[data-message="${notice?.id}"]`);
      await card.waitFor();
      const fields = await until('red reads the notice in Russian', async () => {
        const text = (await card.locator('dl').textContent()) ?? '';
        return text.includes('Груз') ? text : undefined;
      });
      assert.match(fields, /ГрузWheat flour, 60 t/);
      assert.match(fields, /Откуда \(место\)Aleppo warehouse/);
      assert.match(fields, /КонтактLeila Haddad, \+963 955 000 111, VHF 7, call sign Lima/);
      assert.match(fields, /От имениWorld Food Programme/);
      assert.match(fields, /Номерные знакиUN-1021, UN-1022, UN-1023/);
      assert.match(fields, /Примечания к графикуStops 30 min at the Atarib checkpoint/);
      await screenshot(red, 'humanitarian-06-red-reads-the-notice');
    } finally {
      await red.context().close();
    }
  });

  test('in the Conflicts list the same answer is given, and its button addresses red’s ground-liaison roster', async () => {
    await page.locator('[data-tab=picture]').click();
    const answer = page.locator('.conflict-list .conflict-answer');
    await answer.waitFor();
    assert.match(await part(answer, 'who'), /Red Force — “.*Ground sweep north of Aleppo/);
    assert.match(await part(answer, 'where'), /near Aleppo/);
    assert.match(await part(answer, 'how-close'), /0 m apart \(minimum 1 km\)/);
    // The window is the hub's: the end of the overlap it measured.
    const token = await login(hub.url, hub.origin, signers['ocha.duty']);
    const { conflicts } = (await get(hub.url, '/v1/conflicts?status=current', token)).body as {
      conflicts: { overlap: { start: string; end: string } }[];
    };
    assert.equal(conflicts.length, 1);
    const end = conflicts[0]?.overlap.end ?? '';
    assert.ok((await part(answer, 'when')).endsWith(`${end.slice(11, 16)} UTC`), end);
    await screenshot(page, 'humanitarian-07-conflicts-list');
    await answer.locator('[data-message-roster]').click();
    await composer().waitFor();
    assert.equal(await composer().locator('select[name=party]').inputValue(), 'red');
    assert.equal(await composer().locator('select[name=duty]').inputValue(), 'ground-liaison');
  });

  test('amended from the list, the convoy’s notice is in the form as declared; what was changed is recorded and the rest kept', async () => {
    await page.locator('[data-tab=picture]').click();
    await page.locator('[data-amend="ocha/convoy-0919"]').click();
    const form = page.locator('form.declare-form');
    await form.waitFor();
    assert.equal(await form.locator('input[name=onBehalfOf][value=wfp]').isChecked(), true);
    assert.equal(await form.locator('input[name=origin]').inputValue(), 'Aleppo warehouse');
    assert.equal(await form.locator('input[name=plates]').inputValue(), 'UN-1021, UN-1022, UN-1023');
    assert.equal(await form.locator('input[name=contactRadio]').inputValue(), 'VHF 7, call sign Lima');
    await form.locator('input[name=cargo]').fill('Wheat flour, 40 t; blankets');
    await form.locator('[data-test=check-and-send]').click();
    // Still across red's sweep: the amendment names the conflict once the officer has read it.
    await page.locator('.conflicts-found .conflict-answer').waitFor();
    await page.locator('[data-test=confirm-conflicts]').check();
    await page.locator('[data-test=send-knowing]').click();
    const details = page.locator('.declared-details[data-declared="ocha/convoy-0919"]');
    await details.waitFor();
    assert.equal(await part(details, 'cargo'), 'Wheat flour, 40 t; blankets');
    const token = await login(hub.url, hub.origin, signers['ocha.duty']);
    const listing = (await get(hub.url, '/v1/declarations/ocha/convoy-0919', token)).body as {
      version: number;
      declaration: Record<string, unknown>;
    };
    assert.equal(listing.version, 2);
    assert.equal(listing.declaration.cargo, 'Wheat flour, 40 t; blankets');
    assert.deepEqual(listing.declaration.on_behalf_of, ['wfp']);
    assert.deepEqual(listing.declaration.vehicles, {
      count: 3,
      plates: ['UN-1021', 'UN-1022', 'UN-1023'],
      markings: 'White, blue UN flag, WFP on the doors',
    });
    assert.deepEqual(listing.declaration.contacts, [
      { name: 'Leila Haddad', phone: '+963 955 000 111', radio: 'VHF 7, call sign Lima' },
    ]);
    await screenshot(page, 'humanitarian-08-amended');
  });

  test('against a declaration ocha may not see, the answer says whose it is, whom to call, and only the hub’s cell and hours', async () => {
    await declareRedGroundActivity('red/checkpoint-homs', 'Checkpoint west of Homs', [], [36.7, 34.73], 2000);
    await page.locator('[data-tab=declare]').click();
    await page.locator('[data-draw=route]').click();
    for (const point of [
      [34.73, 36.6],
      [34.73, 36.85],
    ] as [number, number][])
      await typePoint(point);
    const form = page.locator('form.declare-form');
    await form.locator('input[name=name]').fill('convoy-homs');
    await form.locator('input[name=title]').fill('Medical convoy to Homs');
    await form.locator('[data-test=check-and-send]').click();
    const answer = page.locator('.conflicts-found .conflict-answer');
    await answer.waitFor();
    assert.match(
      await part(answer, 'who'),
      /^Who: Red Force — not disclosed to us \(call: ground-liaison\) ⟷ UN Humanitarian Office — “Medical convoy to Homs”$/,
    );
    assert.match(await part(answer, 'where'), /near Homs · latitude 34\.\d\d, longitude 36\.\d\d/);
    assert.match(await part(answer, 'when'), /\(the hours the hub may tell\)$/);
    assert.match(
      await part(answer, 'how-close'),
      /within the minima \(the measures are told only to a party that may see both declarations\)/,
    );
    const text = (await answer.textContent()) ?? '';
    assert.ok(!text.includes('Checkpoint west of Homs'), text);
    assert.equal(
      await answer.locator('[data-message-roster]').getAttribute('data-message-roster'),
      'red/ground-liaison',
    );
    await screenshot(page, 'humanitarian-09-conflict-undisclosed');
    await page.locator('.conflicts-found button', { hasText: 'Cancel' }).click();
  });
});
