// Webhooks end to end: a real HTTPS endpoint on the loopback, the hub served in this process and
// trusting the endpoint's certificate through DECONFLICT_WEBHOOK_CA, commands through the API.
import assert from 'node:assert/strict';
import { createHash, type KeyObject } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createVerifier, httpbis } from 'http-message-signatures';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { webhookEndpoints } from '../../src/hub/commands/webhook-endpoints.js';
import type { HubState } from '../../src/hub/state.js';
import {
  canonicalBytes,
  type Entry,
  encodeBase64,
  hashLeaf,
  parseVerifierKey,
  publicKeyFromRaw,
} from '../../src/record/index.js';
import { accept, assertProblem, get, login, problemFields, submit } from '../support/api.js';
import { type ReceivedRequest, TestHttpsServer } from '../support/https-server.js';
import { startTestHub, type TestHub } from '../support/hub.js';

interface Posted {
  hub: string;
  index: number;
  entry: Entry;
}

const posted = (request: ReceivedRequest) => JSON.parse(request.body.toString('utf8')) as Posted;

/** Whatever key the signature names, is it this key's, over these headers? */
const verifies = (key: KeyObject, url: string, headers: Record<string, string>) =>
  httpbis
    .verifyMessage(
      { keyLookup: async () => ({ algs: ['ed25519'], verify: createVerifier(key, 'ed25519') }) },
      { method: 'POST', url, headers },
    )
    .catch(() => false);

