// A hub serving another theatre than the built-in one: its picture opens on what the officer's party
// may see declared (here a hospital in Gaza), not on northern Syria, and ⌂ goes back there.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.js';
import { accept } from '../support/api.js';
import { site } from '../support/declarations.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { until } from '../support/until.js';
import { admitBlueAndRed, blueAndRedSigners, keyFile } from './blue-and-red.js';
import { launchChromium, openPicture, screenshot, signInWithKeyFile } from './browser.js';

const signers = blueAndRedSigners();
/** Al-Shifa hospital, Gaza City. */
const GAZA_HOSPITAL: [number, number] = [34.4447, 31.5239];

describe('the theatre a picture opens on', { timeout: 180_000 }, () => {
  let hub: TestHub;
  let browser: Browser;

  before(async () => {
    await buildWeb();
    [hub, browser] = await Promise.all([startTestHub(), launchChromium()]);
    await admitBlueAndRed(hub, signers);
    await accept(hub.url, hub.origin, signers['red.duty'], 'declaration.submit', {
      declaration: site('red/shifa', GAZA_HOSPITAL, 300, Date.now() - 60_000, 48, { visibility: ['*'] }),
      known_conflicts: [],
    });
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
  });

  type Box = { x: number; y: number; width: number; height: number };

  /**
   * The map's and the hospital symbol's boxes when the symbol lies wholly within the map.
   * Both are read together: the picture may draw the symbol again between two reads.
   */
  async function hospitalInView(page: Page): Promise<{ map: Box; symbol: Box } | undefined> {
    const [map, symbol] = await Promise.all([
      page.locator('svg.map').boundingBox(),
      page.locator('.declaration.site[data-id="red/shifa"] .protected-symbol').boundingBox(),
    ]);
    if (!map || !symbol) return undefined;
    const within =
      symbol.x >= map.x &&
      symbol.y >= map.y &&
      symbol.x + symbol.width <= map.x + map.width &&
      symbol.y + symbol.height <= map.y + map.height;
    return within ? { map, symbol } : undefined;
  }

  test('opens on what is declared in Gaza, and ⌂ goes back there after moving away', async () => {
    const page = await openPicture(browser, hub.url);
    await signInWithKeyFile(page, keyFile(hub, 'blue.duty'));
    const { map, symbol } = await until('the Gaza hospital in view as the map opens', () =>
      hospitalInView(page),
    );
    // Centred on it: the map fits what is declared, a lone site in the middle.
    assert.ok(Math.abs(symbol.x + symbol.width / 2 - (map.x + map.width / 2)) < map.width * 0.05);
    assert.ok(Math.abs(symbol.y + symbol.height / 2 - (map.y + map.height / 2)) < map.height * 0.05);
    await screenshot(page, 'home-theatre-01-gaza');
    await page.locator('svg.map').focus();
    for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
    await until('the hospital out of view', async () => (await hospitalInView(page)) === undefined);
    await page.locator('[data-map=theatre]').click();
    await until('the hospital in view again', () => hospitalInView(page));
  });
});
