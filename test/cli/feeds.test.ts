// Track feeds through the `deconflict` command: a TAK feed registered with a secret made for it and
// shown once (only its hash is recorded), which then signs a TAK client in on the CoT port; the
// feeds listed with what they took; a wrong kind of option refused by the hub with its reason.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept } from '../support/api.js';
import { describeRun, printed, runCli } from '../support/cli.js';
import { startTestHub, type TestHub } from '../support/hub.js';

describe('track feeds through the deconflict CLI', () => {
  let hub: TestHub;
  let keyFile = '';
  const as = (...args: string[]) => runCli([...args, '--hub', hub.url, '--key', keyFile]);

  before(async () => {
    hub = await startTestHub({ ports: { cot: { host: '127.0.0.1', port: 0 } } });
    const admin = OperatorSigner.generate();
    keyFile = join(hub.root, 'alpha.admin.pem');
    admin.save(keyFile);
    await accept(hub.url, hub.origin, hub.admin, 'party.create', {
      party: { id: 'alpha', name: 'Alpha' },
      administrator: { id: 'alpha.admin', name: 'Alpha admin', public_key: admin.publicKey },
    });
  });
  after(async () => {
    await hub.stop();
  });

  test('a TAK feed with a new secret, which signs a TAK client in', async () => {
    const set = await as('feed', 'set', 'tak', '--kind', 'cot', '--new-secret', '--share-with', '*');
    assert.equal(set.code, 0, describeRun(set));
    const { tak_username, tak_password } = printed<{ tak_username: string; tak_password: string }>(set);
    assert.equal(tak_username, 'alpha/tak');
    assert.ok(tak_password.length >= 40);

    const socket = connect({ host: '127.0.0.1', port: hub.running.cotPort as number });
    let closed = false;
    socket.on('close', () => {
      closed = true;
    });
    socket.on('error', () => {});
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`<auth><cot username="${tak_username}" password="${tak_password}" uid="WINTAK-1"/></auth>`);
    const t = new Date().toISOString();
    socket.write(
      `<event version="2.0" uid="WINTAK-1" type="a-f-G-U-C" time="${t}" start="${t}" stale="${t}" how="m-g">` +
        '<point lat="36.2" lon="37.1" hae="400" ce="5" le="5"/><detail/></event>',
    );
    let feeds: { feeds: { id: string; kind: string; accepted: number }[] } = { feeds: [] };
    const deadline = Date.now() + 10_000;
    while (!(feeds.feeds[0]?.accepted === 1)) {
      assert.ok(Date.now() < deadline && !closed, `the report never arrived: ${JSON.stringify(feeds)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const listed = await as('feeds');
      assert.equal(listed.code, 0, describeRun(listed));
      feeds = printed(listed);
    }
    assert.deepEqual(
      feeds.feeds.map((f) => [f.id, f.kind]),
      [['alpha/tak', 'cot']],
    );
    socket.destroy();
  });

  test('an ADS-B feed without its receiver’s address is refused with the reason; with it and its time zone, set', async () => {
    const refused = await as('feed', 'set', 'adsb', '--kind', 'sbs');
    assert.equal(refused.code, 2, describeRun(refused));
    assert.match(refused.stderr, /\/command\/feed\/address/);
    const set = await as(
      'feed',
      'set',
      'adsb',
      '--kind',
      'sbs',
      '--address',
      '127.0.0.1:1',
      '--time-zone',
      'Asia/Damascus',
    );
    assert.equal(set.code, 0, describeRun(set));
    const listed = printed(await as('feeds')) as { feeds: { id: string; time_zone?: string }[] };
    assert.equal(listed.feeds.find((f) => f.id === 'alpha/adsb')?.time_zone, 'Asia/Damascus');
    const removed = await as('feed', 'remove', 'tak');
    assert.equal(removed.code, 0, describeRun(removed));
  });
});
