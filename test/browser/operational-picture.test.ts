// The operational picture in Chromium against a real hub: two parties, blue and red, each with a
// duty officer whose key file is imported in the browser.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.js';
import { runHub } from '../../src/cli/run-hub.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept } from '../support/api.js';
import { foundWithHubKey, serveInProcess, startTestHub, type TestHub } from '../support/hub.js';
import { admitBlueAndRed, type BlueOrRed, blueAndRedSigners, keyFile } from './blue-and-red.js';
import {
  computedStyle,
  launchChromium,
  openPicture,
  placesShown,
  screenshot,
  signInWithKeyFile,
} from './browser.js';

const HOUR_MS = 3_600_000;
/** The map opens centred here (web/operational-picture.ts): shapes drawn about it are on screen. */
const MAP_CENTER = [38.6, 35.6] as const;

/** Red's air operation over the map's centre, from now for eight hours, that everyone may see. */
function redAirOperation(now: number) {
  const [lon, lat] = MAP_CENTER;
  return {
    kind: 'operation',
    id: 'red/strike-package',
    title: 'Red air operation',
    visibility: ['*'],
    activity: 'air',
    volumes: [
      {
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [lon - 0.3, lat - 0.3],
              [lon + 0.3, lat - 0.3],
              [lon + 0.3, lat + 0.3],
              [lon - 0.3, lat + 0.3],
              [lon - 0.3, lat - 0.3],
            ],
          ],
        },
        altitude_lower_m: 0,
        altitude_upper_m: 6000,
        time_start: new Date(now).toISOString(),
        time_end: new Date(now + 8 * HOUR_MS).toISOString(),
      },
    ],
  };
}

/** A hospital red declares north of the centre, so the picture has a protected site to draw. */
function redHospital(now: number) {
  return {
    kind: 'site',
    id: 'red/hospital-1',
    title: 'Field hospital',
    visibility: ['*'],
    function: 'hospital',
    geometry: { type: 'Point', coordinates: [MAP_CENTER[0] - 1, MAP_CENTER[1] + 0.8] },
    radius_m: 2000,
    valid_from: new Date(now).toISOString(),
    valid_until: new Date(now + 24 * HOUR_MS).toISOString(),
  };
}

