// A hub starts from the snapshot it took at its last clean stop and replays only what follows; the
// state it starts with is the state a full replay gives, by digest and by what it answers. A
// snapshot changed, forged or not matching the record at its size is refused with a warning, and
// the hub replays everything and starts right.
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openHubFiles } from '../../src/cli/data-dir.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import type { Candidate } from '../../src/deconfliction/deconfliction-state.js';
import { loadScenario } from '../../src/demo/load-scenario.js';
import { readScenario } from '../../src/demo/scenario.js';
import { Hub } from '../../src/hub/hub.js';
import { replayRecord } from '../../src/hub/replay.js';
import { readSnapshot, writeSnapshot } from '../../src/hub/snapshot/snapshot-file.js';
import { decodeState, encodeState } from '../../src/hub/snapshot/state-codec.js';
import type { HubState } from '../../src/hub/state.js';
import type { SqliteStore } from '../../src/store/sqlite-store.js';
import { type FoundedHub, foundTestHub, serveInProcess } from '../support/hub.js';

function newParty(id: string, admin: OperatorSigner, origin: string) {
  return admin.command(origin, 'party.create', {
    party: { id, name: `Party ${id}` },
    administrator: { id: `${id}.admin`, name: 'Admin', public_key: OperatorSigner.generate().publicKey },
  });
}

/** The answers a user could get from a state: conflicts of probes, the hotline, what falls due. */
function answers(state: HubState) {
  state.deconfliction.buildIndex();
  const conflicts = [...state.deconfliction.declarations.values()]
    .filter((declaration) => declaration.status === 'live')
    .flatMap((declaration) =>
      [...state.parties.keys()].map((party) => {
        const probe: Candidate = { ...declaration, id: 'probe/probe', version: 1, party };
        return state.deconfliction.conflictsOf(probe);
      }),
    );
  const waiting = [...state.operators.keys()].map((operator) => state.hotline.waitingOn(operator));
  const farFuture = Date.parse('2100-01-01T00:00:00Z');
  return {
    // With their bodies, which a restored state reads from the snapshot's bytes only now.
    declarations: [...state.deconfliction.declarations.values()],
    conflicts,
    waiting,
    messages: [...state.hotline.messages.values()],
    incidents: [...state.incidents.values()].map((incident) => incident.snapshot()),
    keyEntries: [...state.operators.values()].flatMap((o) => o.keys.map((k) => state.entriesOfKey(k.id))),
    // Last: taking what is due empties the queues, in the order they give it.
    due: [state.deconfliction.takeDue(farFuture), state.hotline.takeDue(farFuture)],
  };
}

