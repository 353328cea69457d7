// The record badge and the parties' witnesses, in Chromium against a real hub and real witnesses:
// the browser checks the witnesses' cosignatures itself and says how many vouch for the record, says
// plainly when too few have, and turns red when the hub's record is not the one they cosigned.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.js';
import { runHub } from '../../src/cli/run-hub.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, get } from '../support/api.js';
import { foundWithHubKey, serveInProcess, startTestHub, type TestHub } from '../support/hub.js';
import { agreeOnWitnesses, startTestWitness, type TestWitness } from '../support/hub-witnesses.js';
import { until } from '../support/until.js';
import { launchChromium, openPicture, screenshot, signInWithKeyFile } from './browser.js';

const blueAdmin = OperatorSigner.generate();
const blueDuty = OperatorSigner.generate();

describe('the record badge and the witnesses', { timeout: 300_000 }, () => {
  let hub: TestHub;
  let browser: Browser;
  const witnesses: TestWitness[] = [];
  const admins = new Map<string, OperatorSigner>();
  const keyPath = () => join(hub.root, 'blue.duty.key');
  let added = 0;
  /** A new entry in the record. */
  const command = (url = hub.url) =>
    accept(url, hub.origin, blueAdmin, 'operator.add', {
      operator: { id: `blue.op${added++}`, name: 'op', public_key: OperatorSigner.generate().publicKey },
      role: 'viewer',
    });
  const recordSize = async () => Number((await get(hub.url, '/v1/record/checkpoint')).text.split('\n')[1]);
  const cosignedSize = async () => {
    const reply = await get(hub.url, '/v1/record/checkpoint/cosigned');
    return reply.status === 200 ? Number(reply.text.split('\n')[1]) : -1;
  };
  const badgeText = async (page: Page) => (await page.locator('.record-badge').textContent()) ?? '';

  before(async () => {
    await buildWeb();
    [hub, browser] = await Promise.all([startTestHub(), launchChromium()]);
    const vkey = (await get(hub.url, '/v1/record/key')).text.trim();
    await accept(hub.url, hub.origin, hub.admin, 'party.create', {
      party: { id: 'blue', name: 'Blue Force' },
      administrator: { id: 'blue.admin', name: 'blue admin', public_key: blueAdmin.publicKey },
    });
    await accept(hub.url, hub.origin, blueAdmin, 'operator.add', {
      operator: { id: 'blue.duty', name: 'blue duty officer', public_key: blueDuty.publicKey },
      role: 'duty-officer',
    });
    blueDuty.save(keyPath());
    admins.set('hub', hub.admin).set('blue', blueAdmin);
    for (const name of ['witness-one.example', 'witness-two.example', 'witness-three.example'])
      witnesses.push(await startTestWitness(name, vkey));
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
    for (const witness of witnesses) await witness.remove();
  });

  test('with two witnesses cosigning, the badge says so, having checked their cosignatures', async () => {
    await agreeOnWitnesses(hub.url, hub.origin, admins, witnesses.slice(0, 2), 2);
    await command();
    const size = await recordSize();
    await until('the witnesses cosign the latest checkpoint', async () => (await cosignedSize()) >= size);
    const page = await openPicture(browser, hub.url);
    await signInWithKeyFile(page, keyPath());
    await page.locator('.record-badge.verified').waitFor();
    assert.match(await badgeText(page), /cosigned by 2 of 2 witnesses/);
    await screenshot(page, '20-record-cosigned');
    await page.context().close();
  });

  test('when the witnesses the parties now agree on have not cosigned, the badge says it plainly', async () => {
    // The third witness is down: of the new policy's two, only the first can cosign.
    await witnesses[2]?.stop();
    await agreeOnWitnesses(hub.url, hub.origin, admins, [witnesses[0], witnesses[2]] as TestWitness[], 2);
    await command();
    const page = await openPicture(browser, hub.url);
    await signInWithKeyFile(page, keyPath());
    await page.locator('.record-badge.uncosigned').waitFor();
    assert.match(await badgeText(page), /NOT COSIGNED: 1 of the 2 witnesses needed/);
    await screenshot(page, '21-record-not-cosigned');
    await page.context().close();
  });

  test('a hub whose record is not the one its witnesses cosigned turns the badge red', async () => {
    // Still the checkpoint the first two witnesses cosigned: the third has stayed down.
    const cosignedAt = await cosignedSize();
    assert.ok(cosignedAt > 0);
    // Another record under the same key, in which the parties agreed on the same two witnesses,
    // longer than the one the witnesses cosigned, served with the cosigned checkpoint of the first:
    // a browser that never saw the first record must still catch it, from the witnesses' view.
    const fork = await foundWithHubKey(hub.dir.keyPath, hub.admin);
    const writing = await serveInProcess(fork.dir);
    await accept(writing.url, hub.origin, hub.admin, 'party.create', {
      party: { id: 'blue', name: 'Blue Force' },
      administrator: { id: 'blue.admin', name: 'blue admin', public_key: blueAdmin.publicKey },
    });
    await accept(writing.url, hub.origin, blueAdmin, 'operator.add', {
      operator: { id: 'blue.duty', name: 'blue duty officer', public_key: blueDuty.publicKey },
      role: 'duty-officer',
    });
    // The same witnesses' keys, at an address where nothing answers: what the badge checks is their
    // keys, and the fork's hub asking them would only be refused.
    const unreachable = witnesses
      .slice(0, 2)
      .map((w) => ({ ...w, entry: { ...w.entry, url: 'http://127.0.0.1:9/' } }));
    await agreeOnWitnesses(writing.url, hub.origin, admins, unreachable, 2);
    await Promise.all(Array.from({ length: 20 }, () => command(writing.url)));
    await writing.stop();
    const cosigned = (await get(hub.url, '/v1/record/checkpoint/cosigned')).text;
    const port = Number(new URL(hub.url).port);
    await hub.running.stop();
    hub.running = await runHub(fork.dir, { host: '127.0.0.1', port }, false);
    await hub.running.hub.store.saveCosignedCheckpoint({ size: cosignedAt, text: cosigned });
    // A browser with nothing stored: only the witnesses' checkpoint stands against the fork.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(hub.url);
    await signInWithKeyFile(page, keyPath());
    await page.locator('.record-badge.failed').waitFor();
    assert.match(await badgeText(page), /does not extend the one its witnesses cosigned/);
    await screenshot(page, '22-record-forked-from-witnesses');
    await context.close();
    fork.remove();
  });
});
