// The record endpoints over HTTP on a record of 40 entries: checkpoints, entries, every inclusion and
// consistency proof against the checkpoints collected as the record grew, tiles, and the
// operational endpoints (OpenAPI, docs, metrics).
import assert from 'node:assert/strict';
import { createHash, verify } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import {
  canonicalBytes,
  type Entry,
  hashLeaf,
  noteVerifier,
  openCheckpoint,
  publicKeyFromRaw,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from '../../src/record/index.js';
import {
  assertProblem,
  decodeHash,
  get,
  login,
  postCommand,
  problemFields,
  signCommand,
} from '../support/api.js';
import { mapLimit } from '../support/concurrency.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const SIZE = 40;

interface Served {
  index: number;
  leaf_hash: string;
  entry?: Entry;
}

/**
 * Checks a C2SP signed note against a verifier key without the hub's own code: key id =
 * SHA-256(name, "\n", 0x01, public key)[:4], Ed25519 over the note text, "— name base64(id‖sig)".
 */
function independentlyVerifies(note: string, vkey: string): boolean {
  // name+hex+base64, where the base64 may itself hold a '+'.
  const [, name = '', idHex = '', keyBase64 = ''] = /^([^+]+)\+([0-9a-f]{8})\+(.+)$/.exec(vkey) ?? [];
  const key = Buffer.from(keyBase64, 'base64');
  if (key[0] !== 0x01 || key.length !== 33) return false;
  const publicKey = key.subarray(1);
  const id = createHash('sha256')
    .update(Buffer.concat([Buffer.from(`${name}\n`), Buffer.from([0x01]), publicKey]))
    .digest()
    .subarray(0, 4);
  if (id.toString('hex') !== idHex) return false;
  const split = note.lastIndexOf('\n\n');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2).split('\n');
  if (lines.pop() !== '') return false;
  return lines.some((line) => {
    const match = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!match || match[1] !== name) return false;
    const blob = Buffer.from(match[2] as string, 'base64');
    return (
      blob.length === 68 &&
      blob.subarray(0, 4).equals(id) &&
      verify(null, Buffer.from(text), publicKeyFromRaw(publicKey), blob.subarray(4))
    );
  });
}

