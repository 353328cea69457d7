// Hubs serving HTTPS, through the CLI, on one PostgreSQL database: operators' requests and sockets
// are encrypted, a follower passes commands on to the writer only over a connection whose
// certificate the hubs' CA issued, a certificate and key that do not go together stop a hub before
// it opens anything, and a renewed certificate is served after SIGHUP without a restart. A hub
// reaches PostgreSQL over TLS only at a server whose certificate it can verify.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, cpSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connect as tlsConnect } from 'node:tls';
import pg from 'pg';
import { WebSocket } from 'ws';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { get, type Reply } from '../support/api.js';
import { makeCertificates, type TestCertificates } from '../support/certificates.js';
import { describeRun, initOnPostgresql, runCli, ServeProcess } from '../support/cli.js';
import { type PostgresServer, postgresUnavailable, startPostgres } from '../support/postgis.js';
import { freePort } from '../support/postgres-cluster.js';
import { tempDir } from '../support/temp-dir.js';
import { until } from '../support/until.js';

const unavailable = postgresUnavailable();
const ORIGIN = 'tls.deconflict.test/hub';

describe('hubs serving HTTPS', { skip: unavailable ?? false }, () => {
  let server: PostgresServer;
  let certificates: TestCertificates;
  const temp = tempDir();
  const copies = ['writer', 'follower', 'untrusting'].map((name) => join(temp.path, name));
  const [writerData, followerData, untrustingData] = copies as [string, string, string];
  // The files the writer serves, replaced in place on renewal.
  const liveCert = join(temp.path, 'live.pem');
  const liveKey = join(temp.path, 'live.key');
  const admin = OperatorSigner.generate();
  const serving: ServeProcess[] = [];
  let url: string;

  /** An HTTPS request trusting only the test CA, as an operator's machine given it would. */
  const secure = (base: string, method: string, path: string, json?: unknown, token?: string) =>
    new Promise<Reply>((resolve, reject) => {
      const body = json === undefined ? undefined : JSON.stringify(json);
      const sent = httpsRequest(
        new URL(path, base),
        {
          method,
          ca: certificates.ca,
          agent: false,
          headers: {
            ...(body ? { 'content-type': 'application/json' } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = JSON.parse(text);
            } catch {}
            resolve({
              status: response.statusCode ?? 0,
              contentType: String(response.headers['content-type'] ?? ''),
              text,
              body: parsed,
              headers: new Headers(response.headers as Record<string, string>),
            });
          });
        },
      );
      sent.on('error', reject);
      sent.end(body);
    });
  const addViewer = (hub: ServeProcess, name: string) =>
    secure(
      hub.url,
      'POST',
      '/v1/commands',
      admin.command(ORIGIN, 'operator.add', {
        operator: { id: `hub.${name}`, name, public_key: OperatorSigner.generate().publicKey },
        role: 'viewer',
      }),
    );
  const size = async (hub: ServeProcess) =>
    ((await secure(hub.url, 'GET', '/healthz')).body as { size: number }).size;
  /** The serial number of the certificate a new TLS connection to the hub is shown. */
  const servedSerial = (hub: ServeProcess) =>
    new Promise<string>((resolve, reject) => {
      const { hostname, port } = new URL(hub.url);
      const socket = tlsConnect({ host: hostname, port: Number(port), ca: certificates.ca }, () => {
        resolve(socket.getPeerX509Certificate()?.serialNumber ?? '');
        socket.end();
      });
      socket.on('error', reject);
    });
  const serialOf = (pem: string) => new X509Certificate(pem).serialNumber;

  before(async () => {
    certificates = makeCertificates();
    copyFileSync(certificates.server.certFile, liveCert);
    copyFileSync(certificates.server.keyFile, liveKey);
    server = await startPostgres();
    await server.query('CREATE DATABASE hub');
    url = server.url({ database: 'hub' });
    await initOnPostgresql(writerData, ORIGIN, admin.publicKey, url);
    cpSync(writerData, followerData, { recursive: true });
    cpSync(writerData, untrustingData, { recursive: true });
  });
  after(async () => {
    for (const hub of serving) hub.kill('SIGKILL');
    await server?.stop();
    certificates?.remove();
    temp.remove();
  });

  test('a certificate without its key, or with another key, stops the hub before it opens anything', async () => {
    const stranger = certificates.selfSigned('stranger');
    const refusals = [
      [['--tls-cert', liveCert], /--tls-cert and --tls-key go together/],
      [['--tls-cert', liveCert, '--tls-key', stranger.keyFile], /cannot serve TLS together/],
      [['--tls-cert', liveKey, '--tls-key', liveKey], /is not a PEM certificate/],
      [
        ['--tls-cert', liveCert, '--tls-key', liveKey, '--hubs-ca', liveKey],
        /--hubs-ca .* is not a PEM certificate/,
      ],
    ] as const;
    for (const [options, reason] of refusals) {
      const run = await runCli(['serve', '--data', writerData, '--port', '0', '--store', url, ...options]);
      assert.equal(run.code, 1, describeRun(run));
      assert.match(run.stderr, reason);
    }
    // None of them took the writer's lease or wrote anything.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const lease = await client.query('SELECT holder FROM writer_lease').finally(() => client.end());
    assert.ok(
      lease.rows.every((row) => row.holder === null),
      JSON.stringify(lease.rows),
    );
  });

  test('operators reach any hub over HTTPS; a follower passes commands on only to a writer its CA vouches for', async () => {
    const tls = ['--tls-cert', liveCert, '--tls-key', liveKey];
    const writer = await ServeProcess.start(writerData, [
      '--store',
      url,
      ...tls,
      '--hubs-ca',
      certificates.caFile,
    ]);
    serving.push(writer);
    assert.match(writer.url, /^https:\/\//);
    const follower = await ServeProcess.start(followerData, [
      '--store',
      url,
      ...tls,
      '--hubs-ca',
      certificates.caFile,
    ]);
    serving.push(follower);
    const health = await secure(follower.url, 'GET', '/healthz');
    assert.deepEqual(health.body, {
      status: 'ok',
      role: 'follower',
      size: await size(writer),
      writer: writer.url,
    });
    assert.match(health.headers?.get('strict-transport-security') ?? '', /max-age=\d+/);

    // Nothing in clear: a plain HTTP request to the port gets no answer from the hub.
    const plain = await fetch(writer.url.replace(/^https/, 'http')).then(
      (response) => `answered ${response.status}`,
      (error: Error) => `failed: ${String(error.cause ?? error.message)}`,
    );
    assert.match(plain, /^failed/);

    // An operator's socket over TLS, on the follower, hears the command the follower passed on.
    const session = await secure(follower.url, 'POST', '/v1/sessions', admin.command(ORIGIN, 'login'));
    assert.equal(session.status, 201, session.text);
    const socket = new WebSocket(new URL('/v1/stream', follower.url.replace(/^https/, 'wss')), {
      ca: certificates.ca,
      headers: { authorization: `Bearer ${(session.body as { token: string }).token}` },
    });
    const types: string[] = [];
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; kind?: string };
      if (message.type === 'entry') types.push(message.kind ?? '');
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const before = await size(writer);
    const passed = await addViewer(follower, 'passed');
    assert.equal(passed.status, 201, passed.text);
    assert.equal(await size(writer), before + 1);
    await until('the socket hears the entry', async () => types.includes('operator.add'));
    socket.close();

    // A follower not given the hubs' CA does not trust the writer: it says so, and nothing is recorded.
    const untrusting = await ServeProcess.start(untrustingData, ['--store', url, ...tls]);
    serving.push(untrusting);
    const refused = await secure(
      untrusting.url,
      'POST',
      '/v1/commands',
      admin.command(ORIGIN, 'operator.add', {
        operator: { id: 'hub.unsent', name: 'unsent', public_key: OperatorSigner.generate().publicKey },
        role: 'viewer',
      }),
    );
    assert.equal(refused.status, 503, refused.text);
    assert.match((refused.body as { detail: string }).detail, /did not answer \(.*(certificate|issuer)/);
    assert.equal(await size(writer), before + 1, 'a command the follower could not pass on was recorded');
    await untrusting.stop();

    // A renewed certificate, put in place of the old and announced with SIGHUP, is served to new
    // connections; a file that is not one keeps the certificate served until then.
    const renewed = certificates.renewedServer();
    assert.equal(await servedSerial(writer), serialOf(certificates.server.cert));
    copyFileSync(renewed.certFile, liveCert);
    copyFileSync(renewed.keyFile, liveKey);
    writer.kill('SIGHUP');
    await until(
      'the renewed certificate is served',
      async () => (await servedSerial(writer)) === serialOf(renewed.cert),
    );
    writeFileSync(liveCert, 'not a certificate');
    writer.kill('SIGHUP');
    await until('the refusal is told', async () =>
      /kept the certificate served until now/.test(writer.output),
    );
    assert.equal(await servedSerial(writer), serialOf(renewed.cert));
    assert.equal((await addViewer(writer, 'renewed')).status, 201);

    assert.equal((await follower.stop()).code, 0, follower.output);
    assert.equal((await writer.stop()).code, 0, writer.output);
  });
});

