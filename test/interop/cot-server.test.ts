// TAK clients connected to the hub's CoT port: over TLS with a client certificate, or plain TCP with
// TAK's sign-in. Their events come out as readings of the feed their credential is registered to;
// a bad event in the middle of a live stream does not stop it; the picture goes back to them.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { connect as connectTcp, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { connect as connectTls } from 'node:tls';
import type { CotReading } from '../../src/interop/cot-reading.js';
import { CotServer } from '../../src/interop/cot-server.js';
import type { CotSource, TakCredential } from '../../src/interop/cot-source.js';
import { siteEvents } from '../../src/interop/cot-write-picture.js';
import type { DroppedInput } from '../../src/interop/dropped-input.js';
import { makeCertificates, type TestCertificates } from '../support/certificates.js';
import { ATAK_CHAT, ATAK_PING, atakPli, TAK_SIGN_IN } from './samples.js';

/** What the hub saw, and a way to wait for it. */
class Seen {
  readonly readings: { source: string | undefined; reading: CotReading }[] = [];
  readonly drops: DroppedInput[] = [];
  readonly closes: string[] = [];
  private waiters: (() => void)[] = [];

  note(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  async until(check: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!check()) {
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
}

function start(
  seen: Seen,
  authorize: (credential: TakCredential) => CotSource | null,
  tls?: TestCertificates,
) {
  return CotServer.listen(
    {
      authorize,
      tls: tls && { key: tls.server.key, cert: tls.server.cert, ca: tls.ca },
      onReading: (connection, reading) => {
        seen.readings.push({ source: connection.source?.source, reading });
        seen.note();
      },
      onDropped: (_connection, drop) => {
        seen.drops.push(drop);
        seen.note();
      },
      onClosed: (_connection, reason) => {
        seen.closes.push(reason);
        seen.note();
      },
      limits: { signInTimeoutMs: 2_000 },
    },
    0,
    '127.0.0.1',
  );
}

function received(socket: Socket): { text: string } {
  const got = { text: '' };
  socket.on('data', (chunk: Buffer) => {
    got.text += chunk.toString('utf8');
  });
  return got;
}

describe('TAK clients over TLS with client certificates', () => {
  let certificates: TestCertificates;
  let server: CotServer;
  const seen = new Seen();
  let field: { key: string; cert: string };

  before(async () => {
    certificates = makeCertificates();
    field = certificates.client('ocha-field-1');
    const registered = new X509Certificate(field.cert).fingerprint256;
    server = await start(
      seen,
      (credential) =>
        credential.kind === 'certificate' && credential.fingerprint256 === registered
          ? { source: 'ocha-tak', party: 'un-ocha' }
          : null,
      certificates,
    );
  });
  after(async () => {
    await server.close();
    certificates.remove();
  });

  const connectWith = (pair: { key: string; cert: string }) =>
    connectTls({ host: '127.0.0.1', port: server.port, ca: certificates.ca, ...pair });

  test('a registered client’s events are read as its feed’s, a bad one dropped mid-stream, pings answered', async () => {
    const client = connectWith(field);
    const got = received(client);
    await new Promise<void>((resolve) => client.once('secureConnect', resolve));
    const broken = atakPli('2026-03-02T10:15:21.000Z', 36.2, 37.1)
      .replace('</track>', '')
      .replace('<track', '<track x');
    client.write(atakPli('2026-03-02T10:15:20.000Z', 36.2, 37.1));
    client.write(`${broken.slice(0, 300)}`);
    client.write(`${broken.slice(300)}\n${ATAK_CHAT}${ATAK_PING}`);
    client.write(atakPli('2026-03-02T10:15:22.000Z', 36.21, 37.11));
    await seen.until(() => seen.readings.length === 4, 'four readings');
    assert.deepEqual(
      seen.readings.map(({ source, reading }) => [source, reading.kind]),
      [
        ['ocha-tak', 'track'],
        ['ocha-tak', 'chat'],
        ['ocha-tak', 'ping'],
        ['ocha-tak', 'track'],
      ],
    );
    assert.deepEqual(
      seen.drops.map((drop) => drop.reason),
      ['malformed XML'],
    );
    // The picture, to every signed-in client.
    const timing = { now: Date.now(), stale: Date.now() + 60_000 };
    server.broadcast(
      siteEvents(
        {
          id: 'msf/h-7',
          name: 'Hospital 7',
          function: 'hospital',
          at: [37.1, 36.2],
          area: null,
          remarks: '',
        },
        timing,
      ),
    );
    await seen.until(() => got.text.includes('Hospital 7'), 'the picture at the client');
    assert.match(got.text, /type="t-x-c-t-r"/);
    const [connection] = server.connections;
    assert.deepEqual([connection?.tally.accepted, connection?.tally.dropped], [4, 1]);
    client.destroy();
  });

  test('a certificate the CA issued but no feed is registered to is disconnected', async () => {
    const closes = seen.closes.length;
    const client = connectWith(certificates.client('stranger'));
    client.on('error', () => {});
    await seen.until(
      () => seen.closes.slice(closes).includes('certificate not registered to a feed'),
      'the refusal',
    );
  });

  test('a certificate from another CA fails the handshake', async () => {
    const readings = seen.readings.length;
    const client = connectWith(certificates.selfSigned('ocha-field-1'));
    const outcome = await new Promise<string>((resolve) => {
      client.on('error', (error) => resolve(`error: ${error.message}`));
      client.on('close', () => resolve('closed'));
      client.on('data', () => resolve('data'));
    });
    assert.notEqual(outcome, 'data');
    client.write(atakPli('2026-03-02T10:15:30.000Z', 36.2, 37.1));
    assert.equal(seen.readings.length, readings);
  });
});

describe('TAK clients over plain TCP with TAK’s sign-in', () => {
  let server: CotServer;
  const seen = new Seen();

  before(async () => {
    server = await start(seen, (credential) =>
      credential.kind === 'password' &&
      credential.username === 'ocha-field' &&
      credential.password === 's3cret-token'
        ? { source: 'ocha-field', party: 'un-ocha' }
        : null,
    );
  });
  after(() => server.close());

  const open = async () => {
    const client = connectTcp({ host: '127.0.0.1', port: server.port });
    client.on('error', () => {});
    await new Promise<void>((resolve) => client.once('connect', resolve));
    return client;
  };

  test('after signing in, its positions are its feed’s tracks', async () => {
    const client = await open();
    client.write(`${TAK_SIGN_IN}${atakPli('2026-03-02T10:15:20.000Z', 36.2, 37.1)}`);
    await seen.until(() => seen.readings.length === 1, 'a track');
    assert.equal(seen.readings[0]?.source, 'ocha-field');
    assert.equal(seen.readings[0]?.reading.kind, 'track');
    client.destroy();
  });

  test('events before signing in, a wrong password, or protobuf end the connection with the reason', async () => {
    for (const [opening, reason] of [
      [atakPli('2026-03-02T10:15:20.000Z', 36.2, 37.1), 'sent events before signing in'],
      [TAK_SIGN_IN.replace('s3cret-token', 'guess'), 'sign-in refused'],
      [Buffer.from([0xbf, 0x01, 0xbf, 0x0a]), /protocol version 1/],
    ] as const) {
      const closes = seen.closes.length;
      const client = await open();
      client.write(opening);
      const expected = typeof reason === 'string' ? new RegExp(reason) : reason;
      await seen.until(
        () => seen.closes.slice(closes).some((closed) => expected.test(closed)),
        `${expected}`,
      );
    }
  });

  test('a client that never signs in is let go', async () => {
    const closes = seen.closes.length;
    await open();
    await seen.until(() => seen.closes.slice(closes).includes('no sign-in in time'), 'the sign-in timeout');
  });
});
