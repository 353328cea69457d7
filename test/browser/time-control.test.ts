// Following a convoy through time in Chromium against a real hub: red declares a convoy driving east
// along a road, visible to blue. Blue zooms to the convoy's window (from the list, and from the
// convoy clicked on the map): the map fits its route and the time starts at its departure. Steps
// of the length chosen move the time and the convoy's marker east along its route, and back; Play
// moves it on until paused; the slider and buttons answer the keyboard; a declaration outside the
// window, picked to be shown, takes the slider back to the whole span; Now returns to the live
// picture. The time and the steps read in the officer's language.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.js';
import { accept, get, login } from '../support/api.js';
import { HOUR_MS, iso, operation } from '../support/declarations.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { until } from '../support/until.js';
import { admitBlueAndRed, blueAndRedSigners, keyFile } from './blue-and-red.js';
import { launchChromium, openPicture, screenshot, signInWithKeyFile } from './browser.js';

const signers = blueAndRedSigners();
const MINUTE_MS = 60_000;
/** Due east along the parallel, about 36 km: at 30 km/h the convoy is on the road 72 minutes. */
const ROUTE: [number, number][] = [
  [38.4, 35.7],
  [38.6, 35.7],
  [38.8, 35.7],
];
const SPEED_KMH = 30;
/** The route's length along great circles (haversine, on the sphere the picture uses), km. */
const ROUTE_KM = ROUTE.slice(1).reduce((km, [lon, lat], i) => {
  const [lon0, lat0] = ROUTE[i] as [number, number];
  const rad = Math.PI / 180;
  const h =
    Math.sin(((lat - lat0) * rad) / 2) ** 2 +
    Math.cos(lat0 * rad) * Math.cos(lat * rad) * Math.sin(((lon - lon0) * rad) / 2) ** 2;
  return km + 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}, 0);
/** Minutes the convoy takes from end to end. */
const TRAVEL_MIN = (ROUTE_KM / SPEED_KMH) * 60;

interface Listing {
  valid_from: string;
  valid_until: string;
}

/** The hours and minutes of a time in UTC, as the picture's label shows them. */
const clock = (time: number) => new Date(time).toISOString().slice(11, 16);