/** Whether the private key the page keeps in IndexedDB could be exported (it must not). */
function keptKeyExtractable(page: Page): Promise<boolean> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open('deconflict');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const get = open.result.transaction('kept').objectStore('kept').get('operator-key');
      get.onsuccess = () => resolve(get.result.privateKey.extractable);
      get.onerror = () => reject(get.error);
    };
  })`);
}

/** Whether the page has MapLibre's styles: its rule placing its canvas is one. */
function hasMapLibreStyles(page: Page): Promise<boolean> {
  return page.evaluate(`[...document.styleSheets]
    .flatMap((sheet) => [...sheet.cssRules])
    .some((rule) => rule.selectorText === '.maplibregl-canvas')`);
}

/**
 * Notes, in `canvasPositionWhenAdded`, the position MapLibre's canvas has as it is put in the page:
 * `absolute` if MapLibre's styles apply by then, `static` if it is drawn unstyled.
 */
function watchMapCanvas(page: Page): Promise<void> {
  return page.evaluate(`new MutationObserver((changes) => {
    for (const change of changes)
      for (const node of change.addedNodes) {
        const canvas = node.querySelector?.('canvas.maplibregl-canvas');
        if (canvas && globalThis.canvasPositionWhenAdded === undefined)
          globalThis.canvasPositionWhenAdded = getComputedStyle(canvas).position;
      }
  }).observe(document.body, { childList: true, subtree: true })`);
}

const signers = blueAndRedSigners();

describe('the operational picture in a browser', { timeout: 300_000 }, () => {
  let hub: TestHub;
  let browser: Browser;
  const keyPath = (operator: BlueOrRed) => keyFile(hub, operator);

  before(async () => {
    await buildWeb();
    [hub, browser] = await Promise.all([startTestHub(), launchChromium()]);
    await admitBlueAndRed(hub, signers);
    const now = Date.now();
    for (const declaration of [redAirOperation(now), redHospital(now)])
      await accept(hub.url, hub.origin, signers['red.duty'], 'declaration.submit', {
        declaration,
        known_conflicts: [],
      });
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
  });

  test('signs in by importing a key file, and draws the offline basemap', async () => {
    const page: Page = await openPicture(browser, hub.url);
    // MapLibre's styles come with the map, not with the sign-in page, which draws none.
    assert.equal(await hasMapLibreStyles(page), false, 'the sign-in page loads no MapLibre styles');
    await watchMapCanvas(page);
    await screenshot(page, '01-sign-in');
    await signInWithKeyFile(page, keyPath('blue.duty'));
    // The party's name once the hub's directory is read (its id until then).
    await page.locator('[data-test=who]', { hasText: 'Blue Force · blue.duty' }).waitFor();
    await page.locator('.map-ground canvas').waitFor();
    assert.equal(await page.evaluate('globalThis.canvasPositionWhenAdded'), 'absolute', 'styled when drawn');
    assert.ok(await hasMapLibreStyles(page), 'MapLibre’s styles are loaded with the map');
    // The page's own rules still come after MapLibre's: the ground fills the map, not MapLibre's default.
    assert.equal(await computedStyle(page.locator('.map-ground'), 'position'), 'absolute');
    assert.ok((await placesShown(page)).length, 'the places are named');
    await page.locator('.record-badge.verified').waitFor();
    await page.locator('.declaration.operation .force-symbol').waitFor();
    await page.locator('.declaration.site .protected-symbol').waitFor();
    assert.equal(await keptKeyExtractable(page), false, 'the imported key is kept non-extractable');
    await screenshot(page, '02-picture');
    const before = await placesShown(page);
    await page.locator('[data-declaration="red/hospital-1"]').click();
    assert.notEqual(await placesShown(page), before, 'the map moved to the hospital');
    await screenshot(page, '02b-focus-hospital');
    await page.context().close();
  });

  test('a key pair made in the browser is enrolled by the party administrator, then signs in', async () => {
    const page = await openPicture(browser, hub.url);
    await page.getByRole('button', { name: 'Generate a key pair' }).click();
    const publicKey = (await page.locator('.public-key').textContent()) ?? '';
    assert.match(publicKey, /^[A-Za-z0-9+/]{43}=$/);
    await screenshot(page, '01b-enrolment');
    await accept(hub.url, hub.origin, signers['blue.admin'], 'operator.add', {
      operator: { id: 'blue.browser', name: 'Blue officer, enrolled from a browser', public_key: publicKey },
      role: 'duty-officer',
    });
    await page.locator('[data-test=sign-in]').click();
    await page.locator('[data-test=who]').waitFor();
    assert.match((await page.locator('[data-test=who]').textContent()) ?? '', /blue.browser/);
    assert.equal(await keptKeyExtractable(page), false);
    await page.context().close();
  });

  test('draws a route, sees its conflict with the operation before sending, and declares it only once the officer confirms', async () => {
    const page = await openPicture(browser, hub.url);
    await signInWithKeyFile(page, keyPath('blue.duty'));
    await page.locator('[data-tab=declare]').click();
    await page.locator('[data-draw=route]').click();
    const box = await page.locator('svg.map').boundingBox();
    assert.ok(box);
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.click(cx - 200, cy + 40);
    await page.mouse.click(cx + 220, cy - 30);
    await page.locator('input[name=name]').fill('convoy-1');
    await page.locator('input[name=title]').fill('Blue supply convoy');
    const departure = Date.parse(`${await page.locator('input[name=from]').inputValue()}:00Z`);
    await page.locator('[data-test=check-and-send]').click();
    await page.locator('.conflicts-found').waitFor();
    const listed = (await page.locator('.conflicts-found .conflict-item').allTextContents()).join('\n');
    assert.match(listed, /Red air operation/);
    assert.ok(
      await page.locator('[data-test=send-knowing]').isDisabled(),
      'sending waits for the confirmation',
    );
    await screenshot(page, '03-declare-conflicts');
    await page.locator('[data-test=confirm-conflicts]').check();
    await page.locator('[data-test=send-knowing]').click();
    await page.locator('.declared').waitFor();
    await page.locator('[data-tab=picture]').click();
    // An hour after departure, the convoy is on its way along the route.
    await page.locator('input.time-range').fill(String(departure + HOUR_MS));
    await page.locator('.declaration.movement .vehicle.moving').waitFor();
    await page.locator('.conflict-list .conflict-item').first().waitFor();
    assert.match((await page.locator('.conflict-list').textContent()) ?? '', /Blue supply convoy/);
    await screenshot(page, '04-declared-movement');
    await page.context().close();
  });

  test('an urgent request to red sounds in red’s browser, is acknowledged there, and blue sees the delivery acknowledged', async () => {
    const blue = await openPicture(browser, hub.url);
    const red = await openPicture(browser, hub.url);
    await signInWithKeyFile(blue, keyPath('blue.duty'));
    await signInWithKeyFile(red, keyPath('red.duty'));
    await blue.locator('[data-tab=hotline]').click();
    await blue.locator('[data-test=new-message]').click();
    // The form opens on an ordinary notification: the officer asks for an urgent stop.
    await blue.locator('.composer select[name=kind]').selectOption('urgent-request');
    await blue.locator('.composer select[name=action]').selectOption('stop');
    await blue.locator('.composer select[name=party]').selectOption('red');
    await blue.locator('.composer input[name=text]').fill('Stop: our convoy is on the Castello road.');
    await blue.locator('[data-test=send-message]').click();
    await blue.locator('[data-box=out]').click();
    const delivery = blue.locator('.message.outgoing .delivery [data-test=delivery-state]').first();
    await red.locator('.urgent-banner:not([hidden])').waitFor();
    assert.match(await red.title(), /URGENT REQUEST \(1\)/);
    await screenshot(red, '05-urgent-banner');
    await blue.locator('.message.outgoing .delivery.state-delivered').waitFor();
    await screenshot(blue, '06-sender-delivered');
    await red.locator('[data-test=banner-acknowledge]').first().click();
    await red.locator('.urgent-banner[hidden]').waitFor({ state: 'attached' });
    await blue.locator('.message.outgoing .delivery.state-acknowledged').waitFor();
    assert.equal(await delivery.textContent(), 'acknowledged');
    await screenshot(blue, '07-sender-acknowledged');
    await blue.context().close();
    await red.context().close();
  });

  test('in Arabic the page runs right to left, the panel on the left of the map', async () => {
    const page = await openPicture(browser, hub.url);
    await signInWithKeyFile(page, keyPath('red.duty'));
    await page.locator('select.language').selectOption('ar');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    const panel = await page.locator('aside.panel').boundingBox();
    const map = await page.locator('svg.map').boundingBox();
    assert.ok(panel && map && panel.x < map.x, 'the side panel is on the left');
    assert.match((await page.locator('[data-tab=hotline]').textContent()) ?? '', /الخط الساخن/);
    await screenshot(page, '08-arabic');
    await page.locator('[data-tab=hotline]').click();
    await screenshot(page, '09-arabic-hotline');
    await page.context().close();
  });

  test('a hub that shows another history under the same key turns the record badge red', async () => {
    const page = await openPicture(browser, hub.url);
    await signInWithKeyFile(page, keyPath('blue.duty'));
    await page.locator('.record-badge.verified').waitFor();
    // The officer closes the tab; the browser keeps the key and the checkpoint it saw. (An open tab
    // would keep resuming its stream from an index the other record does not have yet.)
    const context = page.context();
    await page.close();
    // The same origin and checkpoint key, another record: blue's party and operator made again so
    // that blue can sign in, and enough more entries that it is longer than what blue saw.
    // It is written on a port of its own, then served where the browser knows the hub.
    const fork = await foundWithHubKey(hub.dir.keyPath, hub.admin);
    const writing = await serveInProcess(fork.dir);
    await accept(writing.url, hub.origin, hub.admin, 'party.create', {
      party: { id: 'blue', name: 'Blue Force' },
      administrator: { id: 'blue.admin', name: 'blue admin', public_key: signers['blue.admin'].publicKey },
    });
    // All at once, as the writer batches them: forty round trips one after another made this drill
    // run for minutes on a loaded machine.
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        accept(writing.url, hub.origin, signers['blue.admin'], 'operator.add', {
          operator: {
            id: i === 0 ? 'blue.duty' : `blue.${i}`,
            name: `blue ${i}`,
            public_key: (i === 0 ? signers['blue.duty'] : OperatorSigner.generate()).publicKey,
          },
          role: 'duty-officer',
        }),
      ),
    );
    await writing.stop();
    const port = Number(new URL(hub.url).port);
    await hub.running.stop();
    hub.running = await runHub(fork.dir, { host: '127.0.0.1', port }, false);
    const again = await context.newPage();
    await again.goto(hub.url);
    await again.locator('[data-test=sign-in]').click();
    await again.locator('.record-badge.failed').waitFor();
    assert.match((await again.locator('.record-badge').textContent()) ?? '', /does not extend/);
    await screenshot(again, '10-record-forked');
    await context.close();
    fork.remove();
  });
});