describe('the record over HTTP', () => {
  let hub: TestHub;
  let token: string;
  let vkey: string;
  const sentNonces: string[] = [];
  const servedNonces: string[] = [];
  /** Signed roots as the record grew, by size, each from a checkpoint the hub handed out. */
  const roots = new Map<number, Uint8Array>();
  const checkpoints = new Map<number, string>();
  let leaves: Uint8Array[] = [];

  before(async () => {
    hub = await startTestHub();
    token = await login(hub.url, hub.origin, hub.admin);
    vkey = (await get(hub.url, '/v1/record/key')).text.trim();
    const verifiers = [noteVerifier(vkey)];
    const first = await get(hub.url, '/v1/record/checkpoint', token);
    checkpoints.set(1, first.text);
    roots.set(1, openCheckpoint(first.text, verifiers).root);
    for (let i = 1; i < SIZE; i++) {
      const signed = signCommand(hub.admin, hub.origin, 'operator.add', {
        operator: {
          id: `hub.op-${String(i).padStart(3, '0')}`,
          name: `Operator ${i}`,
          public_key: OperatorSigner.generate().publicKey,
        },
        role: i % 3 === 0 ? 'duty-officer' : 'viewer',
      });
      sentNonces[i] = String(signed.command.nonce);
      const reply = await postCommand(hub.url, signed);
      assert.equal(reply.status, 201, reply.text);
      const accepted = reply.body as { index: number; size: number; checkpoint: string };
      assert.equal(accepted.index, i);
      assert.equal(accepted.size, i + 1);
      const opened = openCheckpoint(accepted.checkpoint, verifiers);
      assert.equal(opened.size, i + 1);
      checkpoints.set(opened.size, accepted.checkpoint);
      roots.set(opened.size, opened.root);
    }
    const page = await get(hub.url, `/v1/record/entries?start=0&end=${SIZE}`, token);
    assert.equal(page.status, 200, page.text);
    const served = (page.body as { entries: Served[] }).entries;
    leaves = served.map((item) => decodeHash(item.leaf_hash));
    for (const item of served) servedNonces.push(String(item.entry?.command.nonce));
  });
  after(() => hub.stop());

  test('the latest checkpoint is a C2SP tlog-checkpoint signed by the key at /v1/record/key', async () => {
    const keyReply = await get(hub.url, '/v1/record/key');
    assert.match(keyReply.contentType, /^text\/plain/);
    assert.match(vkey, /^test\.deconflict\.dev\/hub\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/);

    const reply = await get(hub.url, '/v1/record/checkpoint', token);
    assert.equal(reply.status, 200);
    assert.match(reply.contentType, /^text\/plain/);
    const [origin, size, root, blank, signature] = reply.text.split('\n');
    assert.equal(origin, hub.origin);
    assert.equal(size, String(SIZE));
    assert.equal(Buffer.from(root ?? '', 'base64').length, 32);
    assert.equal(blank, '');
    assert.match(signature ?? '', /^\u2014 test\.deconflict\.dev\/hub [A-Za-z0-9+/]+=*$/);

    const opened = openCheckpoint(reply.text, [noteVerifier(vkey)]);
    assert.equal(opened.origin, hub.origin);
    assert.equal(opened.size, SIZE);
    assert.deepEqual(opened.root, rootFromLeafHashes(leaves));
    assert.ok(independentlyVerifies(reply.text, vkey), 'a plain C2SP verifier refuses the checkpoint');
    for (const text of checkpoints.values()) assert.ok(independentlyVerifies(text, vkey));

    // Another key of the same name does not verify it.
    const other = await startTestHub();
    try {
      const otherKey = other.running.hub.verifierKey;
      assert.notEqual(otherKey, vkey);
      assert.throws(() => openCheckpoint(reply.text, [noteVerifier(otherKey)]));
      assert.equal(independentlyVerifies(reply.text, otherKey), false);
    } finally {
      await other.stop();
    }
  });

  test('entries by range: full content where visible, the leaf hash always', async () => {
    const page = await get(hub.url, `/v1/record/entries?start=0&end=${SIZE}`, token);
    const body = page.body as { size: number; entries: Served[] };
    assert.equal(body.size, SIZE);
    assert.deepEqual(
      body.entries.map((item) => item.index),
      Array.from({ length: SIZE }, (_, i) => i),
    );
    for (const item of body.entries) {
      assert.ok(item.entry, `entry ${item.index} has no content`);
      assert.deepEqual(hashLeaf(canonicalBytes(item.entry)), decodeHash(item.leaf_hash));
      assert.deepEqual(Object.keys(item.entry).sort(), [
        'author',
        'command',
        'kind',
        'salt',
        'signature',
        'time',
        'v',
        'visibility',
      ]);
      assert.equal(item.entry.v, 1);
      assert.ok(Buffer.from(item.entry.salt, 'base64').length >= 16);
    }
    assert.equal(body.entries[0]?.entry?.kind, 'hub.genesis');
    assert.equal(body.entries[0]?.entry?.command.verifier_key, vkey);
    assert.equal(body.entries[7]?.entry?.kind, 'operator.add');
    assert.deepEqual(body.entries[7]?.entry?.author, {
      party: 'hub',
      operator: 'hub.admin',
      key: hub.admin.keyId,
    });

    // A page in the middle, an empty page, the last entry.
    const middle = (await get(hub.url, '/v1/record/entries?start=10&end=20', token)).body as {
      entries: Served[];
    };
    assert.deepEqual(middle.entries, body.entries.slice(10, 20));
    const empty = (await get(hub.url, '/v1/record/entries?start=5&end=5', token)).body as {
      entries: Served[];
    };
    assert.deepEqual(empty.entries, []);
    const last = (await get(hub.url, `/v1/record/entries?start=${SIZE - 1}&end=${SIZE}`, token)).body as {
      entries: Served[];
    };
    assert.deepEqual(last.entries, body.entries.slice(-1));

    for (const query of [
      `start=0&end=${SIZE + 1}`,
      'start=10&end=5',
      'start=0&end=1001',
      'start=-1&end=3',
      'start=a&end=1',
    ]) {
      assertProblem(await get(hub.url, `/v1/record/entries?${query}`, token), 400);
    }
    const tooFar = await get(hub.url, `/v1/record/entries?start=0&end=${SIZE + 1}`, token);
    assert.deepEqual(problemFields(tooFar), ['query:end']);
  });

  test('an inclusion proof for every entry at every size verifies against the checkpoint of that size', async () => {
    const pairs: [number, number][] = [];
    for (let size = 1; size <= SIZE; size++)
      for (let index = 0; index < size; index++) pairs.push([index, size]);
    const proofs = await mapLimit(pairs, 8, async ([index, size]) => {
      const reply = await get(hub.url, `/v1/record/proof/inclusion?index=${index}&size=${size}`, token);
      assert.equal(reply.status, 200, reply.text);
      return (reply.body as { proof: string[] }).proof.map(decodeHash);
    });
    pairs.forEach(([index, size], i) => {
      const proof = proofs[i] as Uint8Array[];
      const root = roots.get(size) as Uint8Array;
      const leaf = leaves[index] as Uint8Array;
      assert.ok(verifyInclusion(leaf, index, size, proof, root), `inclusion of ${index} in ${size}`);
      // The check is not vacuous: another leaf, or a damaged proof, fails.
      if (size > 1) {
        assert.equal(
          verifyInclusion(leaves[(index + 1) % size] as Uint8Array, index, size, proof, root),
          false,
        );
        const damaged = proof.map((hash) => Uint8Array.from(hash));
        const first = damaged[0] as Uint8Array;
        first[0] = (first[0] as number) ^ 1;
        assert.equal(verifyInclusion(leaf, index, size, damaged, root), false);
      }
    });
    assertProblem(await get(hub.url, `/v1/record/proof/inclusion?index=${SIZE}&size=${SIZE}`, token), 400);
    assertProblem(await get(hub.url, `/v1/record/proof/inclusion?index=0&size=${SIZE + 1}`, token), 400);
    assertProblem(await get(hub.url, '/v1/record/proof/inclusion?index=0&size=0', token), 400);
  });

  test('a consistency proof for every pair of sizes verifies against the checkpoints of those sizes', async () => {
    const pairs: [number, number][] = [];
    for (let to = 1; to <= SIZE; to++) for (let from = 1; from <= to; from++) pairs.push([from, to]);
    const proofs = await mapLimit(pairs, 8, async ([from, to]) => {
      const reply = await get(hub.url, `/v1/record/proof/consistency?from=${from}&to=${to}`, token);
      assert.equal(reply.status, 200, reply.text);
      return (reply.body as { proof: string[] }).proof.map(decodeHash);
    });
    pairs.forEach(([from, to], i) => {
      const proof = proofs[i] as Uint8Array[];
      const [root1, root2] = [roots.get(from) as Uint8Array, roots.get(to) as Uint8Array];
      assert.ok(verifyConsistency(from, to, proof, root1, root2), `consistency ${from} → ${to}`);
      if (from < to) {
        // A root of another size does not pass for this one.
        assert.equal(
          verifyConsistency(from, to, proof, roots.get(to - 1) as Uint8Array, root2),
          from === to - 1,
        );
      }
    });
    const fromEmpty = await get(hub.url, `/v1/record/proof/consistency?from=0&to=${SIZE}`, token);
    assert.equal(fromEmpty.status, 200, fromEmpty.text);
    assert.deepEqual((fromEmpty.body as { proof: string[] }).proof, []);
    assertProblem(await get(hub.url, '/v1/record/proof/consistency?from=5&to=4', token), 400);
    assertProblem(await get(hub.url, `/v1/record/proof/consistency?from=1&to=${SIZE + 1}`, token), 400);
  });

  test('tiles: tile/0/000.p/N is the first N leaf hashes; a tile not yet complete is 404', async () => {
    for (let width = 1; width <= SIZE; width++) {
      const response = await fetch(`${hub.url}/v1/record/tile/0/000.p/${width}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(response.status, 200, `tile width ${width}`);
      assert.equal(response.headers.get('content-type'), 'application/octet-stream');
      const bytes = Buffer.from(await response.arrayBuffer());
      assert.deepEqual(bytes, Buffer.concat(leaves.slice(0, width)), `tile/0/000.p/${width}`);
    }
    for (const path of [
      'tile/0/000',
      `tile/0/000.p/${SIZE + 1}`,
      'tile/0/001.p/1',
      'tile/1/000.p/1',
      'tile/entries/000.p/1',
      'tile/0/0',
      'tile/0/x000/000.p/1',
      'tile/0/000.p/0',
    ]) {
      assertProblem(await get(hub.url, `/v1/record/${path}`, token), 404, 'not-found');
    }
  });

  test('OpenAPI 3.1 at /openapi.json lists the command route; /docs is a browsable page', async () => {
    const reply = await get(hub.url, '/openapi.json');
    assert.equal(reply.status, 200);
    const document = reply.body as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    assert.match(document.openapi, /^3\.1\.\d+$/);
    assert.ok(document.paths['/v1/commands']?.post, 'POST /v1/commands is not documented');
    assert.ok(document.paths['/v1/sessions']?.post);
    assert.ok(document.paths['/v1/record/checkpoint']?.get);
    for (const type of ['party.create', 'operator.add', 'operator.set-role', 'key.rotate', 'key.revoke']) {
      assert.ok(document.components.schemas[type], `schema of ${type} is not documented`);
    }

    const docs = await fetch(`${hub.url}/docs`);
    assert.equal(docs.status, 200);
    assert.match(docs.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await docs.text(), /<html/i);
  });

  test('/metrics exports commands and record size in the Prometheus format', async () => {
    const reply = await get(hub.url, '/metrics');
    assert.equal(reply.status, 200);
    assert.match(reply.contentType, /^text\/plain/);
    assert.match(reply.text, /^# TYPE deconflict_commands_total counter$/m);
    assert.match(reply.text, /^deconflict_commands_total\{type="operator\.add",outcome="accepted"\} 39$/m);
    assert.match(reply.text, /^# TYPE deconflict_record_entries gauge$/m);
    assert.match(reply.text, new RegExp(`^deconflict_record_entries ${SIZE}$`, 'm'));
  });

  test('each entry carries the command that was signed, at the index it was answered with', () => {
    assert.deepEqual(servedNonces.slice(1), sentNonces.slice(1));
  });
});