describe('following a convoy through time in a browser', { timeout: 300_000 }, () => {
  let hub: TestHub;
  let browser: Browser;
  let page: Page;
  let window: { from: number; until: number };
  const label = () => page.locator('.time-label').textContent() as Promise<string>;
  const vehicle = () => page.locator('.declaration.movement[data-id="red/convoy"] .vehicle');
  /** Where the convoy's marker is drawn on the map, in pixels. */
  const marker = async (): Promise<[number, number]> => {
    const transform = (await vehicle().getAttribute('transform')) ?? '';
    const [, x, y] = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(transform) ?? [];
    assert.ok(x !== undefined && y !== undefined, transform);
    return [Number(x), Number(y)];
  };
  /** Where the route's ends are drawn, in pixels. */
  const routeEnds = () =>
    page.locator('.declaration.movement[data-id="red/convoy"] path.route').evaluate((route) => {
      type Point = { x: number; y: number };
      const path = route as unknown as { getTotalLength(): number; getPointAtLength(at: number): Point };
      const start = path.getPointAtLength(0);
      const end = path.getPointAtLength(path.getTotalLength());
      return { start: [start.x, start.y], end: [end.x, end.y] };
    });
  /** Whether the keyboard's focus is on an element. */
  const focused = (selector: string) =>
    page
      .locator(selector)
      .evaluate(
        (element) =>
          (element as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument
            .activeElement === element,
      );

  before(async () => {
    await buildWeb();
    [hub, browser] = await Promise.all([startTestHub(), launchChromium()]);
    await admitBlueAndRed(hub, signers);
    const departure = Date.now() + 20 * MINUTE_MS;
    await accept(hub.url, hub.origin, signers['red.duty'], 'declaration.submit', {
      declaration: {
        kind: 'movement',
        id: 'red/convoy',
        title: 'Red crescent convoy',
        visibility: ['blue'],
        route: { type: 'LineString', coordinates: ROUTE },
        half_width_m: 200,
        schedule: { departure: iso(departure), speed_kmh: SPEED_KMH },
        vehicles: { count: 6 },
        personnel: 12,
        armed_escort: false,
      },
      known_conflicts: [],
    });
    // Hours after the convoy has arrived: outside its window.
    await accept(hub.url, hub.origin, signers['red.duty'], 'declaration.submit', {
      declaration: operation('red/patrol', [38.2, 35.9], 0.05, departure + 4 * HOUR_MS, 1, {
        visibility: ['blue'],
      }),
      known_conflicts: [],
    });
    const token = await login(hub.url, hub.origin, signers['blue.duty']);
    const listing = (await get(hub.url, '/v1/declarations/red/convoy', token)).body as Listing;
    window = { from: Date.parse(listing.valid_from), until: Date.parse(listing.valid_until) };
    page = await openPicture(browser, hub.url);
    await signInWithKeyFile(page, keyFile(hub, 'blue.duty'));
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
  });

  test('zoomed to the convoy’s window from the list: the map fits its route, the time is its departure', async () => {
    // Twenty minutes before departure, the live picture does not show the convoy.
    assert.equal(await vehicle().count(), 0);
    await page.locator('[data-zoom-window="red/convoy"]').click();
    await vehicle().waitFor();
    assert.match(await label(), new RegExp(`${clock(window.from)} UTC$`));
    assert.equal(
      await page.locator('[data-test=time-window]').textContent(),
      'window of \u2068Red crescent convoy\u2069',
    );
    const slider = page.locator('input.time-range');
    assert.equal(Number(await slider.getAttribute('min')), window.from - (window.from % MINUTE_MS));
    assert.ok(Number(await slider.getAttribute('max')) >= window.until);
    assert.ok(Number(await slider.getAttribute('max')) < window.until + MINUTE_MS);
    // The whole route is in view and fills most of the map's width.
    const map = await page.locator('svg.map').boundingBox();
    const { start, end } = await routeEnds();
    assert.ok(map, 'the map is laid out');
    for (const [x, y] of [start, end] as [number, number][])
      assert.ok(x > 0 && x < map.width && y > 0 && y < map.height, `route end at ${x},${y} out of view`);
    assert.ok((end[0] as number) - (start[0] as number) > map.width / 2, 'the route fills the map');
    const [x, y] = await marker();
    assert.ok(Math.hypot(x - (start[0] as number), y - (start[1] as number)) < 2, 'waiting at its start');
    assert.match((await vehicle().getAttribute('class')) ?? '', /waiting/);
    await screenshot(page, 'time-01-convoy-window');
  });

  test('steps of the length chosen move the convoy east along its route, and back', async () => {
    await page.locator('[data-test=time-step]').selectOption('5');
    const perMinute = await pixelsPerMinute();
    const [x0, y0] = await marker();
    await page.locator('[data-test=time-forward]').click();
    assert.match(await label(), new RegExp(`${clock(window.from + 5 * MINUTE_MS)} UTC$`));
    const [x1, y1] = await marker();
    assert.match((await vehicle().getAttribute('class')) ?? '', /moving/);
    // Five minutes at 30 km/h: 2.5 km of a route about 36 km long, drawn east (to the right).
    const moved = x1 - x0;
    assert.ok(Math.abs(moved - 5 * perMinute) < 0.05 * 5 * perMinute, `moved ${moved} px`);
    assert.ok(Math.abs(y1 - y0) < 2, 'along the parallel');
    await page.locator('[data-test=time-forward]').click();
    const [x2] = await marker();
    assert.ok(x2 - x1 > 0.9 * moved, 'further east');
    await screenshot(page, 'time-02-stepped-forward');
    await page.locator('[data-test=time-back]').click();
    assert.deepEqual(await marker(), [x1, y1], 'a step back is where it was');
    assert.match(await label(), new RegExp(`${clock(window.from + 5 * MINUTE_MS)} UTC$`));
  });

  test('the keyboard works the time: Enter on a button, the arrow keys on the slider', async () => {
    const [x0] = await marker();
    await page.locator('[data-test=time-forward]').focus();
    await page.keyboard.press('Enter');
    assert.match(await label(), new RegExp(`${clock(window.from + 10 * MINUTE_MS)} UTC$`));
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    assert.ok(await focused('[data-test=time-back]'), 'Shift+Tab twice reaches Step back');
    await page.keyboard.press('Space');
    assert.match(await label(), new RegExp(`${clock(window.from + 5 * MINUTE_MS)} UTC$`));
    await page.locator('input.time-range').focus();
    await page.keyboard.press('ArrowRight');
    assert.match(await label(), new RegExp(`${clock(window.from + 10 * MINUTE_MS)} UTC$`));
    const [x1] = await marker();
    assert.ok(x1 > x0, 'the slider moved the convoy on');
  });

  test('Play moves the convoy on a step a second until paused', async () => {
    const play = page.locator('[data-test=time-play]');
    const before = await marker();
    const shown = await label();
    await play.click();
    assert.match((await play.textContent()) ?? '', /Pause/);
    await until('two steps have played', async () => {
      const [x] = await marker();
      return x - before[0] > 1.5 * 5 * (await pixelsPerMinute()) ? true : undefined;
    });
    assert.notEqual(await label(), shown);
    await screenshot(page, 'time-03-playing');
    await play.click();
    assert.match((await play.textContent()) ?? '', /Play/);
    const paused = await marker();
    await page.waitForTimeout(2500);
    assert.deepEqual(await marker(), paused, 'paused, the convoy stays');
  });

  test('clicked on the map, the convoy’s card zooms to its window too; Now returns to the live picture', async () => {
    await vehicle().click();
    const popup = page.locator('.map-popup[data-declaration="red/convoy"]');
    await popup.waitFor();
    assert.match((await popup.textContent()) ?? '', /Red crescent convoy/);
    await screenshot(page, 'time-04-map-card');
    await popup.locator('[data-test=zoom-window]').click();
    assert.match(await label(), new RegExp(`${clock(window.from)} UTC$`));
    assert.equal(await popup.isVisible(), false);

    // Another declaration picked to be shown, outside the convoy's window: the slider spans everything again.
    await page.locator('[data-declaration="red/patrol"]').click();
    assert.equal(await page.locator('[data-test=time-window]').isVisible(), false);
    await page.locator('.declaration.operation[data-id="red/patrol"]').waitFor();

    await page.locator('.time-now').click();
    const now = Date.now();
    assert.match(await label(), new RegExp(`(${clock(now)}|${clock(now - MINUTE_MS)}) UTC$`));
    assert.equal(await vehicle().count(), 0, 'live, before departure, the convoy is not on the road');
    assert.equal(await page.locator('[data-test=time-window]').isVisible(), false);
    assert.match((await page.locator('[data-test=time-play]').textContent()) ?? '', /Play/);
    await screenshot(page, 'time-05-now');
  });

  test('the time and the steps read in Russian and Arabic', async () => {
    await page.locator('select.language').selectOption('ru');
    const steps = () => page.locator('[data-test=time-step] option').allTextContents();
    assert.deepEqual(await steps(), ['1 минута', '5 минут', '15 минут']);
    assert.match(await label(), /\d\d:\d\d UTC$/);
    assert.equal((await page.locator('[data-test=time-forward]').textContent())?.trim(), 'Шаг вперёд ▶');
    await page.locator('select.language').selectOption('ar');
    // Arabic's plural forms: one, few (3–10) and many (11–99); digits as the browser's locale data has them.
    const [one, five, fifteen] = await steps();
    assert.equal(one, 'دقيقة واحدة');
    assert.match(five ?? '', /^(5|٥) دقائق$/);
    assert.match(fifteen ?? '', /^(15|١٥) دقيقة$/);
    await screenshot(page, 'time-06-arabic');
    await page.locator('select.language').selectOption('en');
  });

  /** The route's length on screen per minute of the convoy's travel. */
  async function pixelsPerMinute(): Promise<number> {
    const { start, end } = await routeEnds();
    return ((end[0] as number) - (start[0] as number)) / TRAVEL_MIN;
  }
});
