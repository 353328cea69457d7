// The hotline as each party reads it over HTTP: the sender sees every recipient's delivery, a
// recipient only its own, a third party nothing; templates rendered in the reader's language from
// the same data; the time to acknowledge exported in /metrics.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, assertProblem, get, login, submit } from '../support/api.js';
import { startTestHub, type TestHub } from '../support/hub.js';

interface MessageView {
  id: string;
  from: string;
  rendered?: { title: string; direction: string; fields: { name: string; label: string; value: string }[] };
  deliveries: {
    recipient: string;
    state: string;
    step: { kind: string; operator?: string };
    acknowledged_by?: string;
  }[];
}

describe('reading the hotline', () => {
  let hub: TestHub;
  const keys = {
    blue: OperatorSigner.generate(),
    red: OperatorSigner.generate(),
    green: OperatorSigner.generate(),
  };
  const tokens: Record<string, string> = {};
  const read = async (party: keyof typeof keys, path: string) => {
    const reply = await get(hub.url, path, tokens[party]);
    return reply;
  };

  before(async () => {
    hub = await startTestHub();
    for (const party of ['blue', 'red', 'green'] as const) {
      await accept(hub.url, hub.origin, hub.admin, 'party.create', {
        party: { id: party, name: party },
        administrator: { id: `${party}.admin`, name: party, public_key: keys[party].publicKey },
      });
      tokens[party] = await login(hub.url, hub.origin, keys[party]);
    }
    await accept(hub.url, hub.origin, keys.blue, 'message.send', {
      message: {
        id: 'blue/convoy-notice-1',
        kind: 'notification',
        recipients: [{ party: 'red' }, { party: 'green' }],
        template: {
          name: 'convoy-movement-notice',
          fields: {
            movement: 'blue/convoy-19',
            departure: '2016-09-19T10:00:00Z',
            origin: [36.98, 36.2],
            destination: [36.77, 36.16],
            vehicles: 31,
          },
        },
        text: 'Convoy to Urum al-Kubra.',
      },
    });
  });
  after(() => hub.stop());

  test('the sender sees every delivery; each recipient its own; in the reader’s language', async () => {
    const sent = (await read('blue', '/v1/messages?box=out')).body as { messages: MessageView[] };
    assert.deepEqual(
      sent.messages[0]?.deliveries.map((d) => [d.recipient, d.state, d.step.kind]),
      [
        ['red', 'sent', 'party'],
        ['green', 'sent', 'party'],
      ],
    );
    const inbox = (await read('red', '/v1/messages?box=in&waiting=true&lang=ar')).body as {
      messages: MessageView[];
    };
    const [message] = inbox.messages;
    assert.deepEqual(
      message?.deliveries.map((d) => d.recipient),
      ['red'],
    );
    assert.equal(message?.rendered?.title, 'إشعار بحركة قافلة');
    assert.equal(message?.rendered?.direction, 'rtl');
    assert.equal(message?.rendered?.fields.find((f) => f.name === 'origin')?.value, '36.20000, 36.98000');
    const russian = (await read('red', '/v1/messages/blue/convoy-notice-1?lang=ru')).body as MessageView;
    assert.equal(russian.rendered?.title, 'Уведомление о движении колонны');
    assert.equal((await read('blue', '/v1/messages?box=in')).body instanceof Object, true);
    assert.deepEqual(
      ((await read('blue', '/v1/messages?box=in')).body as { messages: unknown[] }).messages,
      [],
    );
  });

  test('an acknowledgment shows to the sender and in the time-to-acknowledge metric', async () => {
    await accept(hub.url, hub.origin, keys.red, 'delivery.receipt', {
      message: 'blue/convoy-notice-1',
      recipient: 'red',
      state: 'acknowledged',
    });
    const view = (await read('blue', '/v1/messages/blue/convoy-notice-1')).body as MessageView;
    assert.deepEqual(
      view.deliveries.map((d) => [d.recipient, d.state, d.acknowledged_by ?? null]),
      [
        ['red', 'acknowledged', 'red.admin'],
        ['green', 'sent', null],
      ],
    );
    const metrics = await get(hub.url, '/metrics');
    assert.match(
      metrics.text,
      /deconflict_hotline_acknowledgment_seconds_count\{party="red",roster="\(whole party\)",kind="notification"\} 1/,
    );
  });

  test('another party’s deliveries are neither readable nor acknowledgeable', async () => {
    await accept(hub.url, hub.origin, keys.blue, 'message.send', {
      message: {
        id: 'blue/private',
        kind: 'notification',
        recipients: [{ party: 'red' }],
        text: 'For red only.',
      },
    });
    assertProblem(await read('green', '/v1/messages/blue/private'), 404);
    const refused = await submit(hub.url, hub.origin, keys.green, 'delivery.receipt', {
      message: 'blue/private',
      recipient: 'red',
      state: 'acknowledged',
    });
    assertProblem(refused, 404);
    const greenInbox = (await read('green', '/v1/messages')).body as { messages: MessageView[] };
    assert.deepEqual(
      greenInbox.messages.map((m) => m.id),
      ['blue/convoy-notice-1'],
    );
  });
});
