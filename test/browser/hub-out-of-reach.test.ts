// A duty officer whose hub goes out of reach, in Chromium against a real hub: the page says so at once
// and dates what it shows, an acknowledgment that did not reach the hub says so where it was clicked
// and is not shown as done, and Retry sends the same signed command once the hub is back. An answer
// lost on the way back (the hub recorded it, the browser never heard) is recorded once, not twice.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.js';
import { runHub } from '../../src/cli/run-hub.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, get, login } from '../support/api.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { launchChromium, openPicture, screenshot, signInWithKeyFile } from './browser.js';

const signers = {
  blueAdmin: OperatorSigner.generate(),
  blueDuty: OperatorSigner.generate(),
  redAdmin: OperatorSigner.generate(),
  redDuty: OperatorSigner.generate(),
};

interface Delivery {
  party: string;
  state: string;
  history: { state: string }[];
}

describe('a duty officer whose hub goes out of reach', { timeout: 300_000 }, () => {
  let hub: TestHub;
  let browser: Browser;
  let sent = 0;
  const redKey = () => join(hub.root, 'red.duty.key');

  /** Blue asks red to stop, urgently; returns the message's id. */
  const urgentRequest = async (text: string) => {
    const id = `blue/stop-${sent++}`;
    await accept(hub.url, hub.origin, signers.blueDuty, 'message.send', {
      message: { id, kind: 'urgent-request', action: 'stop', recipients: [{ party: 'red' }], text },
    });
    return id;
  };
  /** Red's delivery of a message, as the hub has it. */
  const redDelivery = async (id: string): Promise<Delivery> => {
    const token = await login(hub.url, hub.origin, signers.blueDuty);
    const reply = await get(hub.url, `/v1/messages/${id}`, token);
    assert.equal(reply.status, 200, reply.text);
    const message = reply.body as { deliveries: Delivery[] };
    return message.deliveries.find((delivery) => delivery.party === 'red') as Delivery;
  };
  const linkState = async (page: Page) => (await page.locator('[data-test=link-state]').textContent()) ?? '';

  before(async () => {
    await buildWeb();
    [hub, browser] = await Promise.all([startTestHub(), launchChromium()]);
    for (const [party, admin, duty] of [
      ['blue', signers.blueAdmin, signers.blueDuty],
      ['red', signers.redAdmin, signers.redDuty],
    ] as const) {
      await accept(hub.url, hub.origin, hub.admin, 'party.create', {
        party: { id: party, name: party === 'blue' ? 'Blue Force' : 'Red Force' },
        administrator: { id: `${party}.admin`, name: `${party} admin`, public_key: admin.publicKey },
      });
      await accept(hub.url, hub.origin, admin, 'operator.add', {
        operator: { id: `${party}.duty`, name: `${party} duty officer`, public_key: duty.publicKey },
        role: 'duty-officer',
      });
    }
    signers.redDuty.save(redKey());
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
  });

  test('the page says the hub is out of reach, and an acknowledgment that did not reach it is retried once it is back', async () => {
    const id = await urgentRequest('Stop: our convoy is on the Castello road.');
    const page = await openPicture(browser, hub.url);
    await signInWithKeyFile(page, redKey());
    const banner = page.locator(`.urgent-item[data-message="${id}"]`);
    await banner.waitFor();
    await page.locator('.record-badge.verified').waitFor();
    assert.match(await linkState(page), /Connected to the hub/);

    const port = Number(new URL(hub.url).port);
    await hub.running.stop();
    await page.locator('.link-state.lost').waitFor();
    assert.match(await linkState(page), /Hub out of reach since \d\d:\d\d:\d\d UTC/);
    // The badge no longer claims a current verification: it says when it last verified.
    await page.locator('.record-badge.stale').waitFor();
    assert.match(
      (await page.locator('.record-badge').textContent()) ?? '',
      /Record last verified at \d\d:\d\d:\d\d UTC \(\d+ entries\): the hub is out of reach/,
    );

    await banner.locator('[data-test=banner-acknowledge]').click();
    const notSent = banner.locator('[data-test=not-sent]');
    await notSent.waitFor();
    assert.match((await notSent.textContent()) ?? '', /Not sent: the hub did not answer/);
    assert.equal(await banner.isVisible(), true, 'the request looks acknowledged');
    await page.locator('[data-tab=hotline]').click();
    await page.locator('.hotline.stale .as-of').waitFor();
    assert.equal(await page.locator(`article.message[data-message="${id}"] [data-test=not-sent]`).count(), 1);
    await screenshot(page, '30-hub-out-of-reach');

    hub.running = await runHub(hub.dir, { host: '127.0.0.1', port }, false);
    await page.locator('.link-state.connected').waitFor();
    assert.equal((await redDelivery(id)).state !== 'acknowledged', true, 'acknowledged before the retry');
    await page.locator(`article.message[data-message="${id}"] [data-test=retry]`).click();
    await banner.waitFor({ state: 'detached' });
    await page.locator('.record-badge.verified').waitFor();
    assert.equal((await redDelivery(id)).state, 'acknowledged');
    await screenshot(page, '31-hub-back-acknowledged');
    await page.context().close();
  });

  test('an acknowledgment whose answer was lost on the way back is recorded once when retried', async () => {
    const id = await urgentRequest('Hold: the crossing is not clear.');
    const page = await openPicture(browser, hub.url);
    await signInWithKeyFile(page, redKey());
    const banner = page.locator(`.urgent-item[data-message="${id}"]`);
    await banner.waitFor();
    // The command reaches the hub, which records it; the browser never gets the answer, and the
    // hotline's views that would show it recorded are held back until the officer has retried.
    let answerLost = false;
    let releaseViews = () => {};
    const viewsHeld = new Promise<void>((resolve) => {
      releaseViews = resolve;
    });
    await page.route('**/v1/commands', async (route) => {
      if (answerLost) return route.continue();
      answerLost = true;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.route('**/v1/messages?**', async (route) => {
      if (answerLost) await viewsHeld;
      await route.continue();
    });
    await banner.locator('[data-test=banner-acknowledge]').click();
    await banner.locator('[data-test=not-sent]').waitFor();
    assert.equal((await redDelivery(id)).state, 'acknowledged', 'the hub did not record the first attempt');
    await banner.locator('[data-test=retry]').click();
    await banner.locator('.attempt.recorded').waitFor();
    releaseViews();
    await banner.waitFor({ state: 'detached' });
    const acknowledgments = (await redDelivery(id)).history.filter((event) => event.state === 'acknowledged');
    assert.equal(acknowledgments.length, 1, 'the retry was recorded as a second acknowledgment');
    await page.context().close();
  });
});
