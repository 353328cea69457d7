// An officer without a mouse, in Chromium against a real hub: with Tab, Shift+Tab, the arrows, Enter,
// Space and Escape alone, red acknowledges blue's urgent request from the banner, goes to the
// hotline and replies to blue's message (the form takes the focus as it opens and gives it back as it
// closes, Escape closes it), and blue declares a protected site by typing its coordinates, and an
// operation by putting each corner under the map's crosshair with the arrows and pressing Enter; the
// hub's answer (a conflict, then the declaration recorded) takes the focus; Escape closes the
// question before a withdrawal and gives the focus back to Withdraw. The form's date-time fields show
// their whole value in every language. Every stop on the way is drawn with a focus ring; what the
// hub recorded is read back from the hub.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.js';
import { accept, get, login } from '../support/api.js';
import { operation } from '../support/declarations.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { until } from '../support/until.js';
import { admitBlueAndRed, type BlueOrRed, blueAndRedSigners, keyFile, sendToOther } from './blue-and-red.js';
import {
  computedStyle,
  launchChromium,
  openPicture,
  placesShown,
  screenshot,
  signInWithKeyFile,
} from './browser.js';

const signers = blueAndRedSigners();
/** More stops than any of these paths needs: a control out of the Tab order fails rather than hangs. */
const MAX_TABS = 60;
/** The map opens about here (web/operational-picture.ts). */
const MAP_CENTER = [38.6, 35.6] as const;

interface Delivery {
  party: string;
  state: string;
}
interface Message {
  id: string;
  kind: string;
  message: { reply_to?: string; text?: string };
  deliveries: Delivery[];
}

/** Whether the element `selector` finds has the focus. */
const focused = async (page: Page, selector: string) => (await page.locator(`${selector}:focus`).count()) > 0;

/** The element with the focus, as a few words (tag, name, text) and the focus ring drawn about it. */
async function focusStop(page: Page): Promise<{ what: string; ring: string }> {
  return page.evaluate(() => {
    const element = (globalThis as unknown as { document: { activeElement: unknown } }).document
      .activeElement as {
      tagName: string;
      textContent: string | null;
      getAttribute(name: string): string | null;
      ownerDocument: {
        defaultView: { getComputedStyle(e: unknown): { outlineStyle: string; outlineWidth: string } };
      };
    } | null;
    if (!element || element.tagName === 'BODY') return { what: 'nothing', ring: 'none' };
    const style = element.ownerDocument.defaultView.getComputedStyle(element);
    const name = element.getAttribute('data-test') ?? element.getAttribute('name') ?? '';
    return {
      what: `${element.tagName.toLowerCase()}[${name}] ${(element.textContent ?? '').slice(0, 30)}`,
      ring: `${style.outlineStyle} ${style.outlineWidth}`,
    };
  });
}

/**
 * Presses Tab (Shift+Tab going back) until `selector` has the focus; each stop on the way must show
 * where the focus is. Returns how many presses it took.
 */
async function tabTo(page: Page, selector: string, back = false): Promise<number> {
  const path: string[] = [];
  for (let presses = 1; presses <= MAX_TABS; presses++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const stop = await focusStop(page);
    path.push(stop.what);
    assert.match(stop.ring, /^solid [2-9]/, `no focus ring on ${path.join(' → ')}: ${stop.ring}`);
    if (await focused(page, selector)) return presses;
  }
  return assert.fail(`${selector} is not reached with ${back ? 'Shift+Tab' : 'Tab'}: ${path.join(' → ')}`);
}

interface Measured {
  scrollWidth: number;
  clientWidth: number;
  offsetWidth: number;
  value: string;
  style: Record<string, string>;
  cloneNode(): Measured;
  remove(): void;
  parentElement: { append(child: Measured): void };
}

/**
 * How wide a date-time field is, and how wide it must be to show its whole value: a date-time
 * field's own scroll width does not count what its value hides, so a copy sized to its content
 * (CSS field-sizing) is measured beside it.
 */
function measureDateTime(element: unknown) {
  const input = element as Measured;
  const probe = input.cloneNode();
  probe.value = input.value;
  Object.assign(probe.style, {
    position: 'absolute',
    fieldSizing: 'content',
    width: 'auto',
    maxWidth: 'none',
  });
  input.parentElement.append(probe);
  const needed = probe.offsetWidth;
  probe.remove();
  return { scroll: input.scrollWidth, client: input.clientWidth, width: input.offsetWidth, needed };
}