describe('webhooks', () => {
  let endpoint: TestHttpsServer;
  let hub: TestHub;
  const alpha = OperatorSigner.generate();
  const bravo = OperatorSigner.generate();
  const bravoOfficer = OperatorSigner.generate();
  let sent = 0;

  const ok = (signer: OperatorSigner, type: string, fields: Record<string, unknown>) =>
    accept(hub.url, hub.origin, signer, type, fields);

  /** alpha notifies bravo; resolves with the index of the message.send entry. */
  async function notifyBravo(): Promise<{ id: string; index: number }> {
    const id = `alpha/notice-${++sent}`;
    const { index } = await ok(alpha, 'message.send', {
      message: { id, kind: 'notification', recipients: [{ party: 'bravo' }], text: `Convoy ${sent} moves.` },
    });
    return { id, index };
  }

  const readState = <T>(reader: (state: HubState) => T) => hub.running.hub.read(reader);

  /** Waits until the record has an endpoint past `index`. */
  async function acknowledgedThrough(index: number, webhook = 'bravo/ops'): Promise<void> {
    const deadline = Date.now() + 15_000;
    while ((await readState((s) => webhookEndpoints(s).get(webhook)?.done ?? -1)) < index) {
      assert.ok(Date.now() < deadline, `${webhook} never got past entry ${index}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Every entry of one kind in the record, as the hub holds it. */
  async function entriesOfKind(kind: string): Promise<(Entry & { index: number })[]> {
    const stored = await hub.running.hub.store.entries(0, hub.running.hub.record.size);
    return stored
      .filter((item) => item.kind === kind)
      .map((item) => ({
        ...(JSON.parse(Buffer.from(item.bytes).toString('utf8')) as Entry),
        index: item.index,
      }));
  }

  before(async () => {
    endpoint = await TestHttpsServer.start();
    process.env.DECONFLICT_WEBHOOK_CA = endpoint.caFile;
    // The test endpoint is on the loopback, which the hub refuses unless its operator allows it.
    process.env.DECONFLICT_WEBHOOK_ALLOW = '127.0.0.1, ::1';
    hub = await startTestHub();
    for (const [party, admin] of [
      ['alpha', alpha],
      ['bravo', bravo],
    ] as const) {
      await ok(hub.admin, 'party.create', {
        party: { id: party, name: party },
        administrator: { id: `${party}.admin`, name: party, public_key: admin.publicKey },
      });
    }
    await ok(bravo, 'operator.add', {
      operator: { id: 'bravo.officer', name: 'Officer', public_key: bravoOfficer.publicKey },
      role: 'duty-officer',
    });
  });

  after(async () => {
    await hub?.stop();
    await endpoint?.stop();
  });

  test('only an administrator registers, and only an https URL without credentials', async () => {
    const set = (signer: OperatorSigner, url: string) =>
      submit(hub.url, hub.origin, signer, 'webhook.set', { webhook: { name: 'ops', url } });
    assertProblem(await set(bravoOfficer, endpoint.url('/hook')), 403);
    for (const url of [
      'http://localhost/hook',
      'https://user:secret@localhost/hook',
      'https://localhost/hook#part',
      '/hook',
    ]) {
      const reply = await set(bravo, url);
      assertProblem(reply, 400);
      assert.deepEqual(problemFields(reply), ['/command/webhook/url'], url);
    }
    assertProblem(await set(bravo, 'https://localhost/a b'), 400);
    assertProblem(
      await submit(hub.url, hub.origin, bravo, 'webhook.remove', { webhook: 'none' }),
      404,
      'not-found',
    );
  });

  test('a message is POSTed signed by the hub (RFC 9421), and its delivery recorded as delivered', async () => {
    const set = await ok(bravo, 'webhook.set', {
      webhook: { name: 'ops', url: endpoint.url('/deconflict'), description: 'Bravo operations centre' },
    });
    const before = endpoint.received.length;
    const { id, index } = await notifyBravo();
    // The message, then the hub's step naming whom it asks.
    await endpoint.receivedCount(before + 2);
    const [message, step] = endpoint.received.slice(before) as [ReceivedRequest, ReceivedRequest];
    assert.equal(posted(message).index, index);
    assert.equal(posted(message).entry.kind, 'message.send');
    assert.equal(posted(step).entry.kind, 'delivery.step');
    assert.ok(index > set.index, 'what came before the registration is not sent');

    // The receiver's checks: the digest is the body's, the signature the hub's key's.
    const verifierKey = (await get(hub.url, '/v1/record/key')).text.trim();
    const parsed = parseVerifierKey(verifierKey);
    const publicKey = publicKeyFromRaw(parsed.publicKey);
    for (const request of [message, step]) {
      assert.equal(request.method, 'POST');
      assert.equal(request.path, '/deconflict');
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.headers['deconflict-entry'], String(posted(request).index));
      assert.equal(
        request.headers['content-digest'],
        `sha-256=:${createHash('sha256').update(request.body).digest('base64')}:`,
      );
      const lookedUp: string[] = [];
      const verified = await httpbis.verifyMessage(
        {
          keyLookup: async (params) => {
            lookedUp.push(String(params.keyid));
            return params.keyid === parsed.keyId.toString(16).padStart(8, '0')
              ? { id: String(params.keyid), algs: ['ed25519'], verify: createVerifier(publicKey, 'ed25519') }
              : null;
          },
          requiredFields: ['@method', '@target-uri', 'content-digest', 'deconflict-entry'],
          requiredParams: ['created', 'keyid', 'alg', 'tag'],
          maxAge: 60,
        },
        { method: request.method, url: endpoint.url(request.path), headers: request.headers },
      );
      assert.equal(verified, true, request.headers['signature-input']);
      assert.equal(lookedUp.length, 1);
      assert.match(request.headers['signature-input'] ?? '', /;tag="deconflict-webhook"/);
    }

    // A signature from another key, or over another body, does not verify.
    const otherKey = publicKeyFromRaw(Buffer.from(OperatorSigner.generate().publicKey, 'base64'));
    const forged = { ...message.headers, 'content-digest': `sha-256=:${encodeBase64(new Uint8Array(32))}:` };
    const url = endpoint.url('/deconflict');
    assert.equal(await verifies(otherKey, url, message.headers), false);
    assert.equal(await verifies(publicKey, url, forged), false);
    assert.equal(await verifies(publicKey, endpoint.url('/elsewhere'), message.headers), false);
    assert.equal(await verifies(publicKey, url, message.headers), true);

    // The entry is the record's leaf byte for byte: the receiver can check its inclusion.
    const token = await login(hub.url, hub.origin, bravo);
    const leaf = (await get(hub.url, `/v1/record/entries?start=${index}&end=${index + 1}`, token)).body as {
      entries: { leaf_hash: string }[];
    };
    assert.equal(encodeBase64(hashLeaf(canonicalBytes(posted(message).entry))), leaf.entries[0]?.leaf_hash);
    assert.equal(posted(message).hub, hub.origin);

    // The record: the message is delivered, and its sender may read how.
    await acknowledgedThrough(index + 1);
    const delivery = await readState((s) => s.hotline.delivery(id, 'bravo')?.delivery);
    assert.equal(delivery?.state, 'delivered');
    const delivered = (await entriesOfKind('webhook.delivered')).filter((e) => e.command.entry === index);
    assert.equal(delivered.length, 1);
    assert.deepEqual(delivered[0]?.visibility, ['alpha', 'bravo']);
    const {
      type,
      webhook,
      entry,
      status,
      attempts,
      message: ofMessage,
      recipients,
    } = delivered[0]?.command ?? {};
    assert.deepEqual(
      { type, webhook, entry, status, attempts, message: ofMessage, recipients },
      {
        type: 'webhook.delivered',
        webhook: 'bravo/ops',
        entry: index,
        status: 200,
        attempts: 1,
        message: id,
        recipients: ['bravo'],
      },
    );
    // Nor may alpha read bravo's registration.
    const alphaToken = await login(hub.url, hub.origin, alpha);
    const registration = (
      await get(hub.url, `/v1/record/entries?start=${set.index}&end=${set.index + 1}`, alphaToken)
    ).body as { entries: { entry?: unknown }[] };
    assert.equal(registration.entries[0]?.entry, undefined);
  });

  test('an endpoint failing twice is retried with growing waits, and its delivery recorded once', async () => {
    const before = endpoint.received.length;
    endpoint.replies.push(503, 500);
    const { id, index } = await notifyBravo();
    await endpoint.receivedCount(before + 4);
    const attempts = endpoint.received.slice(before).filter((r) => posted(r).index === index);
    assert.deepEqual(
      attempts.map((r) => r.status),
      [503, 500, 200],
    );
    const [first, second, third] = attempts.map((r) => r.at) as [number, number, number];
    // Equal jitter: at least half of 1 s, then half of 2 s.
    assert.ok(second - first >= 450, `first retry after ${second - first} ms`);
    assert.ok(third - second >= 950, `second retry after ${third - second} ms`);
    // Order is kept: the step waited for the message.
    assert.deepEqual(
      endpoint.received.slice(before).map((r) => posted(r).index),
      [index, index, index, index + 1],
    );

    await acknowledgedThrough(index + 1);
    const delivered = (await entriesOfKind('webhook.delivered')).filter((e) => e.command.entry === index);
    assert.equal(delivered.length, 1);
    assert.equal(delivered[0]?.command.attempts, 3);
    assert.equal((await entriesOfKind('webhook.failed')).length, 0);
    assert.equal((await readState((s) => s.hotline.delivery(id, 'bravo')?.delivery))?.state, 'delivered');
  });

  test('an endpoint that asks to be left alone with Retry-After is, beyond the backoff', async () => {
    const before = endpoint.received.length;
    endpoint.replies.push({ status: 503, headers: { 'retry-after': '3' } });
    const { index } = await notifyBravo();
    await endpoint.receivedCount(before + 2);
    const [first, second] = endpoint.received.slice(before) as [ReceivedRequest, ReceivedRequest];
    assert.deepEqual([posted(first).index, posted(second).index], [index, index]);
    // The backoff alone would have tried again within a second.
    assert.ok(second.at - first.at >= 2900, `retried after ${second.at - first.at} ms`);
    await acknowledgedThrough(index + 1);
  });

  test('an endpoint at an address that is not public is refused at once, and the refusal recorded', async () => {
    await ok(alpha, 'webhook.set', {
      webhook: { name: 'probe', url: 'https://169.254.169.254/latest/meta-data' },
    });
    const before = endpoint.received.length;
    const { index } = await notifyBravo();
    const deadline = Date.now() + 15_000;
    let failed: (Entry & { index: number }) | undefined;
    while (!failed) {
      assert.ok(Date.now() < deadline, 'no webhook.failed for alpha/probe');
      await new Promise((resolve) => setTimeout(resolve, 50));
      failed = (await entriesOfKind('webhook.failed')).find(
        (e) => e.command.webhook === 'alpha/probe' && e.command.entry === index,
      );
    }
    assert.equal(failed.command.attempts, 1);
    assert.match(String(failed.command.reason), /169\.254\.169\.254 is not a public address/);
    assert.ok(endpoint.received.length >= before, 'the loopback endpoint still works');
    await ok(alpha, 'webhook.remove', { webhook: 'probe' });
  });

  test('after a restart only what was not acknowledged is sent again', async () => {
    const first = await notifyBravo();
    await acknowledgedThrough(first.index + 1);
    const before = endpoint.received.length;
    // The next message meets an endpoint that is down, and the hub restarts while it retries.
    endpoint.replies.push(503, 503, 503, 503);
    const second = await notifyBravo();
    await endpoint.receivedCount(before + 1);
    assert.equal(posted(endpoint.received[before] as ReceivedRequest).index, second.index);
    await hub.restart();
    endpoint.replies.length = 0;
    await acknowledgedThrough(second.index + 1);

    const since = endpoint.received.slice(before);
    const taken = since.filter((r) => r.status === 200).map((r) => posted(r).index);
    assert.deepEqual(taken, [second.index, second.index + 1], 'each entry taken once, in order');
    assert.ok(
      since.every((r) => posted(r).index >= second.index),
      'nothing acknowledged before the restart was sent again',
    );
    const delivered = (await entriesOfKind('webhook.delivered')).filter(
      (e) => e.command.entry === second.index,
    );
    assert.equal(delivered.length, 1);
    assert.equal(
      (await readState((s) => s.hotline.delivery(second.id, 'bravo')?.delivery))?.state,
      'delivered',
    );
  });

  test('the sender’s machine hears its message was delivered, and acknowledgments do not echo', async () => {
    const desk = await ok(alpha, 'webhook.set', { webhook: { name: 'desk', url: endpoint.url('/alpha') } });
    const before = endpoint.received.length;
    const { index } = await notifyBravo();
    await acknowledgedThrough(index + 1);
    const ackIndex = (await entriesOfKind('webhook.delivered')).find(
      (e) => e.command.webhook === 'bravo/ops' && e.command.entry === index,
    )?.index;
    assert.ok(ackIndex !== undefined);
    await acknowledgedThrough(ackIndex, 'alpha/desk');
    // Give an echo the time it would need to show.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const toAlpha = endpoint.received.slice(before).filter((r) => r.path === '/alpha');
    assert.deepEqual(
      toAlpha.map((r) => [posted(r).index, posted(r).entry.kind]),
      [
        [index, 'message.send'],
        [index + 1, 'delivery.step'],
        [ackIndex, 'webhook.delivered'],
      ],
    );
    assert.ok(index > desk.index);
    await ok(alpha, 'webhook.remove', { webhook: 'desk' });
  });

  test('a removed endpoint is sent nothing more', async () => {
    await ok(bravo, 'webhook.remove', { webhook: 'ops' });
    const before = endpoint.received.length;
    await notifyBravo();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(endpoint.received.length, before);
  });
});