describe('starting from a snapshot', { timeout: 300_000 }, () => {
  let founded: FoundedHub;
  let files: { hubKey: KeyObject; origin: string; store: SqliteStore };
  let taken: { size: number; pieces: Uint8Array[] };

  const replayedDigest = async () => (await replayRecord(files.store, { audit: false })).state.digest();
  const open = async (warnings: string[]) =>
    Hub.open({ ...files, verifyThreads: 1, snapshots: null, onSnapshotWarning: (m) => warnings.push(m) });
  const resign = async (
    change: (header: ReturnType<typeof readSnapshot>['header']) => void,
    key = files.hubKey,
  ) => {
    const { header, parts } = readSnapshot(taken.pieces, files.hubKey);
    change(header);
    return writeSnapshot(header, parts, key);
  };

  before(async () => {
    founded = await foundTestHub();
    const running = await serveInProcess(founded.dir);
    await loadScenario(running, readScenario('syria-2016'), founded.admin, join(founded.root, 'keys'));
    await running.stop();
    files = openHubFiles(founded.dir);
    const [size] = await files.store.snapshotSizes();
    assert.equal(size, await files.store.size(), 'a clean stop takes a snapshot at the record size');
    taken = { size: size as number, pieces: (await files.store.snapshot(size as number)) as Uint8Array[] };
  });
  after(async () => {
    await files?.store.close();
    founded?.remove();
  });

  test('the restored state is the replayed state: same digest, same conflicts, hotline and due events', async () => {
    const warnings: string[] = [];
    const hub = await open(warnings);
    try {
      assert.deepEqual(warnings, []);
      const replayed = (await replayRecord(files.store, { audit: false })).state;
      assert.ok(replayed.deconfliction.conflicts.length > 0 && replayed.hotline.messages.size > 0);
      assert.equal(await hub.read((state) => state.digest()), replayed.digest());
      // A snapshot of the restored state, whose bodies nothing has read, holds them all the same.
      const again = decodeState(await hub.read(encodeState));
      assert.deepEqual(await hub.read(answers), answers(replayed));
      assert.deepEqual(answers(again), answers((await replayRecord(files.store, { audit: false })).state));
    } finally {
      await hub.close();
    }
  });

  const tampered: {
    name: string;
    pieces: () => Uint8Array[] | Promise<Uint8Array[]>;
    reason: () => RegExp;
  }[] = [
    {
      name: 'a byte changed',
      pieces: () => {
        const longest = taken.pieces.reduce((a, b) => (b.length > a.length ? b : a));
        return taken.pieces.map((piece) => {
          if (piece !== longest) return piece;
          const changed = Uint8Array.from(piece);
          changed[changed.length >> 1] = (changed[changed.length >> 1] as number) ^ 0x20;
          return changed;
        });
      },
      reason: () => /signature is not the hub key's/,
    },
    {
      // The same signed bytes, cut into other pieces: sections would be read from the wrong places.
      name: 'its pieces cut otherwise',
      pieces: () => {
        const [first, second, third, ...rest] = taken.pieces;
        return [first as Uint8Array, Buffer.concat([second as Uint8Array, third as Uint8Array]), ...rest];
      },
      reason: () => /sections are not the pieces its header lists/,
    },
    {
      name: "another key's signature",
      pieces: () => resign(() => {}, generateKeyPairSync('ed25519').privateKey),
      reason: () => /signature is not the hub key's/,
    },
    {
      name: 'another size named in it',
      pieces: () => resign((header) => (header.size -= 1)),
      reason: () => new RegExp(`at size ${taken.size - 1}, not of .* at ${taken.size}`),
    },
    {
      name: 'a root the checkpoint did not sign',
      pieces: () => resign((header) => (header.root = Buffer.alloc(32, 7).toString('base64'))),
      reason: () => /its root is not the root the checkpoint signed/,
    },
    {
      name: 'a state whose digest is not the one saved',
      pieces: () =>
        resign((header) => (header.digest = header.digest.replace(/^./, (c) => (c === '0' ? '1' : '0')))),
      reason: () => /does not have the digest saved with it/,
    },
  ];
  for (const { name, pieces, reason } of tampered) {
    test(`a snapshot with ${name} is refused with a warning, and the hub replays in full and works`, async () => {
      await files.store.saveSnapshot(taken.size, await pieces());
      const warnings: string[] = [];
      const hub = await open(warnings);
      try {
        assert.equal(warnings.length, 1, warnings.join('\n'));
        assert.match(warnings[0] as string, reason());
        assert.equal(await hub.read((state) => state.digest()), await replayedDigest());
        const accepted = await hub.submit(newParty(`p${hub.record.size}`, founded.admin, files.origin));
        assert.equal(accepted.size, hub.record.size);
      } finally {
        await hub.close();
        await files.store.saveSnapshot(taken.size, taken.pieces);
      }
    });
  }

  test('a snapshot file cut short on disk is refused with a warning, and the hub replays in full and works', async () => {
    const file = join(`${founded.dir.dbPath}-snapshots`, `${taken.size}.snapshot`);
    const whole = readFileSync(file);
    writeFileSync(file, whole.subarray(0, whole.length >> 1));
    const warnings: string[] = [];
    const hub = await open(warnings);
    try {
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(
        warnings[0] as string,
        /snapshot file at size \d+ is damaged: piece \d+ runs past its end/,
      );
      assert.equal(await hub.read((state) => state.digest()), await replayedDigest());
    } finally {
      await hub.close();
      await files.store.saveSnapshot(taken.size, taken.pieces);
    }
  });

  test('a start after more entries than the snapshot replays only the tail and has the full state', async () => {
    const adding = await open([]);
    try {
      await adding.submit(newParty('tail', founded.admin, files.origin));
    } finally {
      await adding.close();
    }
    assert.ok((await files.store.size()) > taken.size);
    assert.equal((await files.store.snapshotSizes())[0], taken.size);
    const warnings: string[] = [];
    const hub = await open(warnings);
    const command = newParty('late', founded.admin, files.origin);
    try {
      assert.deepEqual(warnings, []);
      assert.equal(await hub.read((state) => state.size), await files.store.size());
      assert.equal(await hub.read((state) => state.digest()), await replayedDigest());
      await hub.submit(command);
      assert.equal(await hub.saveSnapshot(), hub.record.size);
    } finally {
      await hub.close();
    }
    // The snapshot now covers that command: its nonce comes from the snapshot, and a replay is refused.
    const again = await open(warnings);
    try {
      assert.deepEqual(warnings, []);
      assert.equal((await files.store.snapshotSizes())[0], again.record.size);
      await assert.rejects(
        again.submit(command),
        (error: Error & { status?: number }) => error.status === 409,
      );
    } finally {
      await again.close();
    }
  });

  test('a hub that replayed in full keeps a snapshot at its clean stop, even having written nothing', async () => {
    const adding = await open([]);
    try {
      await adding.submit(newParty('unsnapshotted', founded.admin, files.origin));
    } finally {
      await adding.close();
    }
    const size = await files.store.size();
    assert.notEqual((await files.store.snapshotSizes())[0], size);
    const hub = await Hub.open({ ...files, verifyThreads: 1, replayAll: true });
    await hub.close();
    assert.equal((await files.store.snapshotSizes())[0], size);
  });

  test('a snapshot is made beside the writer: commands are answered while it is made, and a start from it has them all', async () => {
    const hub = await open([]);
    const sizeBefore = hub.record.size;
    let madeAt: number | null = null;
    const making = hub.saveSnapshot().then((size) => {
      madeAt = size;
      return size;
    });
    // Commands go on being committed while the snapshot's thread reads the record.
    const meanwhile: number[] = [];
    try {
      while (madeAt === null && meanwhile.length < 5000)
        meanwhile.push(
          (await hub.submit(newParty(`meanwhile${meanwhile.length}`, founded.admin, files.origin))).size,
        );
      const size = await making;
      assert.ok(meanwhile.length >= 5, `${meanwhile.length} commands were answered while it was made`);
      assert.ok(size >= sizeBefore && size <= hub.record.size, `made at ${size}`);
      assert.equal((await files.store.snapshotSizes())[0], size);
      assert.deepEqual(
        meanwhile,
        meanwhile.map((_, i) => sizeBefore + i + 1),
      );
    } finally {
      await hub.close();
    }
    const warnings: string[] = [];
    const again = await open(warnings);
    try {
      assert.deepEqual(warnings, []);
      assert.equal(await again.read((state) => state.digest()), await replayedDigest());
      assert.ok(await again.read((state) => state.parties.has(`meanwhile${meanwhile.length - 1}`)));
    } finally {
      await again.close();
    }
  });
});
