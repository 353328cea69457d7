// Three hubs (copies of one data directory) on one PostgreSQL database, through the CLI: one writes,
// two follow. A follower serves reads, passes commands on and answers once it shows them; the
// writer's refusals reach the client unchanged. Then the writer is killed (SIGKILL) under write load
// from several clients: a follower takes over, every acknowledged command is in the record, the
// record verifies, and operators' sockets (one on a follower, one on the killed writer resumed on
// another hub from its last index) see every entry once, nothing missed, nothing twice.
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { WRITER_LEASE_TTL_MS } from '../../src/hub/writer-lease-keeper.js';
import { get, login, postCommand, type Reply, recordView } from '../support/api.js';
import { describeRun, printed, runCli, ServeProcess } from '../support/cli.js';
import { type PostgresServer, postgresUnavailable, startPostgres } from '../support/postgis.js';
import { tempDir } from '../support/temp-dir.js';
import { until } from '../support/until.js';
import { StreamClient, type StreamEntry } from '../support/ws-client.js';

const unavailable = postgresUnavailable();
const ORIGIN = 'takeover.deconflict.test/hub';
const CLIENTS = 4;

interface Health {
  role: 'writer' | 'follower';
  size: number;
  writer: string | null;
}

describe('followers and takeover on one PostgreSQL database', { skip: unavailable ?? false }, () => {
  let server: PostgresServer;
  const temp = tempDir();
  const dirs = ['one', 'two', 'three'].map((name) => join(temp.path, name));
  const admin = OperatorSigner.generate();
  const hubs: ServeProcess[] = [];
  const killed = new Set<ServeProcess>();
  let url: string;

  const addViewer = (hub: string, id: string) =>
    postCommand(
      hub,
      admin.command(ORIGIN, 'operator.add', {
        operator: { id, name: id, public_key: OperatorSigner.generate().publicKey },
        role: 'viewer',
      }),
    );
  const health = async (hub: ServeProcess) => (await get(hub.url, '/healthz')).body as Health;
  const addedIn = (entries: readonly StreamEntry[]) =>
    new Set(
      entries
        .filter((entry) => entry.kind === 'operator.add')
        .map((entry) => (entry.command.operator as { id: string }).id),
    );

  before(async () => {
    server = await startPostgres();
    await server.query('CREATE DATABASE hub');
    url = server.url({ database: 'hub' });
    const founded = await runCli([
      'init',
      '--data',
      dirs[0] as string,
      '--origin',
      ORIGIN,
      '--admin-public-key',
      admin.publicKey,
      '--store',
      url,
    ]);
    assert.equal(founded.code, 0, describeRun(founded));
    for (const dir of dirs.slice(1)) cpSync(dirs[0] as string, dir, { recursive: true });
    // One after the other: the first takes the writer's lease, the others follow it.
    for (const dir of dirs) hubs.push(await ServeProcess.start(dir, ['--store', url]));
  });
  after(async () => {
    for (const hub of hubs) hub.kill('SIGKILL');
    await server?.stop();
    temp.remove();
  });

  test('a follower serves reads, passes commands on, and relays the writer’s refusals as they are', async () => {
    const [writer, follower, other] = hubs as [ServeProcess, ServeProcess, ServeProcess];
    assert.equal((await health(writer)).role, 'writer');
    assert.deepEqual(
      { ...(await health(follower)), size: 0 },
      { role: 'follower', size: 0, writer: writer.url, status: 'ok' },
    );

    const added = await addViewer(follower.url, 'hub.passed-on');
    assert.equal(added.status, 201, added.text);
    const { index, size } = added.body as { index: number; size: number };
    // Answered only once the follower shows it: the client's next read here sees its write.
    const token = await login(follower.url, ORIGIN, admin);
    const operators = await get(follower.url, '/v1/operators', token);
    assert.ok(operators.text.includes('hub.passed-on'), operators.text);
    assert.ok((await recordView(follower.url, token)).size >= size);
    await until('the other follower shows it', async () => (await health(other)).size >= size);
    const proof = await get(other.url, `/v1/record/proof/inclusion?index=${index}&size=${size}`);
    assert.equal(proof.status, 200, proof.text);

    // The same refusal, whichever hub the client asked.
    const again = async (hub: string): Promise<Reply> => addViewer(hub, 'hub.passed-on');
    const [fromWriter, fromFollower] = [await again(writer.url), await again(follower.url)];
    assert.equal(fromFollower.status, fromWriter.status);
    assert.match(fromFollower.contentType, /^application\/problem\+json/);
    const strip = (reply: Reply) => ({ ...(reply.body as Record<string, unknown>), instance: null });
    assert.deepEqual(strip(fromFollower), strip(fromWriter));
    // Over an operator's socket on the follower as well, answered once the socket has shown it.
    const socket = await StreamClient.open(follower.url, { token, after: (await health(follower)).size - 1 });
    const answer = await socket.command(
      admin.command(ORIGIN, 'operator.add', {
        operator: { id: 'hub.by-socket', name: 'by socket', public_key: OperatorSigner.generate().publicKey },
        role: 'viewer',
      }),
    );
    assert.equal(answer.type, 'accepted', JSON.stringify(answer));
    const shown = await socket.until((entry) => entry.kind === 'operator.add');
    assert.equal(shown.at(-1)?.index, (answer as { index: number }).index);
    await socket.close();
    // Checked by the follower itself before anything is passed on.
    const unsigned = await postCommand(follower.url, { command: { type: 'operator.add' } });
    assert.equal(unsigned.status, 400, unsigned.text);
  });

  test('SIGKILL of the writer under load: a follower takes over, nothing acknowledged is lost, sockets miss nothing', async () => {
    const [writer, follower, other] = hubs as [ServeProcess, ServeProcess, ServeProcess];
    const start = (await health(writer)).size;
    // One operator's socket on a follower, one on the writer (to be resumed elsewhere).
    const onFollower = await StreamClient.open(follower.url, {
      token: await login(follower.url, ORIGIN, admin),
      after: start - 1,
    });
    let onWriter = await StreamClient.open(writer.url, {
      token: await login(writer.url, ORIGIN, admin),
      after: start - 1,
    });

    const acknowledged = new Set<string>();
    let killedAt = 0;
    let firstAfterKill = 0;
    let running = true;
    const client = async (n: number) => {
      let attempt = 0;
      // Each client asks every hub in turn; one that fails or says "later" is left for the next.
      for (let i = 0; running; i++) {
        const hub = (hubs[(n + i) % hubs.length] as ServeProcess).url;
        const id = `hub.c${n}-${attempt++}`;
        const sent = Date.now();
        const reply = await addViewer(hub, id).catch(() => null);
        if (reply?.status === 201) {
          acknowledged.add(id);
          if (killedAt > 0 && sent > killedAt && firstAfterKill === 0) firstAfterKill = Date.now();
        } else await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const load = Array.from({ length: CLIENTS }, (_, n) => client(n));
    await until('commands are acknowledged', () => acknowledged.size >= 20, 60_000);

    writer.kill('SIGKILL');
    killed.add(writer);
    killedAt = Date.now();
    const taker = await until(
      'a follower takes over',
      async () => {
        for (const hub of [follower, other]) if ((await health(hub)).role === 'writer') return hub;
        return false;
      },
      WRITER_LEASE_TTL_MS * 4,
    );
    const tookMs = Date.now() - killedAt;
    await until('commands are accepted again', () => firstAfterKill > 0, 30_000);
    console.log(
      `takeover: ${taker === follower ? 'the second' : 'the third'} hub writes ${tookMs} ms after the writer's SIGKILL; commands accepted again after ${firstAfterKill - killedAt} ms`,
    );
    const before = acknowledged.size;
    await until('commands go on being acknowledged', () => acknowledged.size >= before + 20, 60_000);
    running = false;
    await Promise.all(load);

    // Every acknowledged command is in the record, as the new writer serves it.
    const token = await login(taker.url, ORIGIN, admin);
    const operators = (await get(taker.url, '/v1/operators?limit=1000', token)).text;
    for (const id of acknowledged)
      assert.ok(operators.includes(`"${id}"`), `${id} was acknowledged but lost`);
    const { size } = await recordView(taker.url, token);

    // The follower's socket saw every entry once; the writer's, resumed from its last index on the
    // other hub, too.
    const followed = await onFollower.until((entry) => entry.index === size - 1);
    assert.deepEqual(
      followed.map((entry) => entry.index),
      Array.from({ length: size - start }, (_, i) => start + i),
    );
    const seen: StreamEntry[] = [];
    for (;;) {
      const entry = await onWriter.next();
      if (entry === null) break;
      seen.push(entry);
    }
    onWriter = await StreamClient.open(other.url, {
      token: await login(other.url, ORIGIN, admin),
      after: onWriter.last,
    });
    onWriter.last = seen.at(-1)?.index ?? start - 1;
    seen.push(...(await onWriter.until((entry) => entry.index === size - 1)));
    assert.deepEqual(
      seen.map((entry) => entry.index),
      Array.from({ length: size - start }, (_, i) => start + i),
    );
    for (const id of acknowledged) assert.ok(addedIn(followed).has(id), `${id} never reached the socket`);
    await onFollower.close();
    await onWriter.close();

    // The record, read from the database, verifies entry by entry.
    const verified = await runCli(['verify', dirs[0] as string, '--store', url], { timeoutMs: 120_000 });
    assert.equal(verified.code, 0, describeRun(verified));
    assert.equal(printed<{ entries: number }>(verified).entries, size);
  });

  test('an escalation deadline falling due during a takeover fires on the new writer', async () => {
    const alive = hubs.filter((hub) => !killed.has(hub));
    const writer = await until('a writer', async () => {
      for (const hub of alive) if ((await health(hub)).role === 'writer') return hub;
      return false;
    });
    const follower = alive.find((hub) => hub !== writer) as ServeProcess;
    const signers = { red: OperatorSigner.generate(), blue: OperatorSigner.generate() };
    const accept = async (signer: OperatorSigner, type: string, fields: Record<string, unknown>) => {
      const reply = await postCommand(follower.url, signer.command(ORIGIN, type, fields));
      assert.equal(reply.status, 201, `${type}: ${reply.text}`);
      return reply.body as { index: number };
    };
    for (const [party, signer] of Object.entries(signers))
      await accept(admin, 'party.create', {
        party: { id: party, name: party },
        administrator: { id: `${party}.admin`, name: party, public_key: signer.publicKey },
      });
    await accept(signers.red, 'operator.add', {
      operator: { id: 'red.r1', name: 'r1', public_key: OperatorSigner.generate().publicKey },
      role: 'duty-officer',
    });
    await accept(signers.red, 'roster.set', {
      roster: {
        duty: 'air-deconfliction',
        members: [{ operator: 'red.r1', shifts: [{ from: '00:00', to: '23:59', time_zone: 'UTC' }] }],
        chief: 'red.admin',
      },
    });
    const sender = await StreamClient.open(follower.url, {
      token: await login(follower.url, ORIGIN, signers.blue),
      after: (await health(follower)).size - 1,
    });
    await accept(signers.blue, 'message.send', {
      message: {
        id: 'blue/stop-1',
        kind: 'urgent-request',
        action: 'stop',
        recipients: [{ party: 'red', duty: 'air-deconfliction' }],
        template: { name: 'stop-request', fields: { position: [40.14, 35.29], activity: 'air strike' } },
        text: 'Stop the strike at once.',
      },
    });
    const sent = (await sender.until((entry) => entry.kind === 'delivery.step')).at(-1) as StreamEntry;
    const due = Date.parse(sent.time) + (sent.command.deadline_s as number) * 1000;
    // Killed a few seconds before the deadline: it falls due while nobody is the writer.
    await new Promise((resolve) => setTimeout(resolve, due - Date.now() - 3_000));
    writer.kill('SIGKILL');
    const killedAt = Date.now();
    await until('the follower takes over', async () => (await health(follower)).role === 'writer', 40_000);
    const tookMs = Date.now() - killedAt;
    const escalated = (await sender.until((entry) => entry.command.reason === 'deadline')).at(
      -1,
    ) as StreamEntry;
    const lateMs = Date.parse(escalated.time) - due;
    console.log(`escalation: due during a ${tookMs} ms takeover, recorded ${lateMs} ms after its deadline`);
    assert.ok(lateMs >= 0, 'escalated before its deadline');
    assert.ok(lateMs <= tookMs, `escalated ${lateMs} ms late, the takeover took ${tookMs} ms`);
    await sender.close();
  });
});
