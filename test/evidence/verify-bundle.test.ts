// Offline checking of evidence bundles, on a small record made here from the record's own parts:
// the hub founded by its key, a party admitted, an officer's key registered, used, revoked, and a
// message signed with it afterwards. A sound bundle verifies; each way of passing off what the record
// does not say is refused with its file and reason: another key put in the officer's place, an
// entry signed after its key was revoked, a file added or taken away, a hidden entry's leaf changed,
// a consistency proof that does not hold.
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { describe, test } from 'node:test';
import { assembleBundle, type GatheredEvidence } from '../../src/evidence/assemble-bundle.js';
import { compareVerified } from '../../src/evidence/compare-bundles.js';
import { EvidenceError } from '../../src/evidence/evidence-error.js';
import { type TrustPolicy, verifyBundle } from '../../src/evidence/verify-bundle.js';
import {
  canonicalBytes,
  consistencyProof,
  cosignCheckpoint,
  cosigner,
  cosignerKeyString,
  type Entry,
  encodeEntry,
  formatCheckpoint,
  hashLeaf,
  inclusionProof,
  noteSigner,
  operatorKeyId,
  rawPublicKey,
  rootFromLeafHashes,
  signNote,
  verifierKeyString,
} from '../../src/record/index.js';

const ORIGIN = 'evidence.test/hub';
const hubKey = generateKeyPairSync('ed25519').privateKey;
const HUB_VKEY = verifierKeyString(ORIGIN, hubKey);

function operatorKey() {
  const { privateKey } = generateKeyPairSync('ed25519');
  const raw = rawPublicKey(privateKey);
  return { privateKey, publicKey: Buffer.from(raw).toString('base64'), id: operatorKeyId(raw) };
}
type OperatorKey = ReturnType<typeof operatorKey>;

function entry(
  kind: string,
  by: { operator: string; party: string; key: OperatorKey } | 'hub',
  command: Record<string, unknown>,
  visibility = ['*'],
): Uint8Array {
  const signer: KeyObject = by === 'hub' ? hubKey : by.key.privateKey;
  const full = { ...command, type: kind };
  const value: Entry = {
    v: 1,
    kind,
    time: '2026-01-01T00:00:00.000Z',
    author:
      by === 'hub' ? { hub: ORIGIN, key: 'hub' } : { party: by.party, operator: by.operator, key: by.key.id },
    command: full,
    signature: sign(null, canonicalBytes(full), signer).toString('base64'),
    visibility,
    salt: randomBytes(16).toString('base64'),
  };
  return encodeEntry(value);
}

const admin = operatorKey();
const officer = operatorKey();
const hubAdmin = { operator: 'hub.admin', party: 'hub', key: admin };
const blueAdmin = { operator: 'blue.admin', party: 'blue', key: officer };
/** The record: 0 founding, 1 admission of blue with its administrator's key, 2 a message, 3 a hidden entry, 4 revocation, 5 a message after it. */
const RECORD = [
  entry('hub.genesis', 'hub', {
    verifier_key: HUB_VKEY,
    administrator: { id: 'hub.admin', public_key: admin.publicKey },
  }),
  entry('party.create', hubAdmin, {
    party: { id: 'blue' },
    administrator: { id: 'blue.admin', public_key: officer.publicKey },
  }),
  entry('message.send', blueAdmin, {
    message: { id: 'blue/m1', kind: 'notification', recipients: [{ party: 'green' }] },
  }),
  entry(
    'message.send',
    'hub',
    { message: { id: 'hub/n1', kind: 'notification', recipients: [{ party: 'green' }] } },
    ['green'],
  ),
  entry('key.revoke', hubAdmin, { operator: 'blue.admin', key: officer.id }),
  entry('message.send', blueAdmin, {
    message: { id: 'blue/m2', kind: 'notification', recipients: [{ party: 'green' }] },
  }),
];
const LEAVES = RECORD.map(hashLeaf);

function checkpointAt(size: number): string {
  return signNote(
    formatCheckpoint({ origin: ORIGIN, size, root: rootFromLeafHashes(LEAVES.slice(0, size)) }),
    noteSigner(ORIGIN, hubKey),
  );
}

function gathered(readable: number[], size: number, keys: GatheredEvidence['keys']): GatheredEvidence {
  return {
    origin: ORIGIN,
    requester: { operator: 'blue.admin', party: 'blue' },
    subjects: ['message blue/m1'],
    checkpoint: { text: checkpointAt(size), size },
    hubKey: HUB_VKEY,
    witnessKeys: [],
    entries: readable.map((index) => ({
      index,
      bytes: RECORD[index] as Uint8Array,
      proof: inclusionProof(index, size, LEAVES),
    })),
    hidden: [{ index: 3, leafHash: LEAVES[3] as Uint8Array, proof: inclusionProof(3, size, LEAVES) }],
    keys,
    tracks: [],
  };
}