describe('a hub reaching PostgreSQL over TLS', { skip: unavailable ?? false }, () => {
  let server: PostgresServer;
  let certificates: TestCertificates;
  const temp = tempDir();
  const data = join(temp.path, 'hub');
  const admin = OperatorSigner.generate();

  before(async () => {
    certificates = makeCertificates();
    const { certFile, keyFile } = certificates.server;
    server = await startPostgres({ postgis: false, tls: { certFile, keyFile, port: await freePort() } });
    await server.query('CREATE DATABASE hub');
  });
  after(async () => {
    await server?.stop();
    certificates?.remove();
    temp.remove();
  });

  test('verifies the certificate of the server, and every connection it holds is encrypted', async () => {
    const over = `postgresql://postgres@${server.tcp}/hub?sslmode=verify-full`;
    const unverified = await runCli([
      'init',
      '--data',
      data,
      '--origin',
      ORIGIN,
      '--admin-public-key',
      admin.publicKey,
      '--store',
      over,
    ]);
    assert.notEqual(unverified.code, 0, describeRun(unverified));
    assert.match(unverified.stderr, /certificate/);
    const tables = await server.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'",
    );
    assert.equal(tables[0]?.n, 0, 'a hub that could not verify the server wrote to it');

    const verified = `${over}&sslrootcert=${encodeURIComponent(certificates.caFile)}`;
    await initOnPostgresql(data, ORIGIN, admin.publicKey, verified);
    const hub = await ServeProcess.start(data, ['--store', verified]);
    try {
      const health = (await get(hub.url, '/healthz')).body as { role: string };
      assert.equal(health.role, 'writer');
      const connections = await server.query<{ ssl: boolean }>(
        `SELECT s.ssl FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
         WHERE a.datname = 'hub' AND a.client_addr IS NOT NULL`,
      );
      assert.ok(connections.length > 0, 'the hub holds no connection to the server');
      assert.ok(
        connections.every((connection) => connection.ssl),
        JSON.stringify(connections),
      );
    } finally {
      await hub.stop();
    }
  });
});
