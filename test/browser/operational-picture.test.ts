// The operational picture in Chromium against a real hub: two parties, blue and red, each with a
// duty officer whose key file is imported in the browser.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept } from '../support/api.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { launchChromium, openPicture, screenshot, signInWithKeyFile } from './browser.js';

const signers = {
  'blue-admin': OperatorSigner.generate(),
  'blue-duty': OperatorSigner.generate(),
  'red-admin': OperatorSigner.generate(),
  'red-duty': OperatorSigner.generate(),
};
type Operator = keyof typeof signers;

describe('the operational picture in a browser', { timeout: 300_000 }, () => {
  let hub: TestHub;
  let browser: Browser;
  const keyPath = (operator: Operator) => join(hub.root, `${operator}.key`);

  before(async () => {
    await buildWeb();
    [hub, browser] = await Promise.all([startTestHub(), launchChromium()]);
    for (const party of ['blue', 'red'] as const) {
      await accept(hub.url, hub.origin, hub.admin, 'party.create', {
        party: { id: party, name: party === 'blue' ? 'Blue Force' : 'Red Force' },
        administrator: {
          id: `${party}-admin`,
          name: `${party} admin`,
          public_key: signers[`${party}-admin`].publicKey,
        },
      });
      await accept(hub.url, hub.origin, signers[`${party}-admin`], 'operator.add', {
        operator: {
          id: `${party}-duty`,
          name: `${party} duty officer`,
          public_key: signers[`${party}-duty`].publicKey,
        },
        role: 'duty-officer',
      });
    }
    for (const [operator, signer] of Object.entries(signers)) signer.save(keyPath(operator as Operator));
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
  });

  test('signs in by importing a key file, and draws the offline basemap', async () => {
    const page: Page = await openPicture(browser, hub.url);
    await screenshot(page, '01-sign-in');
    await signInWithKeyFile(page, keyPath('blue-duty'));
    assert.match((await page.locator('[data-test=who]').textContent()) ?? '', /Blue Force · blue-duty/);
    assert.ok((await page.locator('path.land').getAttribute('d'))?.length, 'land is drawn');
    await page.locator('.record-badge.verified').waitFor();
    await screenshot(page, '02-picture');
    await page.context().close();
  });
});