const KEYS: GatheredEvidence['keys'] = [
  { id: admin.id, operator: 'hub.admin', party: 'hub', public_key: admin.publicKey, entries: [0] },
  { id: officer.id, operator: 'blue.admin', party: 'blue', public_key: officer.publicKey, entries: [1, 4] },
];

function refusedWith(
  files: Map<string, Uint8Array>,
  policy: TrustPolicy,
  file: string,
  reason: RegExp,
): void {
  assert.throws(
    () => verifyBundle(files, policy),
    (error: unknown) => error instanceof EvidenceError && error.file === file && reason.test(error.reason),
  );
}

const refused = (files: Map<string, Uint8Array>, file: string, reason: RegExp) =>
  refusedWith(files, { hubKey: HUB_VKEY }, file, reason);

describe('verifying an evidence bundle offline', () => {
  test('a sound bundle verifies: every proof, every signature, the keys against their entries, the timeline', () => {
    const verified = verifyBundle(assembleBundle(gathered([0, 1, 2, 4], 5, KEYS)), { hubKey: HUB_VKEY });
    assert.deepEqual([...verified.entries.keys()], [0, 1, 2, 4]);
    assert.deepEqual([...verified.hidden.keys()], [3]);
    assert.equal(verified.hubKeyFrom, 'policy');
  });

  test('an entry signed with a key after its revocation is refused', () => {
    refused(
      assembleBundle(gathered([0, 1, 2, 4, 5], 6, KEYS)),
      'entries/5.json',
      /after entry #4 rotated or revoked it/,
    );
  });

  test('another key put in an officer’s place is refused, whether named as its own or as the registered one', () => {
    const forger = operatorKey();
    // The forger lists its own key for the officer, said to be registered by the officer's admission.
    const files = assembleBundle(
      gathered([0, 1, 2, 4], 5, [
        KEYS[0] as GatheredEvidence['keys'][number],
        { id: forger.id, operator: 'blue.admin', party: 'blue', public_key: forger.publicKey, entries: [1] },
      ]),
    );
    refused(files, 'entries/1.json', new RegExp(`does not register key ${forger.id} for blue\\.admin`));
    const swapped = assembleBundle(
      gathered([0, 1, 2, 4], 5, [
        KEYS[0] as GatheredEvidence['keys'][number],
        { ...(KEYS[1] as GatheredEvidence['keys'][number]), public_key: forger.publicKey },
      ]),
    );
    refused(swapped, 'operators.json', /is not the key its public key names/);
  });

  test('a file added or taken away is refused', () => {
    const added = assembleBundle(gathered([0, 1, 2, 4], 5, KEYS));
    added.set('entries/9.json', new Uint8Array([123, 125]));
    refused(added, 'entries/9.json', /not part of the bundle/);
    const missing = assembleBundle(gathered([0, 1, 2, 4], 5, KEYS));
    missing.delete('entries/2.tlog-proof');
    refused(missing, 'entries/2.tlog-proof', /is missing/);
  });

  test('a hidden entry’s leaf changed in the manifest is not proven', () => {
    const files = assembleBundle(gathered([0, 1, 2, 4], 5, KEYS));
    const manifest = JSON.parse(new TextDecoder().decode(files.get('bundle.json')));
    manifest.hidden[0].leaf_hash = Buffer.from(LEAVES[2] as Uint8Array).toString('base64');
    files.set('bundle.json', new TextEncoder().encode(JSON.stringify(manifest)));
    refused(files, 'hidden/3.tlog-proof', /does not lead from the leaf to the root/);
  });

  test('an earlier checkpoint is accepted only with a consistency proof that holds', () => {
    const good = gathered([0, 1, 2, 4], 5, KEYS);
    good.extends = { checkpoint: checkpointAt(2), proof: consistencyProof(2, 5, LEAVES) };
    assert.equal(verifyBundle(assembleBundle(good), { hubKey: HUB_VKEY }).extends?.size, 2);
    const bad = { ...good, extends: { checkpoint: checkpointAt(3), proof: consistencyProof(2, 5, LEAVES) } };
    refused(
      assembleBundle(bad),
      'consistency/proof',
      /does not prove the checkpoint of size 5 extends the one of size 3/,
    );
  });

  test('a checkpoint is accepted only with a quorum of the trusted witnesses’ cosignatures', () => {
    const [w1, w2] = [generateKeyPairSync('ed25519').privateKey, generateKeyPairSync('ed25519').privateKey];
    const [k1, k2] = [cosignerKeyString('w1.example', w1), cosignerKeyString('w2.example', w2)];
    const evidence = gathered([0, 1, 2, 4], 5, KEYS);
    const text = formatCheckpoint({ origin: ORIGIN, size: 5, root: rootFromLeafHashes(LEAVES.slice(0, 5)) });
    const cosignedNote = `${signNote(text, noteSigner(ORIGIN, hubKey))}${cosignCheckpoint(text, cosigner('w1.example', w1, 1_800_000_000))}`;
    const files = assembleBundle({
      ...evidence,
      checkpoint: { text: cosignedNote, size: 5 },
      witnessKeys: [k1, k2],
    });
    const verified = verifyBundle(files, { hubKey: HUB_VKEY, witnesses: [k1, k2], quorum: 1 });
    assert.deepEqual(verified.cosignedBy, ['w1.example']);
    assert.throws(
      () => verifyBundle(files, { hubKey: HUB_VKEY, witnesses: [k1, k2], quorum: 2 }),
      (error: unknown) =>
        error instanceof EvidenceError &&
        error.file === 'checkpoint' &&
        /cosigned by 1 of the trusted witnesses \(w1\.example\); the policy needs 2/.test(error.reason),
    );
    // Without the cosignature, a policy that trusts only w1 is not met.
    refusedWith(
      assembleBundle(evidence),
      { hubKey: HUB_VKEY, witnesses: [k1] },
      'checkpoint',
      /cosigned by 0 of the trusted witnesses/,
    );
  });

  test('two bundles compared: shared leaves are the same facts; one fork or one proof missing is refused', () => {
    // Before its revocation, the officer's key had only its registration.
    const unrevoked = KEYS.map((key) => ({ ...key, entries: key.entries.slice(0, 1) }));
    const a = verifyBundle(assembleBundle(gathered([0, 1, 2], 5, unrevoked)), { hubKey: HUB_VKEY });
    const later = {
      ...gathered([0, 1, 2, 4], 5, KEYS),
      requester: { operator: 'green.admin', party: 'green' },
    };
    const b = verifyBundle(assembleBundle(later), { hubKey: HUB_VKEY });
    const comparison = compareVerified(a, b);
    assert.deepEqual(
      comparison.both.map((e) => e.index),
      [0, 1, 2, 3],
    );
    assert.deepEqual(comparison.only_a, []);
    assert.deepEqual(
      comparison.only_b.map((e) => e.index),
      [4],
    );
    assert.match(comparison.consistency, /same root/);

    // A bundle of a record of the same size whose entry 2 differs: two histories.
    const forkedEntry = entry('message.send', blueAdmin, { message: { id: 'blue/m1-other' } });
    const forkedLeaves = [...LEAVES];
    forkedLeaves[2] = hashLeaf(forkedEntry);
    const forkedText = formatCheckpoint({
      origin: ORIGIN,
      size: 5,
      root: rootFromLeafHashes(forkedLeaves.slice(0, 5)),
    });
    const forked = verifyBundle(
      assembleBundle({
        ...gathered([0, 1], 5, KEYS.slice(0, 1)),
        checkpoint: { text: signNote(forkedText, noteSigner(ORIGIN, hubKey)), size: 5 },
        entries: [0, 1].map((index) => ({
          index,
          bytes: RECORD[index] as Uint8Array,
          proof: inclusionProof(index, 5, forkedLeaves),
        })),
        hidden: [
          { index: 2, leafHash: forkedLeaves[2] as Uint8Array, proof: inclusionProof(2, 5, forkedLeaves) },
        ],
        keys: [KEYS[0] as GatheredEvidence['keys'][number]],
      }),
      { hubKey: HUB_VKEY },
    );
    assert.throws(() => compareVerified(a, forked), /different roots: two histories/);

    // At different sizes, the larger must carry the proof that it extends the smaller.
    const smaller = verifyBundle(assembleBundle(gathered([0, 1, 2], 4, unrevoked)), {
      hubKey: HUB_VKEY,
    });
    assert.throws(
      () => compareVerified(smaller, b),
      /carries no proof that it extends the other’s checkpoint of size 4/,
    );
    const extending = {
      ...later,
      extends: { checkpoint: checkpointAt(4), proof: consistencyProof(4, 5, LEAVES) },
    };
    const proven = compareVerified(smaller, verifyBundle(assembleBundle(extending), { hubKey: HUB_VKEY }));
    assert.match(proven.consistency, /size 5 is proven to extend the one of size 4/);
  });
});
