// The map told in words, in Chromium against a real hub: what Chromium gives a screen reader for the
// map (its name, and a description counting what it shows) and the "Map as a list" it points to,
// which names each declaration drawn (kind, title, party, time window), each live track (id, party,
// latitude and longitude) and each open alert; it follows the hub (a declaration made elsewhere
// appears in it) and the layer switches, and its button shows it on screen until Escape. A zone whose
// agreement is suspended is drawn greyed and dotted, labelled as not binding, and listed as such,
// from the moment the hub records the suspension until the agreement is resumed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.js';
import { accept } from '../support/api.js';
import { iso, operation, squareGeometry } from '../support/declarations.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { until } from '../support/until.js';
import { admitBlueAndRed, blueAndRedSigners, keyFile } from './blue-and-red.js';
import { computedStyle, launchChromium, openPicture, screenshot, signInWithKeyFile } from './browser.js';
import { HOSPITAL, reportTrack, watchBlueAndRed } from './live-feed.js';

const signers = blueAndRedSigners();

/** The map's name and description as Chromium's accessibility tree has them, for a screen reader. */
async function mapAsHeard(page: Page): Promise<{ role: string; name: string; description: string }> {
  const cdp = await page.context().newCDPSession(page);
  const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'svg.map' });
  const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
  await cdp.detach();
  const [map] = nodes;
  return {
    role: String(map?.role?.value),
    name: String(map?.name?.value),
    description: String(map?.description?.value),
  };
}

