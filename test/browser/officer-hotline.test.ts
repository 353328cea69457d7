// The duty officer's hotline in Chromium against a real hub: blue writes to red, red answers. The
// new-message form opens on nothing that could do harm if sent by mistake, offers red's rosters and
// the templates with their fields, takes a position picked on the map; red's reply reports the action
// taken with a reply template, and is shown on both sides with the message it answers. Whoever is
// asked, receives or sent is named as the hub's directory names them, their id beside, including an
// operator enrolled while the picture is open.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, get, login } from '../support/api.js';
import { iso, operation, site } from '../support/declarations.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { until } from '../support/until.js';
import { admitBlueAndRed, type BlueOrRed, blueAndRedSigners, keyFile } from './blue-and-red.js';
import { launchChromium, openPicture, screenshot, signInWithKeyFile } from './browser.js';

/** The map opens about here (web/operational-picture.ts): a click in its middle picks near it. */
const MAP_CENTER = [38.6, 35.6] as const;

const signers = blueAndRedSigners();

/** Where red reports an incident, beside blue's hospital: five decimals, as the card shows them. */
const INCIDENT_PLACE = [38.12345, 35.54321] as const;
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Russian's abbreviated months in the genitive, as a date says them ("7 дек. 2026 г."). */
const RU_MONTHS = [
  'янв.',
  'февр.',
  'мар.',
  'апр.',
  'мая',
  'июн.',
  'июл.',
  'авг.',
  'сент.',
  'окт.',
  'нояб.',
  'дек.',
];
/** The name and the id an element names an operator by, each in its own <bdi>. */
const isolatedParts = (operator: Locator) =>
  operator.locator('bdi').evaluateAll((parts) => parts.map((part) => part.textContent));
/** An element's text once it has `part` (names come with the directory, which may follow the cards). */
const textOnceShowing = async (element: Locator, part: string) => {
  await element.filter({ hasText: part }).waitFor();
  return (await element.textContent())?.trim();
};

