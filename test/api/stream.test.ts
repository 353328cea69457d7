// GET /v1/stream as a protocol: signing in by header or first message, resuming from a cursor,
// commands and their answers, and every way the hub ends a connection.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, assertProblem, get, login, signCommand } from '../support/api.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { StreamClient } from '../support/ws-client.js';

describe('the operators’ WebSocket', { timeout: 60_000 }, () => {
  let hub: TestHub;
  const alpha = OperatorSigner.generate();
  const bravo = OperatorSigner.generate();
  const tokens = { alpha: '', bravo: '' };
  /** Index of the party.create for bravo, which everyone may read. */
  let bravoCreated = -1;

  before(async () => {
    hub = await startTestHub();
    await accept(hub.url, hub.origin, hub.admin, 'party.create', {
      party: { id: 'alpha', name: 'Alpha' },
      administrator: { id: 'alpha.admin', name: 'Alpha administrator', public_key: alpha.publicKey },
    });
    bravoCreated = (
      await accept(hub.url, hub.origin, hub.admin, 'party.create', {
        party: { id: 'bravo', name: 'Bravo' },
        administrator: { id: 'bravo.admin', name: 'Bravo administrator', public_key: bravo.publicKey },
      })
    ).index;
    tokens.alpha = await login(hub.url, hub.origin, alpha);
    tokens.bravo = await login(hub.url, hub.origin, bravo);
  });
  after(() => hub.stop());

  test('signed in by header or by first message, a client gets the entries after its cursor, then live ones', async () => {
    for (const authBy of ['header', 'message'] as const) {
      const client = await StreamClient.open(hub.url, {
        token: tokens.alpha,
        after: bravoCreated - 1,
        authBy,
      });
      assert.deepEqual(await client.ready, {
        type: 'ready',
        operator: 'alpha.admin',
        party: 'alpha',
        after: bravoCreated - 1,
      });
      const first = await client.next();
      assert.equal(first?.index, bravoCreated);
      assert.equal(first?.kind, 'party.create');
      assert.deepEqual(first?.visibility, ['*']);
      const live = await accept(hub.url, hub.origin, alpha, 'operator.add', {
        operator: { id: `alpha.${authBy}`, name: 'Officer', public_key: OperatorSigner.generate().publicKey },
        role: 'duty-officer',
      });
      const entries = await client.until((e) => e.index === live.index);
      assert.deepEqual(
        entries.map((e) => e.kind),
        entries.map(() => 'operator.add'),
      );
      await client.close();
    }
  });

  test('without a cursor, only what is committed from now on; with -1, the whole record', async () => {
    const fromNow = await StreamClient.open(hub.url, { token: tokens.bravo });
    assert.equal((await fromNow.ready).after, hub.running.hub.record.size - 1);
    const whole = await StreamClient.open(hub.url, { token: tokens.bravo, after: -1, authBy: 'message' });
    const genesis = await whole.next();
    assert.equal(genesis?.index, 0);
    assert.equal(genesis?.kind, 'hub.genesis');
    await Promise.all([fromNow.close(), whole.close()]);
  });

  test('commands are answered accepted or refused with the client’s id; bad messages are refused, not fatal', async () => {
    const client = await StreamClient.open(hub.url, { token: tokens.alpha });
    const signed = signCommand(alpha, hub.origin, 'operator.add', {
      operator: { id: 'alpha.socket', name: 'Officer', public_key: OperatorSigner.generate().publicKey },
      role: 'viewer',
    });
    const answer = await client.command(signed);
    assert.equal(answer.type, 'accepted', JSON.stringify(answer));
    assert.ok(answer.type === 'accepted' && answer.checkpoint.includes(hub.origin));

    const replayed = await client.command(signed);
    assert.equal(replayed.type, 'refused');
    assert.ok(replayed.type === 'refused');
    assert.equal(replayed.problem.status, 409);
    assert.equal(replayed.problem.type, 'https://deconflict.dev/problems/replayed');

    const malformed = await client.send({
      type: 'command',
      signed: { command: {}, key: 'x', signature: 'y' },
    });
    assert.ok(malformed.type === 'refused' && malformed.problem.status === 400, JSON.stringify(malformed));
    const again = await client.send({ type: 'auth', token: tokens.alpha });
    assert.ok(again.type === 'refused' && again.problem.status === 400, JSON.stringify(again));
    client.sendRaw('not json');
    // Without an id the answer comes in line with the entries, such as the one just accepted.
    let garbled = await client.message();
    while (garbled?.type === 'entry') garbled = await client.message();
    assert.ok(garbled?.type === 'refused' && garbled.id === null && garbled.problem.status === 400);

    // Still open, and still streaming.
    const live = await accept(hub.url, hub.origin, alpha, 'operator.set-role', {
      operator: 'alpha.socket',
      role: 'duty-officer',
    });
    await client.until((e) => e.index === live.index);
    await client.close();
  });

  test('a client that is not signed in is closed with 1008 and the reason', async () => {
    const closes = async (client: Promise<StreamClient>) => (await (await client).closed).code;
    assert.equal(await closes(StreamClient.connect(hub.url, { token: 'A'.repeat(43) })), 1008);
    assert.equal(
      await closes(StreamClient.connect(hub.url, { token: 'A'.repeat(43), authBy: 'message' })),
      1008,
    );
    const beyond = await StreamClient.connect(hub.url, { token: tokens.alpha, after: 1_000_000 });
    assert.deepEqual(await beyond.closed, {
      code: 1008,
      reason: `after must be below ${hub.running.hub.record.size}, the record’s size`,
    });
    const impatient = await StreamClient.connect(hub.url, { token: tokens.alpha, authBy: 'none' });
    impatient.sendRaw(JSON.stringify({ type: 'command', id: 1, signed: {} }));
    assert.equal((await impatient.closed).code, 1008);
  });

  test('a plain GET is told to upgrade; a malformed cursor is refused before the upgrade', async () => {
    assertProblem(await get(hub.url, '/v1/stream', tokens.alpha), 426, 'upgrade-required');
    await assert.rejects(
      StreamClient.connect(hub.url, { token: tokens.alpha, after: 'soon' as unknown as number }),
      /Unexpected server response: 400/,
    );
  });

  test('revoking the key ends its streams with 1008', async () => {
    const signer = OperatorSigner.generate();
    await accept(hub.url, hub.origin, alpha, 'operator.add', {
      operator: { id: 'alpha.leaving', name: 'Leaving', public_key: signer.publicKey },
      role: 'viewer',
    });
    const client = await StreamClient.open(hub.url, { token: await login(hub.url, hub.origin, signer) });
    await accept(hub.url, hub.origin, alpha, 'key.revoke', { operator: 'alpha.leaving', key: signer.keyId });
    assert.equal((await client.closed).code, 1008);
  });

  test('the route is described in the OpenAPI document', async () => {
    const reply = await get(hub.url, '/openapi.json');
    const paths = (reply.body as { paths: Record<string, { get?: { description?: string } }> }).paths;
    assert.match(paths['/v1/stream']?.get?.description ?? '', /"type":"auth"/);
  });

  test('stopping the hub closes its sockets with 1001, and does not wait on them', async () => {
    const client = await StreamClient.open(hub.url, { token: tokens.bravo });
    await hub.stop();
    assert.equal((await client.closed).code, 1001);
  });
});
