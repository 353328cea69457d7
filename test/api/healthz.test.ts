// The health check a load balancer asks: a hub alone on its embedded database is the writer, at the
// address it serves at, with the size of its record.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, get } from '../support/api.js';
import { startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
before(async () => {
  hub = await startTestHub();
});
after(() => hub?.stop());

test('a lone hub says it is the writer, where, and how large its record is', async () => {
  const before = (await get(hub.url, '/healthz')).body as { size: number };
  await accept(hub.url, hub.origin, hub.admin, 'party.create', {
    party: { id: 'blue', name: 'Blue' },
    administrator: { id: 'blue.admin', name: 'blue', public_key: OperatorSigner.generate().publicKey },
  });
  const health = await get(hub.url, '/healthz');
  assert.equal(health.status, 200);
  assert.deepEqual(health.body, { status: 'ok', role: 'writer', size: before.size + 1, writer: hub.url });
});
