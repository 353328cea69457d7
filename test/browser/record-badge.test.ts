// The record badge says what it checked, in Chromium against a real hub: opened from the keyboard it
// names the hub's key by a fingerprint the officer can read out (computed here from the key the hub
// publishes), when this browser pinned it, the checkpoint the latest extends, and the command that
// checks the same from any machine. Another hub answering under the same origin with another key is
// refused, since every other check rests on that key.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.js';
import { type RunningHub, runHub } from '../../src/cli/run-hub.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, get } from '../support/api.js';
import { type FoundedHub, foundTestHub, startTestHub, type TestHub } from '../support/hub.js';
import { launchChromium, openPicture, screenshot, signInWithKeyFile } from './browser.js';

const blueAdmin = OperatorSigner.generate();
const blueDuty = OperatorSigner.generate();

/** Blue, its administrator and duty officer, on a hub. */
async function addBlue(url: string, origin: string, admin: OperatorSigner): Promise<void> {
  await accept(url, origin, admin, 'party.create', {
    party: { id: 'blue', name: 'Blue Force' },
    administrator: { id: 'blue.admin', name: 'blue admin', public_key: blueAdmin.publicKey },
  });
  await accept(url, origin, blueAdmin, 'operator.add', {
    operator: { id: 'blue.duty', name: 'blue duty officer', public_key: blueDuty.publicKey },
    role: 'duty-officer',
  });
}

describe('what the record badge checked', { timeout: 300_000 }, () => {
  let hub: TestHub;
  let browser: Browser;
  let impostor: FoundedHub | undefined;
  let impostorServing: RunningHub | undefined;
  const keyPath = () => join(hub.root, 'blue.duty.key');

  before(async () => {
    await buildWeb();
    [hub, browser] = await Promise.all([startTestHub(), launchChromium()]);
    await addBlue(hub.url, hub.origin, hub.admin);
    blueDuty.save(keyPath());
  });
  after(async () => {
    await browser?.close();
    await impostorServing?.stop();
    impostor?.remove();
    await hub?.stop();
  });

  test('opened from the keyboard, the badge names the pinned key, the checkpoint extended and the command to check it', async () => {
    const verifierKey = (await get(hub.url, '/v1/record/key')).text.trim();
    const digest = createHash('sha256').update(verifierKey).digest('hex').slice(0, 32);
    const fingerprint = digest.match(/.{4}/g)?.join(' ') ?? '';
    const page = await openPicture(browser, hub.url);
    await signInWithKeyFile(page, keyPath());
    const badge = page.locator('[data-test=record-badge]');
    await page.locator('.record-badge.verified').waitFor();
    await badge.focus();
    await page.keyboard.press('Enter');
    const details = page.locator('[data-test=record-details]');
    await details.waitFor();
    assert.equal(await badge.getAttribute('aria-expanded'), 'true');
    const first = (await details.textContent()) ?? '';
    assert.match(first, new RegExp(`fingerprint ${fingerprint}, pinned in this browser on`));
    assert.match(first, /first checkpoint this browser has verified/);
    assert.equal(
      await page.locator('[data-test=verify-command]').textContent(),
      `deconflict verify ${hub.url} --hub-key '${verifierKey}'`,
    );

    // The record grows: the badge checks again and says which checkpoint the new one extends.
    const before = Number((await get(hub.url, '/v1/record/checkpoint')).text.split('\n')[1]);
    await accept(hub.url, hub.origin, blueAdmin, 'operator.add', {
      operator: { id: 'blue.watch', name: 'watch', public_key: OperatorSigner.generate().publicKey },
      role: 'viewer',
    });
    await page.getByText(`extends the checkpoint this browser verified on`).waitFor();
    assert.match((await details.textContent()) ?? '', new RegExp(`\\(${before} entries\\)`));
    await screenshot(page, '32-record-badge-details');
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'hidden' });
    assert.equal(await badge.getAttribute('aria-expanded'), 'false');
    await page.close();
  });

  test('a check the hub does not answer leaves the last verification standing, dated, and never red', async () => {
    const context = browser.contexts()[0];
    assert.ok(context, 'the browser has no context left from the first test');
    const page = await context.newPage();
    await page.goto(hub.url);
    await page.locator('[data-test=sign-in]').click();
    await page.locator('.record-badge.verified').waitFor();
    // The hub fails the badge's next check (as one stopping, or overloaded, answers 503).
    await page.route('**/v1/record/checkpoint', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'about:blank', title: 'Unavailable', status: 503, detail: 'closing' }),
      }),
    );
    const grow = (id: string) =>
      accept(hub.url, hub.origin, blueAdmin, 'operator.add', {
        operator: { id, name: id, public_key: OperatorSigner.generate().publicKey },
        role: 'viewer',
      });
    await grow('blue.unchecked');
    await page.locator('.record-badge.stale').waitFor();
    assert.match(
      (await page.locator('.record-badge').textContent()) ?? '',
      /Record last verified at \d\d:\d\d:\d\d UTC \(\d+ entries\): the hub did not answer the latest check/,
    );
    assert.equal(await page.locator('.record-badge.failed').count(), 0);
    // Answered again, the next check verifies.
    await page.unroute('**/v1/record/checkpoint');
    await grow('blue.checked');
    await page.locator('.record-badge.verified').waitFor();
    await page.close();
  });

  test('a hub answering under the same origin with another key turns the badge red, naming the pinned key', async () => {
    const context = browser.contexts()[0];
    assert.ok(context, 'the browser has no context left from the first test');
    const port = Number(new URL(hub.url).port);
    await hub.running.stop();
    // Another installation claims the same origin: its own key, the same parties' keys.
    impostor = await foundTestHub({ origin: hub.origin, admin: hub.admin });
    impostorServing = await runHub(impostor.dir, { host: '127.0.0.1', port }, false);
    await addBlue(impostorServing.url, hub.origin, hub.admin);
    const page = await context.newPage();
    await page.goto(hub.url);
    await page.locator('[data-test=sign-in]').click();
    await page.locator('.record-badge.failed').waitFor();
    assert.match(
      (await page.locator('.record-badge').textContent()) ?? '',
      /the hub shows another key than the one this browser pinned on .* \(fingerprint [0-9a-f ]+\): it may not be your hub/,
    );
    await screenshot(page, '33-record-badge-key-changed');
    await impostorServing.stop();
    impostorServing = undefined;
    hub.running = await runHub(hub.dir, { host: '127.0.0.1', port }, false);
    await page.close();
  });
});
