// What a duty officer needs to write a message, through the real HTTP API: the parties' rosters to
// address (their duties only; who is on them and when stays their own) and the templates with their
// fields in the officer's language, the reply templates among them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, assertProblem, get, login, problemFields, submit } from '../support/api.js';
import { startTestHub, type TestHub } from '../support/hub.js';

interface PartyListing {
  id: string;
  rosters: string[];
}

interface TemplateListing {
  name: string;
  kinds: string[];
  title: string;
  hub_notice: boolean;
  fields: { name: string; type: string; required: boolean; label: string; choices?: unknown[] }[];
}

describe('addressing a hotline message', () => {
  let hub: TestHub;
  const red = OperatorSigner.generate();
  const blue = OperatorSigner.generate();
  let blueToken: string;

  before(async () => {
    hub = await startTestHub();
    for (const [party, signer] of [
      ['red', red],
      ['blue', blue],
    ] as const) {
      await accept(hub.url, hub.origin, hub.admin, 'party.create', {
        party: { id: party, name: party },
        administrator: { id: `${party}.admin`, name: party, public_key: signer.publicKey },
      });
    }
    for (const duty of ['ground-liaison', 'air-deconfliction']) {
      await accept(hub.url, hub.origin, red, 'roster.set', {
        roster: { duty, members: [{ operator: 'red.admin', shifts: [] }], chief: 'red.admin' },
      });
    }
    blueToken = await login(hub.url, hub.origin, blue);
  });
  after(() => hub.stop());

  test('another party’s rosters are listed by duty, without their members', async () => {
    const reply = await get(hub.url, '/v1/parties', blueToken);
    assert.equal(reply.status, 200);
    const parties = (reply.body as { parties: PartyListing[] }).parties;
    assert.deepEqual(
      parties.map(({ id, rosters }) => ({ id, rosters })),
      [
        { id: 'blue', rosters: [] },
        { id: 'hub', rosters: [] },
        { id: 'red', rosters: ['air-deconfliction', 'ground-liaison'] },
      ],
    );
    assert.doesNotMatch(reply.text, /red\.admin/, 'nothing of who is on red’s rosters');
  });

  test('the templates come with their fields, labelled in the reader’s language', async () => {
    const reply = await get(hub.url, '/v1/hotline/templates?lang=ru', blueToken);
    assert.equal(reply.status, 200);
    const templates = (reply.body as { templates: TemplateListing[] }).templates;
    const stop = templates.find((template) => template.name === 'stop-request');
    assert.equal(stop?.title, 'Требование прекратить');
    assert.deepEqual(stop?.kinds, ['urgent-request']);
    assert.equal(stop?.hub_notice, false);
    assert.deepEqual(stop?.fields[0], {
      name: 'position',
      type: 'position',
      required: true,
      label: 'Координаты',
    });
    assert.equal(templates.find((template) => template.name === 'request-expired')?.hub_notice, true);
    const alert = templates.find((template) => template.name === 'track-alert');
    assert.deepEqual(alert?.fields.find((field) => field.name === 'stage')?.choices, [
      { value: 'begin', label: 'Началось' },
      { value: 'end', label: 'Завершилось' },
    ]);
    assert.deepEqual(
      templates.filter((template) => template.kinds.includes('reply')).map((template) => template.name),
      ['acknowledgment', 'action-taken'],
    );
    assertProblem(await get(hub.url, '/v1/hotline/templates?lang=fr', blueToken), 400);
    assertProblem(await get(hub.url, '/v1/hotline/templates'), 401);
  });

  test('a party cannot send the hub’s own notices, which a recipient would take for the hub’s words', async () => {
    for (const name of ['conflict-notice', 'track-alert', 'request-expired', 'incident-notice']) {
      const refused = await submit(hub.url, hub.origin, blue, 'message.send', {
        message: {
          id: `blue/${crypto.randomUUID()}`,
          kind: name === 'track-alert' ? 'urgent-request' : 'notification',
          ...(name === 'track-alert' ? { action: 'divert' } : {}),
          recipients: [{ party: 'red' }],
          template: { name, fields: {} },
        },
      });
      assertProblem(refused, 400);
      assert.deepEqual(problemFields(refused), ['/command/message/template/name'], name);
      assert.match(refused.text, new RegExp(`${name} is the hub’s own notice`));
    }
  });

  test('a reply reports the action taken, with what was done and when', async () => {
    const request = {
      id: 'blue/hold-1',
      kind: 'urgent-request',
      action: 'hold',
      recipients: [{ party: 'red', duty: 'ground-liaison' }],
      text: 'Hold the convoy at the checkpoint.',
    };
    await accept(hub.url, hub.origin, blue, 'message.send', { message: request });
    const reply = (fields: Record<string, unknown>) => ({
      message: {
        id: `red/${crypto.randomUUID()}`,
        kind: 'reply',
        reply_to: request.id,
        recipients: [{ party: 'blue' }],
        template: { name: 'action-taken', fields },
      },
    });
    const refused = await submit(
      hub.url,
      hub.origin,
      red,
      'message.send',
      reply({ message: request.id, time: '2026-09-19T12:00:00Z' }),
    );
    assertProblem(refused, 400);
    assert.deepEqual(problemFields(refused), ['/command/message/template/fields/action']);
    await accept(
      hub.url,
      hub.origin,
      red,
      'message.send',
      reply({ message: request.id, action: 'Convoy held at the checkpoint.', time: '2026-09-19T12:00:00Z' }),
    );
  });
});
