// What the writer serves at the hub's edge, through takeovers: two hubs on one PostgreSQL database,
// each with its CoT port. The writer serves a TAK client; it is killed (SIGKILL); the client, finding
// its server gone, signs in again at the other hub's port (as a client behind one address would),
// which opens once that hub took over. It is sent the whole picture its party may see, what was
// declared during the switch included, each item once, and its own unit's positions are taken by the
// new writer. Then the killed hub comes back as a follower, a webhook delivery is failing and being
// retried when the writer is killed again, and the hub that takes over delivers it and records it once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Entry } from '../../src/record/index.js';
import { accept, get, login } from '../support/api.js';
import { ServeProcess } from '../support/cli.js';
import { TestHttpsServer } from '../support/https-server.js';
import { type PostgresServer, postgresUnavailable, startPostgres } from '../support/postgis.js';
import { siteUids, TakClient, unitReport } from '../support/tak-client.js';
import { tempDir } from '../support/temp-dir.js';
import { TAK_SECRET, TAK_UNIT, TwoHubsWithTak } from '../support/two-hubs-with-tak.js';
import { until } from '../support/until.js';

const unavailable = postgresUnavailable();

describe('TAK clients and webhooks through takeovers', {
  skip: unavailable ?? false,
  timeout: 180_000,
}, () => {
  let server: PostgresServer;
  const temp = tempDir();
  let drill: TwoHubsWithTak;
  const clients: TakClient[] = [];
  let endpoint: TestHttpsServer;
  /** The webhook's endpoint is on the loopback, which a hub refuses unless its operator allows it. */
  let webhookEnv: Record<string, string>;

  before(async () => {
    endpoint = await TestHttpsServer.start();
    webhookEnv = { DECONFLICT_WEBHOOK_CA: endpoint.caFile, DECONFLICT_WEBHOOK_ALLOW: '127.0.0.1, ::1' };
    server = await startPostgres();
    await server.query('CREATE DATABASE hub');
    drill = await TwoHubsWithTak.start(
      temp.path,
      'tak-takeover.deconflict.test/hub',
      server.url({ database: 'hub' }),
      webhookEnv,
    );
  });
  after(async () => {
    for (const client of clients) client.close();
    drill?.kill();
    await server?.stop();
    await endpoint?.stop();
    temp.remove();
  });

  test('signs in again at the hub that took over, is sent the whole picture once, and reports there', async () => {
    const { hubs, cotPorts } = drill;
    const [writer, follower] = hubs as [ServeProcess, ServeProcess];
    assert.equal(await drill.declareSite(writer, 'red/field-hospital', [37.2, 36.2]), 201);
    const before = await TakClient.signIn(cotPorts[0] as number, 'blue/tak', TAK_SECRET, TAK_UNIT);
    clients.push(before);
    await until('the hospital on the TAK client', () => before.latest('deconflict.red/field-hospital'));
    // The follower serves no CoT port: TAK clients are the writer's.
    await assert.rejects(TakClient.open(cotPorts[1] as number), /ECONNREFUSED/);

    writer.kill('SIGKILL');
    await until('the TAK client to find its server gone', () => before.closed);
    // Declared during the switch: the follower passes it on once it is the writer.
    const during = await until(
      'a declaration accepted after the takeover',
      async () => ((await drill.declareSite(follower, 'red/camp', [37.3, 36.3])) === 201 ? true : undefined),
      30_000,
    );
    assert.ok(during);
    // A TAK client retries its server until it answers.
    const again = await until(
      'the new writer’s CoT port to accept the client',
      async () =>
        TakClient.signIn(cotPorts[1] as number, 'blue/tak', TAK_SECRET, TAK_UNIT).catch(() => undefined),
      30_000,
    );
    clients.push(again);
    const expected = [...siteUids('red/field-hospital'), ...siteUids('red/camp')];
    await until('the whole picture on the new writer’s client', () =>
      expected.every((uid) => again.latest(uid) !== undefined),
    );
    // Nothing twice: each item of the picture is sent once on sign-in (and nothing changed since).
    for (const uid of expected)
      assert.equal(again.events.filter((reading) => reading.event.uid === uid).length, 1, uid);

    again.send(unitReport(TAK_UNIT, 37.1));
    const track = await drill.unitTrack(follower);
    assert.equal(track.lon, 37.1);
    assert.equal(again.closed, false);
    assert.equal(await drill.role(follower), 'writer');
  });

  test('a webhook delivery being retried when the writer dies is delivered by the hub that took over, and recorded once', async () => {
    // The hub killed before comes back, as a follower of the one that took over.
    const { hubs, dirs, serveArgs, origin, signers } = drill;
    hubs[0] = await ServeProcess.start(dirs[0], serveArgs[0], webhookEnv);
    const [follower, writer] = hubs as [ServeProcess, ServeProcess];
    assert.equal(await drill.role(follower), 'follower');
    await accept(follower.url, origin, signers['red.admin'], 'webhook.set', {
      webhook: { name: 'ops', url: endpoint.url('/deconflict') },
    });
    // The endpoint is down: every attempt fails until the takeover.
    endpoint.replies.push(...Array.from({ length: 100 }, () => 503));
    const { index } = await accept(follower.url, origin, signers['blue.admin'], 'message.send', {
      message: {
        id: 'blue/notice-1',
        kind: 'notification',
        recipients: [{ party: 'red' }],
        text: 'Convoy moves.',
      },
    });
    const attemptsOf = () =>
      endpoint.received.filter(
        (request) => (JSON.parse(request.body.toString()) as { index: number }).index === index,
      );
    await until('the delivery to be failing and retried', () => attemptsOf().length >= 2, 30_000);
    writer.kill('SIGKILL');
    endpoint.replies.length = 0;

    const token = await login(follower.url, origin, signers['red.admin']);
    const delivered = await until(
      'the delivery recorded by the hub that took over',
      async () => {
        const size = ((await get(follower.url, '/healthz')).body as { size: number }).size;
        const page = await get(follower.url, `/v1/record/entries?start=0&end=${size}`, token);
        // Entries red may not read come without their content.
        const entries = (page.body as { entries: { entry?: Entry }[] }).entries.flatMap((item) =>
          item.entry ? [item.entry] : [],
        );
        const found = entries.filter(
          (entry) => entry.kind === 'webhook.delivered' && entry.command.entry === index,
        );
        return found.length > 0 ? found : undefined;
      },
      60_000,
    );
    assert.equal(delivered.length, 1);
    const answered = attemptsOf().filter((request) => request.status === 200);
    assert.ok(answered.length >= 1, 'the endpoint never took the message');
    assert.equal(await drill.role(follower), 'writer');
  });
});