const hhmm = (d: Date) =>
  `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
/** How an officer reads a time in each language, on the hotline's UTC clock: written out here from CLDR. */
const readAs = {
  en: (d: Date) => `${EN_MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${hhmm(d)} UTC`,
  ru: (d: Date) => `${d.getUTCDate()} ${RU_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} г., ${hhmm(d)} UTC`,
};

interface SentMessage {
  id: string;
  kind: string;
  message: {
    recipients: unknown;
    action?: string;
    reply_to?: string;
    template?: { name: string; fields: Record<string, unknown> };
  };
}

describe('the officer’s hotline in a browser', { timeout: 300_000 }, () => {
  let hub: TestHub;
  let browser: Browser;
  const keyPath = (operator: BlueOrRed) => keyFile(hub, operator);
  /** What blue has sent, newest first, as the hub recorded it. */
  const sentByBlue = async (): Promise<SentMessage[]> => {
    const token = await login(hub.url, hub.origin, signers['blue.duty']);
    return ((await get(hub.url, '/v1/messages?box=out', token)).body as { messages: SentMessage[] }).messages;
  };
  const composer = (page: Page) => page.locator('.composer');
  /** Pages opened by the test running, closed after it whatever happened: left open, they hang Chromium. */
  const opened: Page[] = [];
  const open = async () => {
    const page = await openPicture(browser, hub.url);
    opened.push(page);
    return page;
  };
  afterEach(async () => {
    for (const page of opened.splice(0)) await page.context().close();
  });

  before(async () => {
    await buildWeb();
    [hub, browser] = await Promise.all([startTestHub(), launchChromium()]);
    await admitBlueAndRed(hub, signers);
    for (const duty of ['air-deconfliction', 'ground-liaison']) {
      await accept(hub.url, hub.origin, signers['red.admin'], 'roster.set', {
        roster: { duty, members: [{ operator: 'red.duty', shifts: [] }], chief: 'red.admin' },
      });
    }
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
  });

  test('a new message opens as a notification to nobody; red’s rosters and the templates are offered; the position is picked on the map', async () => {
    const page = await open();
    await signInWithKeyFile(page, keyPath('blue.duty'));
    await page.locator('[data-tab=hotline]').click();
    await page.locator('[data-test=new-message]').click();
    const form = composer(page);
    assert.equal(await form.locator('select[name=kind]').inputValue(), 'notification');
    assert.equal(await form.locator('select[name=party]').inputValue(), '', 'addressed to nobody yet');
    assert.equal(await form.locator('select[name=action]').count(), 0, 'no urgent action asked');
    assert.equal(await form.locator('select[name=duty]').count(), 0, 'no roster before a party');
    assert.deepEqual(
      await form
        .locator('select[name=party] option')
        .evaluateAll((options) => options.map((option) => (option as unknown as { value: string }).value)),
      ['', 'hub', 'red'],
    );
    await screenshot(page, 'officer-01-new-message');

    // Sent as it opens, nothing leaves: the form asks whom to write to.
    await form.locator('input[name=text]').fill('Convoy 7 reached the checkpoint.');
    await form.locator('[data-test=send-message]').click();
    assert.equal(
      await form
        .locator('select[name=party]')
        .evaluate((select) => (select as unknown as { validity: { valid: boolean } }).validity.valid),
      false,
    );

    // An urgent request asks which action: none is chosen for the officer.
    await form.locator('select[name=kind]').selectOption('urgent-request');
    assert.equal(await form.locator('select[name=action]').inputValue(), '');
    await form.locator('select[name=kind]').selectOption('notification');
    assert.equal(await form.locator('select[name=action]').count(), 0);

    await form.locator('select[name=party]').selectOption('red');
    assert.deepEqual(
      await form
        .locator('select[name=duty] option')
        .evaluateAll((options) => options.map((option) => (option as unknown as { value: string }).value)),
      ['air-deconfliction', 'ground-liaison', ''],
      'red’s rosters, then the whole party',
    );
    assert.equal(await form.locator('select[name=duty]').inputValue(), 'air-deconfliction');
    await form.locator('select[name=duty]').selectOption('ground-liaison');
    const offered = await form
      .locator('select[name=template] option')
      .evaluateAll((options) => options.map((option) => (option as unknown as { value: string }).value));
    assert.deepEqual(offered, ['', 'convoy-movement-notice', 'position-report'], 'none of the hub’s notices');
    await form.locator('select[name=template]').selectOption('position-report');
    assert.equal(await form.locator('[data-field=position] legend').textContent(), 'Position');

    await form.locator('[data-test=pick-position]').click();
    await form.locator('.hint').waitFor();
    assert.equal(await page.locator('svg.map.picking').count(), 1);
    const box = await page.locator('svg.map').boundingBox();
    assert.ok(box);
    const picked = async (dx: number): Promise<[number, number]> => {
      await page.mouse.click(box.x + box.width / 2 + dx, box.y + box.height / 2);
      return [
        Number(await form.locator('input[name="position.lat"]').inputValue()),
        Number(await form.locator('input[name="position.lon"]').inputValue()),
      ];
    };
    const [westLatitude, westLongitude] = await picked(-100);
    assert.equal(await page.locator('svg.map.picking').count(), 0, 'one click, one position');
    await form.locator('[data-test=pick-position]').click();
    const [latitude, longitude] = await picked(0);
    assert.ok(Math.abs(latitude - MAP_CENTER[1]) < 0.5, `latitude ${latitude}`);
    assert.ok(Math.abs(longitude - MAP_CENTER[0]) < 0.5, `longitude ${longitude}`);
    // Further east on the screen is further east on the ground, at the same latitude.
    assert.ok(longitude - westLongitude > 0.01, `${westLongitude} then ${longitude}`);
    assert.ok(Math.abs(latitude - westLatitude) < 1e-4, `${westLatitude} then ${latitude}`);
    await form.locator('input[name=time]').fill('2026-09-19T12:00');
    await form.locator('input[name=unit]').fill('Convoy 7');
    await screenshot(page, 'officer-02-position-report');
    await form.locator('[data-test=send-message]').click();
    await page.locator('.notice').waitFor();

    const [sent] = await sentByBlue();
    assert.equal(sent?.kind, 'notification');
    assert.deepEqual(sent?.message.recipients, [{ party: 'red', duty: 'ground-liaison' }]);
    assert.equal(sent?.message.action, undefined);
    assert.equal(sent?.message.template?.name, 'position-report');
    assert.deepEqual(sent?.message.template?.fields, {
      position: [longitude, latitude],
      time: '2026-09-19T12:00:00Z',
      unit: 'Convoy 7',
    });
  });

  test('red replies with the action taken; each side sees the reply with the message it answers', async () => {
    const [original] = await sentByBlue();
    assert.ok(original);
    const red = await open();
    await signInWithKeyFile(red, keyPath('red.duty'));
    await red.locator('[data-tab=hotline]').click();
    const card = red.locator(`.message[data-message="${original.id}"]`);
    // Red's own roster member is asked: named as the directory has them, the id beside.
    assert.equal(
      await textOnceShowing(card.locator('.delivery .asked'), 'red duty officer'),
      'asked: red duty officer (red.duty)',
    );
    await card.locator('[data-test=reply]').click();
    const form = composer(red);
    const quoted = form.locator('[data-test=answers]');
    assert.match(
      (await quoted.textContent()) ?? '',
      /Position report.*from Blue Force · blue duty officer \(blue\.duty\)/,
    );
    assert.deepEqual(
      await form
        .locator('select[name=template] option')
        .evaluateAll((options) => options.map((option) => (option as unknown as { value: string }).value)),
      ['', 'acknowledgment', 'action-taken'],
    );
    await form.locator('select[name=template]').selectOption('action-taken');
    assert.equal(
      await form.locator('input[name=message]').inputValue(),
      original.id,
      'names what it answers',
    );
    await form.locator('input[name=action]').fill('Checkpoint told to let Convoy 7 through.');
    await form.locator('input[name=time]').fill('2026-09-19T12:05');
    await screenshot(red, 'officer-03-reply-form');
    await form.locator('[data-test=send-message]').click();
    await red.locator('.notice').waitFor();

    const token = await login(hub.url, hub.origin, signers['red.duty']);
    const reply = await until('red’s reply is recorded', async () => {
      const { messages } = (await get(hub.url, '/v1/messages?box=out', token)).body as {
        messages: SentMessage[];
      };
      return messages.find((message) => message.message.reply_to === original.id);
    });
    assert.equal(reply.kind, 'reply');
    assert.deepEqual(reply.message.recipients, [{ party: 'blue' }]);
    assert.deepEqual(reply.message.template, {
      name: 'action-taken',
      fields: {
        message: original.id,
        action: 'Checkpoint told to let Convoy 7 through.',
        time: '2026-09-19T12:05:00Z',
      },
    });
    await red.locator('[data-box=out]').click();
    const redQuote = red.locator(`.message[data-message="${reply.id}"] [data-test=answers]`);
    assert.match((await redQuote.textContent()) ?? '', /Position report/);

    const blue = await open();
    await signInWithKeyFile(blue, keyPath('blue.duty'));
    await blue.locator('[data-tab=hotline]').click();
    const shown = blue.locator(`.message[data-message="${reply.id}"]`);
    await shown.waitFor();
    const answers = shown.locator('[data-test=answers]');
    assert.equal(await answers.getAttribute('data-message'), original.id);
    assert.match(
      (await textOnceShowing(answers, 'blue duty officer')) ?? '',
      /In reply to.*Position report.*from Blue Force · blue duty officer \(blue\.duty\)/,
    );
    const box = await shown.boundingBox();
    const quoteBox = await answers.boundingBox();
    const titleBox = await shown.locator('h3').boundingBox();
    assert.ok(box && quoteBox && titleBox && quoteBox.y < titleBox.y, 'the quote is above the reply');
    assert.equal(await shown.locator('h3').textContent(), 'Action taken');
    await screenshot(blue, 'officer-04-reply-with-what-it-answers');

    // Blue's own message: red's delivery was routed to red's duty officer, whose screen received it.
    await blue.locator('[data-box=out]').click();
    const history = blue.locator(
      `.message[data-message="${original.id}"] .delivery[data-recipient="red/ground-liaison"] .history`,
    );
    assert.match(
      (await textOnceShowing(history.locator('.event-routed'), 'red duty officer')) ?? '',
      /^.* · routed → red duty officer \(red\.duty\)$/,
    );
    assert.match(
      (await history.locator('.event-delivered').textContent()) ?? '',
      /^.* · delivered · red duty officer \(red\.duty\)$/,
    );
    assert.deepEqual(await isolatedParts(history.locator('.event-delivered [data-operator]')), [
      'red duty officer',
      'red.duty',
    ]);
    await screenshot(blue, 'officer-04b-delivery-history-names-operators');
  });

  test('a template’s times, position and party read in the reader’s words, not as the data they were sent as', async () => {
    // Red reports an incident beside blue's hospital: the hub tells blue with an incident notice.
    const minute = 60_000;
    const now = Math.floor(Date.now() / minute) * minute;
    await accept(hub.url, hub.origin, signers['blue.duty'], 'declaration.submit', {
      declaration: site('blue/field-hospital', INCIDENT_PLACE, 1500, now - 60 * minute),
      known_conflicts: [],
    });
    // It ends after blue's hospital was declared, a minute or two from now: within the hub's skew.
    const [began, ended] = [new Date(now - 20 * minute), new Date(now + 2 * minute)];
    await accept(hub.url, hub.origin, signers['red.duty'], 'incident.report', {
      incident: {
        id: 'red/shelling-near-hospital',
        title: 'Shelling near the field hospital',
        geometry: { type: 'Point', coordinates: INCIDENT_PLACE },
        radius_m: 500,
        from: iso(began.getTime()),
        until: iso(ended.getTime()),
        what: 'Two rounds landed north of the hospital.',
        visibility: ['blue'],
      },
    });
    const token = await login(hub.url, hub.origin, signers['blue.duty']);
    const notice = await until('blue is told of the incident', async () => {
      const { messages } = (await get(hub.url, '/v1/messages?box=in', token)).body as {
        messages: SentMessage[];
      };
      return messages.find((message) => message.message.template?.name === 'incident-notice');
    });
    const blue = await open();
    await signInWithKeyFile(blue, keyPath('blue.duty'));
    await blue.locator('[data-tab=hotline]').click();
    const card = blue.locator(`.message[data-message="${notice.id}"]`);
    await card.waitFor();
    const field = (name: string) => card.locator(`dd[data-field=${name}]`);
    const reads = async (name: string) => (await field(name).textContent())?.trim();
    assert.equal(await reads('reporter'), 'Red Force');
    assert.equal(await reads('from'), readAs.en(began));
    assert.equal(await reads('until'), readAs.en(ended));
    assert.equal(await reads('position'), 'Latitude 35.54321, longitude 38.12345 Show on map');
    assert.doesNotMatch((await card.textContent()) ?? '', /\d{4}-\d\d-\d\dT/, 'no RFC 3339 time shows');
    await screenshot(blue, 'officer-05-template-fields-read');

    await field('position').locator('button').click();
    const shownAt = blue.locator('.shown-position');
    await shownAt.waitFor({ state: 'attached' });
    assert.deepEqual(
      [Number(await shownAt.getAttribute('data-lat')), Number(await shownAt.getAttribute('data-lon'))],
      [INCIDENT_PLACE[1], INCIDENT_PLACE[0]],
    );

    await blue.locator('select.language').selectOption('ru');
    await card.locator('dt', { hasText: 'Сообщила сторона' }).waitFor();
    assert.equal(await reads('reporter'), 'Red Force');
    assert.equal(await reads('from'), readAs.ru(began));
    assert.equal(await reads('until'), readAs.ru(ended));
    assert.equal(await reads('position'), 'Широта 35,54321; долгота 38,12345 Показать на карте');
    await screenshot(blue, 'officer-06-template-fields-read-in-russian');
    await blue.locator('select.language').selectOption('en');

    // Red patrols over the hospital knowing of it: blue is told where, as an area with its size.
    await accept(hub.url, hub.origin, signers['red.duty'], 'declaration.submit', {
      declaration: operation(
        'red/hospital-patrol',
        [INCIDENT_PLACE[0] - 0.05, INCIDENT_PLACE[1] - 0.05],
        0.1,
        now,
        2,
        {
          title: 'Red patrol by the hospital',
          visibility: ['*'],
        },
      ),
      known_conflicts: [{ declaration: 'blue/field-hospital', version: 1 }],
    });
    const conflictNotice = await until('blue is told of the conflict', async () => {
      const { messages } = (await get(hub.url, '/v1/messages?box=in', token)).body as {
        messages: SentMessage[];
      };
      return messages.find((message) => message.message.template?.name === 'conflict-notice');
    });
    const about = blue.locator(`.message[data-message="${conflictNotice.id}"]`);
    const area = about.locator('dd[data-field=area]');
    await area.waitFor();
    assert.match(
      (await area.textContent()) ?? '',
      /^\d+(\.\d)? km × \d+(\.\d)? km around latitude 35\.\d{5}, longitude 38\.\d{5} Show on map$/,
    );
    assert.equal((await about.locator('dd[data-field=other_party]').textContent())?.trim(), 'Red Force');
    // Declarations by their titles, their ids beside, once the page has read the declaration the
    // notice may have come before.
    const names = async (field: string, text: RegExp) =>
      text.test((await about.locator(`dd[data-field=${field}]`).textContent()) ?? '');
    await until('the conflicting declaration named by its title', () =>
      names('conflicting', /^Red patrol by the hospital \(red\/hospital-patrol(@1)?\)$/),
    );
    await until('the declaration named by its title', () =>
      names('declaration', /^Site blue\/field-hospital \(blue\/field-hospital(@1)?\)$/),
    );
    // The units are the reader's too.
    await blue.locator('select.language').selectOption('ru');
    await until('the area is read in Russian, in kilometres', async () =>
      /^\d+(,\d)? км × \d+(,\d)? км, центр/.test((await area.textContent()) ?? '') ? true : undefined,
    );
    await blue.locator('select.language').selectOption('en');
    await area.locator('button').waitFor();
    await area.locator('button').click();
    const boxes = conflictNotice.message.template?.fields.area as [number, number, number, number][];
    const [west, south, east, north] = [
      Math.min(...boxes.map((box) => box[0])),
      Math.min(...boxes.map((box) => box[1])),
      Math.max(...boxes.map((box) => box[2])),
      Math.max(...boxes.map((box) => box[3])),
    ];
    await until('the map shows the middle of the area', async () => {
      const lon = Number(await shownAt.getAttribute('data-lon'));
      const lat = Number(await shownAt.getAttribute('data-lat'));
      return Math.abs(lon - (west + east) / 2) < 1e-9 && Math.abs(lat - (south + north) / 2) < 1e-9
        ? true
        : undefined;
    });
    await screenshot(blue, 'officer-07-conflict-area-read');
  });

  test('an operator enrolled while the picture is open is named as soon as a request asks them', async () => {
    const blue = await open();
    await signInWithKeyFile(blue, keyPath('blue.duty'));
    await blue.locator('[data-tab=hotline]').click();
    await blue.locator('[data-box=out]').click();
    // Red puts an officer it has just enrolled, with an Arabic name, on a night watch: blue's picture
    // was read before they existed.
    await accept(hub.url, hub.origin, signers['red.admin'], 'operator.add', {
      operator: { id: 'red.relief', name: 'ليلى حداد', public_key: OperatorSigner.generate().publicKey },
      role: 'duty-officer',
    });
    await accept(hub.url, hub.origin, signers['red.admin'], 'roster.set', {
      roster: { duty: 'night-watch', members: [{ operator: 'red.relief', shifts: [] }], chief: 'red.admin' },
    });
    const id = `blue/${randomUUID()}`;
    await accept(hub.url, hub.origin, signers['blue.duty'], 'message.send', {
      message: {
        id,
        kind: 'coordination-request',
        text: 'Convoy 8 crosses the bridge at 22:00.',
        recipients: [{ party: 'red', duty: 'night-watch' }],
      },
    });
    const asked = blue.locator(`.message[data-message="${id}"] .delivery .asked`);
    assert.equal(await textOnceShowing(asked, 'ليلى حداد'), 'asked: ليلى حداد (red.relief)');
    await screenshot(blue, 'officer-08-new-operator-named');

    // Read in Arabic, the name and the id stay whole, each isolated from the sentence around them.
    await blue.locator('select.language').selectOption('ar');
    await asked.filter({ hasText: 'المطلوب منه' }).waitFor();
    assert.deepEqual(await isolatedParts(asked.locator('[data-operator="red.relief"]')), [
      'ليلى حداد',
      'red.relief',
    ]);
    await screenshot(blue, 'officer-09-new-operator-named-in-arabic');
    await blue.locator('select.language').selectOption('en');
  });
});
