// A hub's own record, witnessed: as operators are added and the hub restarts,
// each new checkpoint the hub signs is cosigned by a witness fed the hub's own
// consistency proofs, and the cosigned checkpoint meets a policy of that witness.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { parseCheckpoint, verifyCosignatures } from '../../src/record/index.js';
import { requestCosignature } from '../../src/witness/witness-client.js';
import { oracleVerifyByVkey } from '../support/cosignature-oracle.js';
import { IN_PROCESS_ORIGIN, InProcessHub } from '../support/in-process-hub.js';
import { WitnessUnderTest } from '../support/witness.js';

test('a witness cosigns each checkpoint of a hub’s growing record', async () => {
  const hub = await InProcessHub.start(Date.parse('2026-05-01T08:00:00Z'), ['blue']);
  const witness = await WitnessUnderTest.start([
    { origin: IN_PROCESS_ORIGIN, verifierKey: hub.hub.verifierKey },
  ]);
  try {
    let cosigned = 0;
    for (const name of ['ana', 'ben', 'cy', 'dee', 'eve']) {
      const checkpoint = hub.hub.checkpoint();
      const text = checkpoint.slice(0, checkpoint.lastIndexOf('\n\n') + 1);
      const size = parseCheckpoint(text).size;
      const proof = cosigned === 0 ? [] : await hub.hub.record.consistencyProof(cosigned, size);
      const result = await requestCosignature(witness.url, { oldSize: cosigned, proof, checkpoint });
      assert.equal(result.kind, 'cosigned', JSON.stringify(result));
      const line = `${(result as { signatures: string[] }).signatures[0]}\n`;
      assert.ok(oracleVerifyByVkey(witness.verifierKey, text, line));
      const check = verifyCosignatures(checkpoint + line, {
        logVerifier: hub.hub.verifierKey,
        witnesses: [witness.verifierKey],
        quorum: 1,
      });
      assert.equal(check.quorumMet, true);
      cosigned = size;
      await hub.submit(hub.admin('blue'), 'operator.add', {
        operator: { id: `blue.${name}`, name, public_key: OperatorSigner.generate().publicKey },
        role: 'duty-officer',
      });
      if (name === 'ben') await hub.restart();
    }
    assert.ok(cosigned >= 6, `the record grew to ${cosigned}`);
  } finally {
    await witness.stop();
    await hub.stop();
  }
});
