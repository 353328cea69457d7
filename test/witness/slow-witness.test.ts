// A witness that takes connections and never answers holds up neither commands nor cosigning: the
// other two witnesses make the quorum, and the cosigned checkpoint is published without waiting
// for the third (which the hub gives up on only after its timeouts, tens of seconds later).
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { cosignerKeyString, rawPublicKey, verifyCosignatures } from '../../src/record/index.js';
import { accept, get } from '../support/api.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { startTestWitness, type TestWitness } from '../support/hub-witnesses.js';
import { until } from '../support/until.js';

describe('a witness that never answers', () => {
  let hub: TestHub;
  let vkey: string;
  const witnesses: TestWitness[] = [];
  const held: Socket[] = [];
  const silent = createServer((socket) => held.push(socket));
  const silentKey = cosignerKeyString(
    'silent.example',
    rawPublicKey(generateKeyPairSync('ed25519').publicKey),
  );

  before(async () => {
    hub = await startTestHub();
    vkey = (await get(hub.url, '/v1/record/key')).text.trim();
    for (const name of ['prompt-one.example', 'prompt-two.example'])
      witnesses.push(await startTestWitness(name, vkey));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    // The hub's own party is the only one: its administrator's proposal is in force at once.
    await accept(hub.url, hub.origin, hub.admin, 'witnesses.propose', {
      proposal: {
        id: 'hub/with-a-silent-one',
        witnesses: [
          ...witnesses.map((w) => w.entry),
          { name: 'silent.example', key: silentKey, url: `http://127.0.0.1:${port}/` },
        ],
        quorum: 2,
      },
    });
  });
  after(async () => {
    for (const socket of held) socket.destroy();
    silent.close();
    await hub.stop();
    for (const witness of witnesses) await witness.remove();
  });

  test('the two that answer make the quorum without waiting for it', async () => {
    const { size } = await accept(hub.url, hub.origin, hub.admin, 'operator.add', {
      operator: { id: 'hub.watcher', name: 'watcher', public_key: OperatorSigner.generate().publicKey },
      role: 'viewer',
    });
    const check = await until(
      `size ${size} cosigned while the silent witness holds its request`,
      async () => {
        const reply = await get(hub.url, '/v1/record/checkpoint/cosigned');
        if (reply.status !== 200) return false;
        const opened = verifyCosignatures(reply.text, {
          logVerifier: vkey,
          witnesses: [...witnesses.map((w) => w.key), silentKey],
          quorum: 2,
        });
        return opened.checkpoint.size === size && opened;
      },
    );
    assert.deepEqual(check.cosigned.map((c) => c.name).sort(), ['prompt-one.example', 'prompt-two.example']);
    assert.ok(held.length > 0, 'the silent witness was asked and is still holding the request');
  });
});
