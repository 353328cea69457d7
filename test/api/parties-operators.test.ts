// Parties, operators, roles and keys through the real HTTP API, on a hub over SQLite in a temp dir.
// "Nothing written" is checked on the record itself: /healthz size and the signed checkpoint.
import assert from 'node:assert/strict';
import { verify } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { canonicalBytes, type Entry, publicKeyFromRaw } from '../../src/record/index.js';
import {
  accept,
  assertProblem,
  get,
  login,
  postCommand,
  postSession,
  problemFields,
  type Reply,
  recordView,
  signCommand,
  submit,
} from '../support/api.js';
import { describeRun, printed, runCli } from '../support/cli.js';
import { startTestHub, type TestHub } from '../support/hub.js';

interface OperatorView {
  id: string;
  party: string;
  role: string;
  keys: { id: string; public_key: string; status: string; since: string; until?: string }[];
}

describe('parties and operators', () => {
  let hub: TestHub;
  let adminToken: string;
  const alphaAdmin = OperatorSigner.generate();
  const bravoAdmin = OperatorSigner.generate();
  const alphaDuty = OperatorSigner.generate();
  const alphaViewer = OperatorSigner.generate();
  /** alpha.admin's key: replaced by the rotation test. */
  let alphaAdminNow = alphaAdmin;

  const send = (signer: OperatorSigner, type: string, fields: Record<string, unknown>) =>
    submit(hub.url, hub.origin, signer, type, fields);
  const ok = (signer: OperatorSigner, type: string, fields: Record<string, unknown>) =>
    accept(hub.url, hub.origin, signer, type, fields);
  const newOperator = (id: string, signer: OperatorSigner, name = id) => ({
    id,
    name,
    public_key: signer.publicKey,
  });

  /** Runs `act` and checks the record is exactly as before: same size, same signed root, same checkpoint. */
  async function nothingWritten(act: () => Promise<void>): Promise<void> {
    const before = await recordView(hub.url, adminToken);
    await act();
    const after = await recordView(hub.url, adminToken);
    assert.deepEqual(after, before, 'the record changed');
    assert.equal(after.healthSize, after.size);
  }

  async function operatorsOf(party: string): Promise<Map<string, OperatorView>> {
    const reply = await get(hub.url, `/v1/operators?party=${party}`, adminToken);
    assert.equal(reply.status, 200, reply.text);
    const { operators } = reply.body as { operators: OperatorView[] };
    return new Map(operators.map((operator) => [operator.id, operator]));
  }

  before(async () => {
    hub = await startTestHub();
    adminToken = await login(hub.url, hub.origin, hub.admin);
  });
  after(() => hub.stop());

  test('a hub administrator admits parties, each with its first administrator', async () => {
    const alpha = await ok(hub.admin, 'party.create', {
      party: { id: 'alpha', name: 'Alpha forces' },
      administrator: newOperator('alpha.admin', alphaAdmin),
    });
    const bravo = await ok(hub.admin, 'party.create', {
      party: { id: 'bravo', name: 'Bravo relief' },
      administrator: newOperator('bravo.admin', bravoAdmin),
    });
    assert.deepEqual([alpha.index, bravo.index], [1, 2]);
    assert.equal(bravo.size, 3);

    const parties = await get(hub.url, '/v1/parties', adminToken);
    assert.equal(parties.status, 200);
    const listed = parties.body as { hub_party: string; parties: { id: string; name: string }[] };
    assert.equal(listed.hub_party, 'hub');
    assert.deepEqual(listed.parties.map((party) => party.id).sort(), ['alpha', 'bravo', 'hub']);

    const alphaToken = await login(hub.url, hub.origin, alphaAdmin);
    const me = await get(hub.url, '/v1/me', alphaToken);
    assert.equal(me.status, 200);
    assert.deepEqual(
      {
        id: (me.body as OperatorView).id,
        party: (me.body as OperatorView).party,
        role: (me.body as OperatorView).role,
      },
      { id: 'alpha.admin', party: 'alpha', role: 'administrator' },
    );
  });

  test('only a hub administrator admits parties, once each, with keys nobody holds', async () => {
    await nothingWritten(async () => {
      const byPartyAdmin = await send(alphaAdmin, 'party.create', {
        party: { id: 'charlie', name: 'Charlie' },
        administrator: newOperator('charlie.admin', OperatorSigner.generate()),
      });
      assertProblem(byPartyAdmin, 403, 'forbidden');

      const again = await send(hub.admin, 'party.create', {
        party: { id: 'alpha', name: 'Alpha again' },
        administrator: newOperator('alpha.admin-2', OperatorSigner.generate()),
      });
      assertProblem(again, 409, 'conflict');
      assert.deepEqual(problemFields(again), ['/command/party/id']);

      const takenKey = await send(hub.admin, 'party.create', {
        party: { id: 'charlie', name: 'Charlie' },
        administrator: newOperator('charlie.admin', alphaAdmin),
      });
      assertProblem(takenKey, 409, 'conflict');
      assert.deepEqual(problemFields(takenKey), ['/command/administrator/public_key']);
    });
  });

  test('a party administrator adds operators with roles', async () => {
    await ok(alphaAdmin, 'operator.add', {
      operator: newOperator('alpha.duty', alphaDuty),
      role: 'duty-officer',
    });
    await ok(alphaAdmin, 'operator.add', {
      operator: newOperator('alpha.viewer', alphaViewer),
      role: 'viewer',
    });
    const alpha = await operatorsOf('alpha');
    assert.deepEqual([...alpha.values()].map((operator) => [operator.id, operator.role]).sort(), [
      ['alpha.admin', 'administrator'],
      ['alpha.duty', 'duty-officer'],
      ['alpha.viewer', 'viewer'],
    ]);
    assert.equal(alpha.get('alpha.duty')?.keys[0]?.id, alphaDuty.keyId);
    assert.equal(alpha.get('alpha.duty')?.keys[0]?.status, 'active');

    const dutyToken = await login(hub.url, hub.origin, alphaDuty);
    const me = await get(hub.url, '/v1/me', dutyToken);
    assert.equal((me.body as OperatorView).role, 'duty-officer');
    assert.equal((me.body as OperatorView).party, 'alpha');
  });

  test('an operator id belongs to its party: another party cannot take it, its own party can', async () => {
    await nothingWritten(async () => {
      const squat = await send(bravoAdmin, 'operator.add', {
        operator: newOperator('alpha.duty3', OperatorSigner.generate()),
        role: 'duty-officer',
      });
      assertProblem(squat, 400, 'invalid-request');
      assert.deepEqual(problemFields(squat), ['/command/operator/id']);
      assert.match(JSON.stringify(squat.body), /must start with bravo\./);
      for (const id of ['duty3', 'bravo.', 'bravo-duty3', 'bravox.duty3']) {
        const outside = await send(bravoAdmin, 'operator.add', {
          operator: newOperator(id, OperatorSigner.generate()),
          role: 'viewer',
        });
        assertProblem(outside, 400, 'invalid-request');
        assert.deepEqual(problemFields(outside), ['/command/operator/id'], id);
      }
      const foreignAdministrator = await send(hub.admin, 'party.create', {
        party: { id: 'charlie', name: 'Charlie' },
        administrator: newOperator('alpha.chief', OperatorSigner.generate()),
      });
      assertProblem(foreignAdministrator, 400, 'invalid-request');
      assert.deepEqual(problemFields(foreignAdministrator), ['/command/administrator/id']);
    });

    const real = OperatorSigner.generate();
    await ok(alphaAdmin, 'operator.add', {
      operator: newOperator('alpha.duty3', real),
      role: 'duty-officer',
    });
    assert.equal((await operatorsOf('alpha')).get('alpha.duty3')?.party, 'alpha');
    assert.equal((await operatorsOf('bravo')).has('alpha.duty3'), false);
    const me = await get(hub.url, '/v1/me', await login(hub.url, hub.origin, real));
    assert.deepEqual(
      [(me.body as OperatorView).id, (me.body as OperatorView).party],
      ['alpha.duty3', 'alpha'],
    );
  });

  test('a duty officer or a viewer cannot add operators or change roles (403, nothing written)', async () => {
    await nothingWritten(async () => {
      const add = await send(alphaDuty, 'operator.add', {
        operator: newOperator('alpha.extra', OperatorSigner.generate()),
        role: 'viewer',
      });
      assertProblem(add, 403, 'forbidden');
      const promoteSelf = await send(alphaDuty, 'operator.set-role', {
        operator: 'alpha.duty',
        role: 'administrator',
      });
      assertProblem(promoteSelf, 403, 'forbidden');
      const byViewer = await send(alphaViewer, 'operator.set-role', {
        operator: 'alpha.duty',
        role: 'viewer',
      });
      assertProblem(byViewer, 403, 'forbidden');
      const viewerRevokes = await send(alphaViewer, 'key.revoke', {
        operator: 'alpha.duty',
        key: alphaDuty.keyId,
      });
      assertProblem(viewerRevokes, 403, 'forbidden');
    });
  });

  test('an administrator of one party cannot change another party’s operators (404, nothing written)', async () => {
    await nothingWritten(async () => {
      const replies: Reply[] = [
        await send(alphaAdmin, 'operator.set-role', { operator: 'bravo.admin', role: 'viewer' }),
        await send(alphaAdmin, 'key.revoke', { operator: 'bravo.admin', key: bravoAdmin.keyId }),
        await send(alphaAdmin, 'key.rotate', {
          operator: 'bravo.admin',
          public_key: OperatorSigner.generate().publicKey,
        }),
        // The hub's own administrators administer parties, not other parties' operators.
        await send(hub.admin, 'operator.set-role', { operator: 'bravo.admin', role: 'viewer' }),
      ];
      for (const reply of replies) {
        assertProblem(reply, 404, 'not-found');
        assert.deepEqual(problemFields(reply), ['/command/operator']);
        // Absent and not-yours read the same, so the answer leaks nothing about bravo.
        assert.doesNotMatch(String((reply.body as { detail: string }).detail), /forbid|another party/i);
      }
    });
    const bravo = (await operatorsOf('bravo')).get('bravo.admin');
    assert.equal(bravo?.role, 'administrator');
    assert.equal(bravo?.keys[0]?.status, 'active');
  });

  test('the last administrator of a party cannot be demoted', async () => {
    await nothingWritten(async () => {
      const demoteSelf = await send(bravoAdmin, 'operator.set-role', {
        operator: 'bravo.admin',
        role: 'viewer',
      });
      assertProblem(demoteSelf, 409, 'conflict');
      assert.deepEqual(problemFields(demoteSelf), ['/command/role']);
    });
    const second = OperatorSigner.generate();
    await ok(bravoAdmin, 'operator.add', {
      operator: newOperator('bravo.second', second),
      role: 'administrator',
    });
    await ok(second, 'operator.set-role', { operator: 'bravo.admin', role: 'duty-officer' });
    assert.equal((await operatorsOf('bravo')).get('bravo.admin')?.role, 'duty-officer');
    await nothingWritten(async () => {
      const demoteLast = await send(second, 'operator.set-role', {
        operator: 'bravo.second',
        role: 'viewer',
      });
      assertProblem(demoteLast, 409, 'conflict');
    });
  });

  test('a command racing its key’s revocation is either recorded before it or refused', async () => {
    for (let round = 0; round < 5; round++) {
      const victim = OperatorSigner.generate();
      await ok(alphaAdmin, 'operator.add', {
        operator: newOperator(`alpha.racer-${round}`, victim),
        role: 'administrator',
      });
      const burst = Array.from({ length: 6 }, (_, i) =>
        send(victim, 'operator.add', {
          operator: newOperator(`alpha.race-${round}-${i}`, OperatorSigner.generate()),
          role: 'viewer',
        }),
      );
      const revoke = send(alphaAdmin, 'key.revoke', { operator: `alpha.racer-${round}`, key: victim.keyId });
      const [revoked, ...replies] = await Promise.all([revoke, ...burst]);
      assert.equal(revoked.status, 201, revoked.text);
      const revokedAt = (revoked.body as { index: number }).index;
      for (const reply of replies) {
        if (reply.status === 201) {
          assert.ok(
            (reply.body as { index: number }).index < revokedAt,
            'an entry signed after its key was revoked',
          );
        } else {
          assertProblem(reply, 401, 'unauthenticated');
        }
      }
    }
  });

  test('key rotation: the old key is refused afterwards, the new one works, old entries still verify', async () => {
    const oldToken = await login(hub.url, hub.origin, alphaAdmin);
    const signedByOld = await ok(alphaAdmin, 'operator.add', {
      operator: newOperator('alpha.before', OperatorSigner.generate()),
      role: 'viewer',
    });
    const rotated = OperatorSigner.generate();
    await ok(alphaAdmin, 'key.rotate', { operator: 'alpha.admin', public_key: rotated.publicKey });

    await nothingWritten(async () => {
      const oldSigns = await send(alphaAdmin, 'operator.add', {
        operator: newOperator('alpha.stale', OperatorSigner.generate()),
        role: 'viewer',
      });
      assertProblem(oldSigns, 401, 'unauthenticated');
      assert.match((oldSigns.body as { detail: string }).detail, /rotated/);
      assertProblem(await postSession(hub.url, signCommand(alphaAdmin, hub.origin, 'login')), 401);
      // The old key's session ended with it.
      assertProblem(await get(hub.url, '/v1/me', oldToken), 401, 'unauthenticated');
    });

    const newToken = await login(hub.url, hub.origin, rotated);
    const me = (await get(hub.url, '/v1/me', newToken)).body as OperatorView;
    assert.equal(me.id, 'alpha.admin');
    assert.deepEqual(
      me.keys.map((key) => [key.id, key.status, key.until !== undefined]),
      [
        [alphaAdmin.keyId, 'rotated', true],
        [rotated.keyId, 'active', false],
      ],
    );
    await ok(rotated, 'operator.add', {
      operator: newOperator('alpha.after', OperatorSigner.generate()),
      role: 'viewer',
    });

    // The entry the old key signed still carries and verifies with that key.
    const page = await get(
      hub.url,
      `/v1/record/entries?start=${signedByOld.index}&end=${signedByOld.index + 1}`,
      newToken,
    );
    const entry = (page.body as { entries: { entry: Entry }[] }).entries[0]?.entry as Entry;
    assert.deepEqual(entry.author, { party: 'alpha', operator: 'alpha.admin', key: alphaAdmin.keyId });
    const oldPublic = publicKeyFromRaw(Buffer.from(alphaAdmin.publicKey, 'base64'));
    assert.ok(verify(null, canonicalBytes(entry.command), oldPublic, Buffer.from(entry.signature, 'base64')));

    const audit = await runCli(['verify', hub.dir.path]);
    assert.equal(audit.code, 0, describeRun(audit));
    const view = await recordView(hub.url, newToken);
    assert.deepEqual(printed<{ entries: number }>(audit).entries, view.size);
    alphaAdminNow = rotated;
  });

  test('revocation ends the key’s sessions at once', async () => {
    const viewerToken = await login(hub.url, hub.origin, alphaViewer);
    assert.equal((await get(hub.url, '/v1/me', viewerToken)).status, 200);
    await ok(alphaAdminNow, 'key.revoke', { operator: 'alpha.viewer', key: alphaViewer.keyId });

    const afterRevoke = await get(hub.url, '/v1/me', viewerToken);
    assertProblem(afterRevoke, 401, 'unauthenticated');
    assertProblem(await get(hub.url, '/v1/record/checkpoint', viewerToken), 401);
    await nothingWritten(async () => {
      const relogin = await postSession(hub.url, signCommand(alphaViewer, hub.origin, 'login'));
      assertProblem(relogin, 401, 'unauthenticated');
      assert.match((relogin.body as { detail: string }).detail, /revoked/);
      const signs = await send(alphaViewer, 'key.rotate', {
        operator: 'alpha.viewer',
        public_key: OperatorSigner.generate().publicKey,
      });
      assertProblem(signs, 401, 'unauthenticated');
      const twice = await send(alphaAdminNow, 'key.revoke', {
        operator: 'alpha.viewer',
        key: alphaViewer.keyId,
      });
      assertProblem(twice, 409, 'conflict');
    });
    const viewer = (await operatorsOf('alpha')).get('alpha.viewer');
    assert.equal(viewer?.keys[0]?.status, 'revoked');
  });

  test('logins and reads need a token (401 without)', async () => {
    const reads = ['/v1/me', '/v1/parties', '/v1/operators', '/v1/record/entries?start=0&end=1'];
    // The record's public face (sizes and hashes, no content) needs no token; a bad one is refused.
    const publicReads = [
      '/v1/record/checkpoint',
      '/v1/record/proof/inclusion?index=0&size=1',
      '/v1/record/proof/consistency?from=1&to=1',
      '/v1/record/tile/0/000.p/1',
      '/v1/record/witnesses',
    ];
    for (const path of publicReads) {
      assert.equal((await get(hub.url, path)).status, 200, path);
      assertProblem(await get(hub.url, path, 'made-up-token-made-up-token-0123'), 401, 'unauthenticated');
    }
    for (const path of reads) {
      const none = await get(hub.url, path);
      assertProblem(none, 401, 'unauthenticated');
      assert.deepEqual((none.body as { errors: unknown }).errors, [
        { field: 'header:authorization', reason: 'missing bearer token' },
      ]);
      assertProblem(await get(hub.url, path, 'made-up-token-made-up-token-0123'), 401, 'unauthenticated');
      const basic = await fetch(`${hub.url}${path}`, {
        headers: { authorization: `Basic ${btoa('admin:admin')}` },
      });
      assert.equal(basic.status, 401, path);
      await basic.body?.cancel();
    }
    // The verifier key and liveness are public too.
    assert.equal((await get(hub.url, '/v1/record/key')).status, 200);
    assert.equal((await get(hub.url, '/healthz')).status, 200);

    await nothingWritten(async () => {
      const stranger = OperatorSigner.generate();
      assertProblem(
        await postSession(hub.url, signCommand(stranger, hub.origin, 'login')),
        401,
        'unauthenticated',
      );
      // Signed by a stranger but claiming the admin's key: the signature does not verify.
      const forged = { ...signCommand(stranger, hub.origin, 'login'), key: hub.admin.keyId };
      const reply = await postSession(hub.url, forged);
      assertProblem(reply, 401, 'unauthenticated');
      assert.deepEqual(problemFields(reply), ['/signature']);
      // A command type is not a login.
      const notLogin = await postSession(hub.url, signCommand(hub.admin, hub.origin, 'operator.add'));
      assertProblem(notLogin, 400, 'invalid-request');
    });
  });

  test('a replayed command is refused as replayed (409) and writes nothing', async () => {
    const signed = signCommand(alphaAdminNow, hub.origin, 'operator.add', {
      operator: newOperator('alpha.once', OperatorSigner.generate()),
      role: 'viewer',
    });
    assert.equal((await postCommand(hub.url, signed)).status, 201);
    await nothingWritten(async () => {
      const again = await postCommand(hub.url, signed);
      assertProblem(again, 409, 'replayed');
      assert.deepEqual(problemFields(again), ['/command/nonce']);
    });

    // The same body twice at once: exactly one gets in.
    const twin = signCommand(alphaAdminNow, hub.origin, 'operator.add', {
      operator: newOperator('alpha.twin', OperatorSigner.generate()),
      role: 'viewer',
    });
    const before = await recordView(hub.url, adminToken);
    const both = await Promise.all([postCommand(hub.url, twin), postCommand(hub.url, twin)]);
    assert.deepEqual(both.map((reply) => reply.status).sort(), [201, 409]);
    assert.equal((await recordView(hub.url, adminToken)).size, before.size + 1);

    // A login's nonce is burned too.
    const loginBody = signCommand(alphaAdminNow, hub.origin, 'login');
    assert.equal((await postSession(hub.url, loginBody)).status, 201);
    assertProblem(await postSession(hub.url, loginBody), 409, 'replayed');
  });

  test('a command signed more than 5 minutes from the hub’s time is refused, naming /command/time', async () => {
    const minute = 60_000;
    await nothingWritten(async () => {
      for (const offset of [-6 * minute, 6 * minute, -365 * 24 * 60 * minute]) {
        const signed = signCommand(
          alphaAdminNow,
          hub.origin,
          'operator.add',
          { operator: newOperator('alpha.late', OperatorSigner.generate()), role: 'viewer' },
          Date.now() + offset,
        );
        const reply = await postCommand(hub.url, signed);
        assertProblem(reply, 401, 'unauthenticated');
        assert.deepEqual(problemFields(reply), ['/command/time']);
        const oldLogin = await postSession(
          hub.url,
          signCommand(alphaAdminNow, hub.origin, 'login', {}, Date.now() + offset),
        );
        assertProblem(oldLogin, 401);
        assert.deepEqual(problemFields(oldLogin), ['/command/time']);
      }
    });
    // Within the window is fine.
    const early = signCommand(
      alphaAdminNow,
      hub.origin,
      'operator.add',
      { operator: newOperator('alpha.early', OperatorSigner.generate()), role: 'viewer' },
      Date.now() - 4 * minute,
    );
    assert.equal((await postCommand(hub.url, early)).status, 201);
  });

  test('a command signed for another hub is refused, naming /command/hub', async () => {
    await nothingWritten(async () => {
      for (const origin of ['other.deconflict.dev/hub', `${hub.origin}/`, hub.origin.toUpperCase()]) {
        const signed = signCommand(alphaAdminNow, origin, 'operator.add', {
          operator: newOperator('alpha.elsewhere', OperatorSigner.generate()),
          role: 'viewer',
        });
        const reply = await postCommand(hub.url, signed);
        assertProblem(reply, 401, 'unauthenticated');
        assert.deepEqual(problemFields(reply), ['/command/hub']);
        assertProblem(await postSession(hub.url, signCommand(alphaAdminNow, origin, 'login')), 401);
      }
    });
  });
});