describe('the map as a list', { timeout: 300_000 }, () => {
  let hub: TestHub;
  let browser: Browser;
  let blue: Page;
  const list = () => blue.getByRole('region', { name: 'Map as a list' });
  const declared = (title: string) => list().locator('ul[data-list=declarations] li', { hasText: title });
  /** The items of one of the list's lists, without the marks that keep each name's direction. */
  const items = async (name: 'declarations' | 'tracks' | 'alerts') =>
    (await list().locator(`ul[data-list=${name}] li`).allTextContents()).map((item) =>
      item.replace(/[\u2066-\u2069]/g, ''),
    );

  before(async () => {
    await buildWeb();
    [hub, browser] = await Promise.all([startTestHub(), launchChromium()]);
    await admitBlueAndRed(hub, signers);
    await watchBlueAndRed(hub, signers);
    await accept(hub.url, hub.origin, signers['red.duty'], 'declaration.submit', {
      declaration: operation('red/patrol', [40, 36], 0.1, Date.now() - 60_000, 2, {
        title: 'Red river patrol',
        visibility: ['*'],
        roster: 'air',
      }),
      known_conflicts: [],
    });
    blue = await openPicture(browser, hub.url);
    await signInWithKeyFile(blue, keyFile(hub, 'blue.duty'));
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
  });

  test('a screen reader hears the map named and counted, and finds each thing it shows in the list', async () => {
    await reportTrack(hub, signers['blue.duty'], 'blue', { id: 'b1', lon: 38.6, lat: 35.6, airborne: true });
    await reportTrack(hub, signers['red.duty'], 'red', {
      id: 'g2',
      lon: HOSPITAL[0] + 0.005,
      lat: HOSPITAL[1],
    });
    await blue.locator('.alert-item.kind-intrusion').waitFor();
    await blue.locator('[data-track="blue/c2:b1"]').waitFor();

    const heard = await mapAsHeard(blue);
    assert.equal(heard.role, 'image');
    assert.equal(heard.name, 'Map of the operational picture');
    assert.equal(
      heard.description,
      'Shown on the map: 2 declarations, 1 live tracks, 1 open alerts. They are listed under “Map as a list”.',
    );
    assert.equal(await blue.locator('svg.map').getAttribute('aria-details'), await list().getAttribute('id'));

    const declarations = await items('declarations');
    assert.equal(declarations.length, 2, declarations.join('\n'));
    assert.ok(
      declarations.some((item) => /^Red river patrol — operation · Red Force · .+ UTC – .+ UTC$/.test(item)),
      declarations.join('\n'),
    );
    assert.ok(
      declarations.some((item) => /^Blue field hospital — site · Blue Force · .+ UTC – .+ UTC$/.test(item)),
      declarations.join('\n'),
    );
    const [track, ...otherTracks] = await items('tracks');
    assert.deepEqual(otherTracks, [], 'red’s ground vehicle is not shared with blue');
    assert.match(
      track ?? '',
      /^b1 \(Blue Force\) · altitude: 5 km · .* · latitude 35\.6000, longitude 38\.6000$/,
    );
    const [alert] = await items('alerts');
    assert.match(alert ?? '', /^Intrusion · .*Red Force.* · concerns: Blue field hospital \(Blue Force\)/);
  });

  test('the list follows the hub and the layer switches', async () => {
    await accept(hub.url, hub.origin, signers['red.duty'], 'declaration.submit', {
      declaration: operation('red/escort', [40.5, 36.5], 0.1, Date.now() - 60_000, 2, {
        title: 'Red convoy escort',
        visibility: ['*'],
        roster: 'air',
      }),
      known_conflicts: [],
    });
    await declared('Red convoy escort').waitFor({ state: 'attached' });
    assert.match((await mapAsHeard(blue)).description, /^Shown on the map: 3 declarations,/);

    await blue.locator('[data-layer=sites]').uncheck();
    await declared('Blue field hospital').waitFor({ state: 'detached' });
    assert.equal((await items('declarations')).length, 2);
    await blue.locator('[data-layer=sites]').check();
    await declared('Blue field hospital').waitFor({ state: 'attached' });
  });

  test('its button shows the list over the map; Escape hides it and goes back to the button', async () => {
    const toggle = blue.locator('[data-test=map-as-list-toggle]');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.ok(((await list().boundingBox())?.width ?? 0) <= 1, 'drawn for nobody until asked');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const box = await list().boundingBox();
    assert.ok(box && box.width > 200 && box.height > 100, JSON.stringify(box));
    await screenshot(blue, 'map-as-list-shown');
    await list().locator('h2').click();
    await blue.keyboard.press('Escape');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await toggle.evaluate((button) => button === button.ownerDocument.activeElement), true);
  });

  test('a zone whose agreement is suspended is drawn as not binding, and listed so, as the hub records it', async () => {
    await accept(hub.url, hub.origin, signers['blue.admin'], 'agreement.propose', {
      agreement: {
        id: 'blue/terms',
        title: 'Terms between Blue and Red',
        parties: ['blue', 'red'],
        terms: 'Red’s no-fly zone binds Blue’s aircraft.',
      },
    });
    await accept(hub.url, hub.origin, signers['red.admin'], 'agreement.sign', { agreement: 'blue/terms' });
    await accept(hub.url, hub.origin, signers['red.admin'], 'declaration.submit', {
      declaration: {
        kind: 'zone',
        id: 'red/no-fly',
        title: 'Red no-fly zone',
        visibility: ['*'],
        agreement: 'blue/terms',
        geometry: squareGeometry([39.4, 34.6], 0.5),
        valid_from: iso(Date.now() - 60_000),
        valid_until: iso(Date.now() + 24 * 3_600_000),
        restrictions: [{ party: 'blue', activities: ['air'] }],
      },
      known_conflicts: [],
    });
    const zone = blue.locator('.declaration.zone[data-id="red/no-fly"]');
    await zone.waitFor({ state: 'attached' });
    const drawn = async () => ({
      classes: (await zone.getAttribute('class'))?.split(' ') ?? [],
      label: await zone.locator('.suspended-label').count(),
      dashes: await computedStyle(zone.locator('.area'), 'strokeDasharray'),
      title: (await zone.locator('title').textContent())?.replace(/[\u2066-\u2069]/g, ''),
    });
    const binding = await drawn();
    assert.ok(!binding.classes.includes('suspended'));
    assert.equal(binding.label, 0);
    assert.doesNotMatch(binding.title ?? '', /Suspended/);
    assert.doesNotMatch((await items('declarations')).join('\n'), /Suspended/);

    await accept(hub.url, hub.origin, signers['red.admin'], 'agreement.suspend', {
      agreement: 'blue/terms',
      reason: 'Talks broken off.',
    });
    await blue.locator('.declaration.zone.suspended[data-id="red/no-fly"]').waitFor({ state: 'attached' });
    const suspended = await drawn();
    assert.equal(await zone.locator('.suspended-label').textContent(), 'Suspended: does not bind');
    assert.notEqual(suspended.dashes, binding.dashes, 'dotted, unlike a zone in force');
    assert.match(
      suspended.title ?? '',
      /^Red no-fly zone — zone · Red Force · .+ · Suspended: does not bind$/,
    );
    assert.ok(
      (await items('declarations')).some((item) =>
        /^Red no-fly zone — .+ · Suspended: does not bind$/.test(item),
      ),
    );
    // Hovering the zone says what it is, though the map lets the pointer through to the ground. ⌂
    // brings it into view: the theatre is all that is declared, the zone now included.
    await blue.locator('[data-map=theatre]').click();
    const area = await zone.locator('.area').boundingBox();
    assert.ok(area, 'the zone is in view');
    await blue.mouse.move(area.x + area.width / 2, area.y + area.height / 2);
    const hovered = await until('the zone’s title on hovering it', async () => {
      const title = await blue.locator('svg.map').locator('..').getAttribute('title');
      return title?.includes('Red no-fly zone') ? title : undefined;
    });
    assert.match(hovered.replace(/[\u2066-\u2069]/g, ''), /Suspended: does not bind$/);
    await screenshot(blue, 'map-zone-suspended');

    for (const admin of ['blue.admin', 'red.admin'] as const)
      await accept(hub.url, hub.origin, signers[admin], 'agreement.resume', { agreement: 'blue/terms' });
    await blue.locator('.declaration.zone.suspended').waitFor({ state: 'detached' });
    assert.equal((await drawn()).dashes, binding.dashes, 'in force again, drawn as before');
  });
});
