// A captured command or login must not work again after the hub restarts within its 5 minutes:
// command nonces are rebuilt from the record, login nonces from the store.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { assertProblem, postCommand, postSession, signCommand } from '../support/api.js';
import { foundTestHub, serveInProcess } from '../support/hub.js';

test('replayed commands and logins are refused after a restart', async () => {
  const founded = await foundTestHub();
  try {
    const command = signCommand(founded.admin, founded.origin, 'party.create', {
      party: { id: 'sarc', name: 'Syrian Arab Red Crescent' },
      administrator: {
        id: 'sarc.admin',
        name: 'SARC administrator',
        public_key: OperatorSigner.generate().publicKey,
      },
    });
    const login = signCommand(founded.admin, founded.origin, 'login');
    const first = await serveInProcess(founded.dir);
    assert.equal((await postCommand(first.url, command)).status, 201);
    assert.equal((await postSession(first.url, login)).status, 201);
    await first.stop();

    const second = await serveInProcess(founded.dir);
    try {
      assertProblem(await postCommand(second.url, command), 409, 'replayed');
      assertProblem(await postSession(second.url, login), 409, 'replayed');
      assert.equal(second.hub.record.size, 2);
    } finally {
      await second.stop();
    }
  } finally {
    founded.remove();
  }
});
