// Kill the hub with SIGKILL in the middle of a write load and start it again on the same data dir:
// every command answered 201 is in the record at the index it was given, the record verifies
// (on disk and over HTTP), and replaying the record gives the state the live hub had.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import type { SignedCommand } from '../../src/hub/signed-command.js';
import type { Entry } from '../../src/record/index.js';
import { assertProblem, get, login, postCommand, recordView } from '../support/api.js';
import { describeRun, printed, runCli, ServeProcess } from '../support/cli.js';
import { type FoundedHub, foundTestHub } from '../support/hub.js';

const CLIENTS = 8;
/** Answered commands before the kill: a count, not a time, so a busy machine only makes it slower. */
const ANSWERED_BEFORE_KILL = 60;

interface Answered {
  signed: SignedCommand;
  index: number;
}

describe('a hub killed mid-load', () => {
  let founded: FoundedHub;
  let serve: ServeProcess | null = null;
  const answered: Answered[] = [];
  let inFlightAtKill = 0;
  let refused = 0;

  before(async () => {
    founded = await foundTestHub();
  });
  after(() => {
    serve?.kill('SIGKILL');
    founded.remove();
  });

  test('SIGKILL during concurrent signed writes', async (t) => {
    serve = await ServeProcess.start(founded.dir.path);
    const first = serve;
    let killed = false;
    let inFlight = 0;
    const client = async (id: number) => {
      for (let n = 0; !killed; n++) {
        const signed = founded.admin.command(founded.origin, 'operator.add', {
          operator: {
            id: `hub.load-${id}-${n}`,
            name: `Load ${id}.${n}`,
            public_key: OperatorSigner.generate().publicKey,
          },
          role: 'viewer',
        });
        inFlight++;
        try {
          const reply = await postCommand(first.url, signed);
          if (reply.status === 201) answered.push({ signed, index: (reply.body as { index: number }).index });
          else refused++;
        } catch {
          // The connection died with the hub: this command was never answered.
          return;
        } finally {
          inFlight--;
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, id) => client(id));
    while (answered.length < ANSWERED_BEFORE_KILL) await sleep(10);
    inFlightAtKill = inFlight;
    first.kill('SIGKILL');
    killed = true;
    const ended = await first.exited;
    await Promise.all(clients);
    assert.equal(ended.signal, 'SIGKILL');
    t.diagnostic(`${answered.length} commands answered, ${inFlightAtKill} in flight at the kill`);
    assert.equal(refused, 0, 'the hub refused commands of the load');
    assert.ok(answered.length >= ANSWERED_BEFORE_KILL);
    assert.ok(inFlightAtKill > 0, 'no command was in flight when the hub was killed');
  });

  test('after a restart every answered command is in the record at its index', async () => {
    assert.ok(answered.length > 0, 'the load did not run');
    serve = await ServeProcess.start(founded.dir.path);
    const token = await login(serve.url, founded.origin, founded.admin);
    const { size } = await recordView(serve.url, token);
    const entries: Entry[] = [];
    for (let start = 0; start < size; start += 1000) {
      const page = await get(
        serve.url,
        `/v1/record/entries?start=${start}&end=${Math.min(size, start + 1000)}`,
        token,
      );
      assert.equal(page.status, 200, page.text);
      for (const item of (page.body as { entries: { entry: Entry }[] }).entries) entries.push(item.entry);
    }
    assert.equal(entries.length, size);
    for (const { signed, index } of answered) {
      assert.ok(index < size, `answered index ${index} is beyond the record's ${size} entries`);
      assert.equal(
        entries[index]?.command.nonce,
        signed.command.nonce,
        `entry ${index} is not the command answered with it`,
      );
      assert.deepEqual(entries[index]?.command, signed.command);
    }
    // Nothing twice; and the answered ones are a subset of what was written (some unanswered got in too).
    const nonces = entries.map((entry) => entry.command.nonce);
    assert.equal(new Set(nonces).size, nonces.length);
    assert.ok(
      size >= 1 + answered.length,
      `record of ${size} holds fewer than the ${answered.length} answered`,
    );

    // The nonces were durable too: an answered command sent again is a replay.
    const again = await postCommand(serve.url, (answered[answered.length - 1] as Answered).signed);
    assertProblem(again, 409, 'replayed');
  });

  test('the record verifies on disk and over HTTP', async () => {
    assert.ok(serve, 'the hub is not running');
    const [onDisk, overHttp] = await Promise.all([
      runCli(['verify', founded.dir.path]),
      runCli([
        'verify',
        serve.url,
        '--key',
        founded.adminKeyPath,
        '--state',
        join(founded.root, 'monitor.json'),
        '--full',
      ]),
    ]);
    assert.equal(onDisk.code, 0, describeRun(onDisk));
    assert.equal(overHttp.code, 0, describeRun(overHttp));
    const disk = printed<{ ok: boolean; entries: number }>(onDisk);
    const http = printed<{ ok: boolean; size: number; checkedEntries: number }>(overHttp);
    assert.equal(disk.ok, true);
    assert.equal(http.ok, true);
    assert.equal(http.size, disk.entries);
    assert.equal(http.checkedEntries, disk.entries);
  });

  test('replaying the record gives the state the live hub had', async () => {
    const running = serve as ServeProcess;
    const token = await login(running.url, founded.origin, founded.admin);
    const operators = ((await get(running.url, '/v1/operators', token)).body as { operators: unknown[] })
      .operators;
    const { size } = await recordView(running.url, token);
    // A clean stop saves a digest of the live state; replay --check compares the replay with it.
    const stopped = await running.stop();
    assert.equal(stopped.code, 0, running.output);
    serve = null;

    const check = await runCli(['replay', '--check', '--data', founded.dir.path]);
    assert.equal(check.code, 0, describeRun(check));
    const report = printed<{
      ok: boolean;
      entries: number;
      operators: number;
      digestsCompared: number;
      digest: string;
    }>(check);
    assert.equal(report.ok, true);
    assert.equal(report.entries, size);
    assert.equal(report.operators, operators.length);
    assert.ok(report.digestsCompared >= 1, 'replay --check compared no saved state digest');
    assert.match(report.digest, /^[0-9a-f]{64}$/);
  });
});