describe('an officer at the keyboard', { timeout: 300_000 }, () => {
  let hub: TestHub;
  let browser: Browser;
  const messages = async (operator: BlueOrRed, box: 'in' | 'out'): Promise<Message[]> => {
    const token = await login(hub.url, hub.origin, signers[operator]);
    return ((await get(hub.url, `/v1/messages?box=${box}`, token)).body as { messages: Message[] }).messages;
  };
  const signedIn = async (operator: BlueOrRed) => {
    const page = await openPicture(browser, hub.url);
    await signInWithKeyFile(page, keyFile(hub, operator));
    return page;
  };

  before(async () => {
    await buildWeb();
    [hub, browser] = await Promise.all([startTestHub(), launchChromium()]);
    await admitBlueAndRed(hub, signers);
    for (const party of ['blue', 'red'] as const)
      await accept(hub.url, hub.origin, signers[`${party}.admin`], 'roster.set', {
        roster: {
          duty: 'air',
          members: [{ operator: `${party}.duty`, shifts: [] }],
          chief: `${party}.admin`,
        },
      });
    await sendToOther(hub, signers, 'blue', {
      id: 'blue/convoy',
      kind: 'notification',
      text: 'Convoy 7 crosses the Euphrates bridge at 14:00.',
    });
    await sendToOther(hub, signers, 'blue', {
      id: 'blue/stop',
      kind: 'urgent-request',
      action: 'stop',
      text: 'Stop: our patrol is at the bridge.',
    });
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
  });

  test('red acknowledges the urgent request from the banner, then replies to blue’s message', async () => {
    const red = await signedIn('red.duty');
    await red.locator('.urgent-banner:not([hidden])').waitFor();
    const toBanner = await tabTo(
      red,
      '.urgent-item[data-message="blue/stop"] [data-test=banner-acknowledge]',
    );
    assert.ok(toBanner <= 6, `the banner's Acknowledge is ${toBanner} stops from the top of the page`);
    await screenshot(red, 'keyboard-01-banner-acknowledge');
    await red.keyboard.press('Enter');
    await until('red’s acknowledgment is recorded', async () => {
      const [stop] = (await messages('blue.duty', 'out')).filter((m) => m.id === 'blue/stop');
      return stop?.deliveries.find((d) => d.party === 'red')?.state === 'acknowledged' ? true : undefined;
    });
    await red.locator('.urgent-banner[hidden]').waitFor({ state: 'attached' });
    // The banner gone, the focus is on the tabs rather than lost at the top of the page.
    assert.ok(await focused(red, '[role=tab][aria-selected=true]'), 'the focus is on the tab shown');

    // The tabs are one stop (out with Shift+Tab, one Tab back in); the arrows go from tab to tab.
    await red.keyboard.press('Shift+Tab');
    assert.equal(await tabTo(red, '[role=tab][aria-selected=true]'), 1);
    assert.equal(await red.locator('[role=tab][tabindex="0"]').count(), 1, 'one tab in the Tab order');
    await red.keyboard.press('ArrowRight');
    assert.ok(await focused(red, '[data-tab=declare][aria-selected=true]'));
    await red.keyboard.press('ArrowRight');
    assert.ok(await focused(red, '[data-tab=hotline][aria-selected=true]'));
    await red.locator('.hotline').waitFor();

    // Space held on Reply while a new message arrives and the hotline is read again: the list is
    // drawn after the release, so the Reply pressed is the Reply released, and the form opens.
    const reply = '.message[data-message="blue/convoy"] [data-test=reply]';
    await tabTo(red, reply);
    await red.keyboard.down(' ');
    const reread = red.waitForResponse((response) => response.url().includes('/v1/messages?box=all'));
    await sendToOther(hub, signers, 'blue', {
      id: 'blue/while-pressed',
      kind: 'notification',
      text: 'Sent while red holds Space on Reply.',
    });
    await reread;
    await new Promise((resolve) => setTimeout(resolve, 200));
    await red.keyboard.up(' ');
    await red.locator('.composer').waitFor();
    await red.locator('.message[data-message="blue/while-pressed"]').waitFor();
    assert.ok(await focused(red, '.composer select[name=template]'), 'the form takes the focus');
    await red.keyboard.press('Escape');
    await red.locator('.composer').waitFor({ state: 'detached' });
    assert.ok(await focused(red, reply), 'closed, the form gives the focus back to Reply');

    await red.keyboard.press('Enter');
    await red.locator('.composer').waitFor();
    await tabTo(red, '.composer input[name=text]');
    await red.keyboard.type('Noted: the bridge stays clear from 13:30.');
    await screenshot(red, 'keyboard-02-reply');
    await red.keyboard.press('Enter');
    await red.locator('.notice').waitFor();
    const sent = await until('red’s reply is recorded', async () =>
      (await messages('red.duty', 'out')).find((m) => m.message.reply_to === 'blue/convoy'),
    );
    assert.equal(sent.kind, 'reply');
    assert.equal(sent.message.text, 'Noted: the bridge stays clear from 13:30.');
    assert.ok(await focused(red, reply), 'sent, the focus is back on Reply');
    await red.context().close();
  });

  test('the map is a stop for Tab; the arrows pan it and + zooms it', async () => {
    const blue = await signedIn('blue.duty');
    await tabTo(blue, 'svg.map');
    const drawn = () => placesShown(blue);
    const before = await drawn();
    await blue.keyboard.press('ArrowLeft');
    const panned = await drawn();
    assert.notEqual(panned, before, 'the arrow moved the map');
    await blue.keyboard.press('+');
    const zoomed = await drawn();
    assert.notEqual(zoomed, panned, '+ zoomed in');
    assert.ok(await focused(blue, 'svg.map'), 'the map keeps the focus');
    await screenshot(blue, 'keyboard-00-map-focused');
    await blue.context().close();
  });

  test('blue declares a protected site by typing the coordinates of its centre and edge', async () => {
    const blue = await signedIn('blue.duty');
    await tabTo(blue, '[role=tab][aria-selected=true]');
    await blue.keyboard.press('ArrowRight');
    assert.ok(await focused(blue, '[data-tab=declare][aria-selected=true]'));
    await tabTo(blue, '[data-draw=circle]');
    await blue.keyboard.press('Enter');
    assert.ok(await focused(blue, '[data-draw=circle][aria-pressed=true]'), 'drawing, the focus stays');
    await tabTo(blue, '[data-test=latitude]');
    for (const [latitude, longitude] of [
      ['35.52', '38.8'],
      ['35.52', '38.81'],
    ]) {
      await blue.keyboard.type(latitude as string);
      await blue.keyboard.press('Tab');
      assert.ok(await focused(blue, '[data-test=longitude]'));
      await blue.keyboard.type(longitude as string);
      await blue.keyboard.press('Enter');
      // The point is added, and the latitude is ready for the next one.
      assert.ok(await focused(blue, '[data-test=latitude]'));
    }
    await tabTo(blue, '.declare-form select[name=kind]');
    await blue.keyboard.press('ArrowDown');
    assert.equal(await blue.locator('.declare-form select[name=kind]').inputValue(), 'site');
    assert.ok(await focused(blue, '.declare-form select[name=kind]'), 'the form redrawn, the focus stays');
    await tabTo(blue, '.declare-form input[name=name]');
    await blue.keyboard.type('clinic');
    await blue.keyboard.press('Tab');
    await blue.keyboard.type('Blue clinic at Tabqa');
    await tabTo(blue, '[data-test=check-and-send]');
    await screenshot(blue, 'keyboard-03-declare-site');
    await blue.keyboard.press('Enter');
    await blue.locator('.declared').waitFor();

    const token = await login(hub.url, hub.origin, signers['blue.duty']);
    const reply = await get(hub.url, '/v1/declarations/blue/clinic', token);
    assert.equal(reply.status, 200, reply.text);
    const { declaration } = reply.body as {
      declaration: {
        kind: string;
        title: string;
        geometry: { type: string; coordinates: number[] };
        radius_m: number;
      };
    };
    assert.equal(declaration.kind, 'site');
    assert.equal(declaration.title, 'Blue clinic at Tabqa');
    assert.deepEqual(declaration.geometry, { type: 'Point', coordinates: [38.8, 35.52] });
    // 0.01° of longitude at 35.52° N, on the sphere the form measures on.
    assert.ok(Math.abs(declaration.radius_m - 905) <= 2, String(declaration.radius_m));
    await blue.context().close();
  });

  test('blue draws an operation on the map from the keyboard; the hub’s answer takes the focus', async () => {
    // Red's patrol over the middle of the map, where blue is about to draw, clear of blue's clinic.
    await accept(hub.url, hub.origin, signers['red.duty'], 'declaration.submit', {
      declaration: operation('red/sweep', [MAP_CENTER[0] - 0.3, MAP_CENTER[1] - 0.15], 0.4, Date.now(), 8, {
        title: 'Red sweep',
        visibility: ['*'],
        roster: 'air',
      }),
      known_conflicts: [],
    });
    const blue = await signedIn('blue.duty');
    await tabTo(blue, '[role=tab][aria-selected=true]');
    await blue.keyboard.press('ArrowRight');
    await tabTo(blue, '[data-draw=polygon]');
    await blue.keyboard.press('Enter');
    await tabTo(blue, 'svg.map', true);
    assert.equal(await computedStyle(blue.locator('.centre-crosshair'), 'display'), 'inline');
    const status = blue.locator('[data-test=points-drawn]');
    assert.equal(await status.textContent(), '0 points so far');
    await blue.keyboard.press('Enter');
    for (const arrow of ['ArrowLeft', 'ArrowUp']) {
      for (let i = 0; i < 3; i++) await blue.keyboard.press(arrow);
      await blue.keyboard.press('Enter');
    }
    assert.equal(await blue.locator('.vertex').count(), 3);
    assert.equal(await status.getAttribute('role'), 'status');
    assert.equal(await status.textContent(), '3 points so far');
    assert.ok(await focused(blue, 'svg.map'), 'the map keeps the focus');
    await screenshot(blue, 'keyboard-04-draw-on-map');

    await tabTo(blue, '.declare-form input[name=name]');
    await blue.keyboard.type('sweep');
    await blue.keyboard.press('Tab');
    await blue.keyboard.type('Blue sweep at the river');
    await tabTo(blue, '[data-test=check-and-send]');
    await blue.keyboard.press('Enter');
    await blue.locator('.conflicts-found').waitFor();
    assert.ok(await focused(blue, '.conflicts-found h3[data-test=outcome]'), 'the conflict is read first');
    await screenshot(blue, 'keyboard-05-conflict-takes-focus');
    await tabTo(blue, '[data-test=confirm-conflicts]');
    await blue.keyboard.press('Space');
    await tabTo(blue, '[data-test=send-knowing]');
    await blue.keyboard.press('Enter');
    await blue.locator('.declared').waitFor();
    assert.ok(await focused(blue, '.declared[data-test=outcome]'), 'then that it was declared');

    const token = await login(hub.url, hub.origin, signers['blue.duty']);
    const reply = await get(hub.url, '/v1/declarations/blue/sweep', token);
    assert.equal(reply.status, 200, reply.text);
    const { declaration } = reply.body as {
      declaration: { volumes: { geometry: { type: string; coordinates: [number, number][][] } }[] };
    };
    const ring = declaration.volumes[0]?.geometry.coordinates[0] ?? [];
    assert.equal(ring.length, 4, 'three corners and the first again');
    const [first, second, third] = ring as [[number, number], [number, number], [number, number]];
    assert.ok(
      Math.abs(first[0] - MAP_CENTER[0]) < 0.5 && Math.abs(first[1] - MAP_CENTER[1]) < 0.5,
      `${first}`,
    );
    // The map moved right under a fixed crosshair: the next corner is west, then north.
    assert.ok(
      second[0] < first[0] - 0.01 && Math.abs(second[1] - first[1]) < 1e-6,
      `${first} then ${second}`,
    );
    assert.ok(
      third[1] > second[1] + 0.01 && Math.abs(third[0] - second[0]) < 1e-6,
      `${second} then ${third}`,
    );
    await blue.context().close();
  });

  test('Escape closes the question before a withdrawal and gives the focus back to Withdraw', async () => {
    const blue = await signedIn('blue.duty');
    await tabTo(blue, '[data-amend="blue/sweep"]');
    await blue.keyboard.press('Enter');
    await tabTo(blue, '[data-test=withdraw]');
    await blue.keyboard.press('Enter');
    assert.ok(await focused(blue, '[data-test=confirm-withdraw]'));
    await blue.keyboard.press('Escape');
    assert.equal(await blue.locator('.withdraw-confirmation').count(), 0);
    assert.ok(await focused(blue, '[data-test=withdraw]'), 'back on Withdraw');
    const token = await login(hub.url, hub.origin, signers['blue.duty']);
    const { body } = await get(hub.url, '/v1/declarations/blue/sweep', token);
    assert.equal((body as { ended?: string }).ended, undefined, 'nothing withdrawn');
    await blue.context().close();
  });

  test('the declare form’s date-time fields show their whole value in every language', async () => {
    const blue = await signedIn('blue.duty');
    await blue.locator('[data-tab=declare]').click();
    for (const mode of ['polygon', 'route']) {
      await blue.locator(`[data-draw=${mode}]`).click();
      for (const language of ['en', 'ru', 'ar']) {
        await blue.locator('select.language').selectOption(language);
        await blue.locator(`html[lang=${language}]`).waitFor({ state: 'attached' });
        const fields = blue.locator('.declare-form input[type=datetime-local]');
        assert.ok((await fields.count()) > 0);
        for (const field of await fields.all()) {
          const { scroll, client, width, needed } = await field.evaluate(measureDateTime);
          assert.ok(scroll <= client, `${mode} ${language}: scrolls ${scroll} > ${client}`);
          assert.ok(width >= needed, `${mode} ${language}: ${width} px wide, its value needs ${needed}`);
        }
        await screenshot(blue, `keyboard-06-date-times-${mode}-${language}`);
      }
      await blue.locator('select.language').selectOption('en');
    }
    await blue.context().close();
  });
});
