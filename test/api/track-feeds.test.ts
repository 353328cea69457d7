// Tracks from TAK and ADS-B, end to end: a TAK client signs in on the hub's CoT port with its feed's
// secret, reports its own position and receives the picture its party may see (a protected site,
// its own track, then an alert placed and worded without another party's unshared track); a party's ADS-B receiver is connected to by the hub, its aircraft
// taken, others it hears and bad lines dropped and counted; a wrong secret is turned away.
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { connect as connectTls } from 'node:tls';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, assertProblem, get, login, request } from '../support/api.js';
import { makeCertificates, type TestCertificates } from '../support/certificates.js';
import { site } from '../support/declarations.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { TakClient } from '../support/tak-client.js';
import { until } from '../support/until.js';

const signers = { 'blue.admin': OperatorSigner.generate(), 'red.admin': OperatorSigner.generate() };
const SECRET = 'a long random secret for the blue TAK server';

/** An SBS-1 (BaseStation) time: dump1090 writes the receiver's date and time, here UTC. */
function sbsTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '/')},${iso.slice(11, 23)}`;
}

function sbsLines(icao: string, ms: number, lon: number, lat: number, altFt: number, offsetH = 0): string[] {
  const t = sbsTime(ms + offsetH * 3_600_000);
  return [
    `MSG,3,1,1,${icao},1,${t},${t},,${altFt},,,${lat.toFixed(5)},${lon.toFixed(5)},,,0,0,0,0`,
    `MSG,4,1,1,${icao},1,${t},${t},,,250,90,,,0,,0,0,0,0`,
  ];
}

function positionEvent(uid: string, ms: number, lon: number, lat: number): string {
  const t = new Date(ms).toISOString();
  const stale = new Date(ms + 60_000).toISOString();
  return (
    `<event version="2.0" uid="${uid}" type="a-f-G-U-C" time="${t}" start="${t}" stale="${stale}" how="m-g">` +
    `<point lat="${lat}" lon="${lon}" hae="410" ce="5" le="10"/>` +
    `<detail><contact callsign="BLUE-1"/><track course="90" speed="3"/></detail></event>`
  );
}

describe('tracks from TAK and ADS-B', { timeout: 120_000 }, () => {
  let hub: TestHub;
  let receiver: Server;
  const receiverSockets: Socket[] = [];
  const ok = (who: keyof typeof signers, type: string, fields: Record<string, unknown>) =>
    accept(hub.url, hub.origin, signers[who], type, fields);

  const tracksSeenBy = async (who: keyof typeof signers) =>
    (
      (await get(hub.url, '/v1/tracks', await login(hub.url, hub.origin, signers[who]))).body as {
        tracks: { id: string; lon: number; alt_m: number; time: string; velocity_known?: boolean }[];
      }
    ).tracks;

  before(async () => {
    receiver = createServer((socket) => receiverSockets.push(socket));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    hub = await startTestHub({ ports: { cot: { host: '127.0.0.1', port: 0 } } });
    for (const party of ['blue', 'red'] as const) {
      await accept(hub.url, hub.origin, hub.admin, 'party.create', {
        party: { id: party, name: `Party ${party}` },
        administrator: { id: `${party}.admin`, name: party, public_key: signers[`${party}.admin`].publicKey },
      });
    }
    await ok('blue.admin', 'feed.set', {
      feed: { name: 'tak', kind: 'cot', secret_sha256: createHash('sha256').update(SECRET).digest('hex') },
    });
    const now = Date.now();
    await ok('blue.admin', 'declaration.submit', {
      declaration: site('blue/clinic', [37.2, 36.2], 300, now - 60_000, 24, { visibility: ['*'] }),
      known_conflicts: [],
    });
  });
  after(async () => {
    for (const socket of receiverSockets) socket.destroy();
    receiver.close();
    await hub.stop();
  });

  test('a TAK client with the wrong secret is turned away', async () => {
    const client = await TakClient.open(hub.running.cotPort as number);
    client.send('<auth><cot username="blue/tak" password="guess" uid="x"/></auth>');
    await until('the connection to close', () => client.closed);
  });

  test('a TAK client signs in, gets the picture, and its position becomes the party’s track', async () => {
    const client = await TakClient.open(hub.running.cotPort as number);
    client.send(`<auth><cot username="blue/tak" password="${SECRET}" uid="ANDROID-1"/></auth>`);
    await until('the protected site', () => client.received.includes('uid="deconflict.blue/clinic"'));
    client.send(positionEvent('ANDROID-1', Date.now(), 37.0, 36.0));
    const tracks = await until('blue’s track', async () => {
      const found = (await tracksSeenBy('blue.admin')).filter((t) => t.id === 'blue/tak:ANDROID-1');
      return found.length > 0 ? found : undefined;
    });
    assert.equal(tracks[0]?.lon, 37);
    assert.deepEqual(await tracksSeenBy('red.admin'), [], 'red sees nothing blue did not share');
    // The client is sent its own track back, as a friend, with the rest of the picture.
    await until('its own track', () => client.received.includes('uid="deconflict.track.blue/tak:ANDROID-1"'));
    assert.match(client.received, /type="a-f-G"/);

    // A red aircraft low, 900 m east of blue's clinic: an intrusion, shown to blue's TAK client as an
    // alert at the clinic, with the aircraft's party and rounded bearing, not its id or position.
    const now = Date.now();
    await ok('red.admin', 'feed.set', {
      feed: {
        name: 'adsb',
        kind: 'sbs',
        address: `127.0.0.1:${(receiver.address() as { port: number }).port}`,
        aircraft: ['a1b2c3'],
      },
    });
    const socket = await until('the hub to connect to the receiver', () => receiverSockets[0]);
    socket.write(
      [
        ...sbsLines('A1B2C3', now, 37.21, 36.2, 1500),
        ...sbsLines('FFFFFF', now, 38, 35, 30000),
        'MSG,3,garbage',
        '',
      ].join('\r\n'),
    );
    const red = await until('red’s aircraft', async () => {
      const found = (await tracksSeenBy('red.admin')).filter((t) => t.id.startsWith('red/adsb:'));
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual(
      red.map((t) => t.id),
      ['red/adsb:icao:A1B2C3'],
      'only the aircraft the feed registered',
    );
    assert.ok(Math.abs((red[0]?.alt_m ?? 0) - 1500 * 0.3048) < 1, 'feet become metres');
    const feeds = (await get(hub.url, '/v1/feeds', await login(hub.url, hub.origin, signers['red.admin'])))
      .body as { feeds: { id: string; dropped_by_reason: Record<string, number> }[] };
    const reasons = feeds.feeds.find((f) => f.id === 'red/adsb')?.dropped_by_reason ?? {};
    assert.equal(reasons['not one of the aircraft the feed registered'], 1, JSON.stringify(reasons));
    assert.equal(reasons['malformed SBS-1 line'], 1, JSON.stringify(reasons));

    const alert = await until(
      'the alert on blue’s TAK client',
      () => /<event[^>]*type="b-a-o-tbl"[\s\S]*?<\/event>/.exec(client.received)?.[0],
    );
    assert.match(alert, /<point lat="36\.2" lon="37\.2"/, 'placed at blue’s clinic');
    assert.match(alert, /a track of red, bearing \d+°, about 1\d00 m/);
    assert.doesNotMatch(alert, /A1B2C3|37\.21/i, 'not red’s aircraft or where it is');
    client.close();
  });

  test('an ADS-B receiver on local time: read in its declared time zone, or timed on receipt', async () => {
    const local = createServer((socket) => localSockets.push(socket));
    const localSockets: Socket[] = [];
    await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
    const address = `127.0.0.1:${(local.address() as { port: number }).port}`;
    try {
      const refused = await request(hub.url, 'POST', '/v1/commands', {
        json: signers['blue.admin'].command(hub.origin, 'feed.set', {
          feed: { name: 'adsb-x', kind: 'sbs', address, time_zone: 'Mars/Olympus' },
        }),
      });
      assertProblem(refused, 400);
      assert.deepEqual(
        (refused.body as { errors: { field: string }[] }).errors.map((e) => e.field),
        ['/command/feed/time_zone'],
      );
      // Baghdad is three hours ahead of UTC, and the receiver writes Baghdad's time.
      await ok('blue.admin', 'feed.set', {
        feed: { name: 'adsb-baghdad', kind: 'sbs', address, time_zone: 'Asia/Baghdad' },
      });
      const socket = await until('the hub to connect', () => localSockets[0]);
      const measured = Date.now() - 2000;
      socket.write(`${sbsLines('0B0001', measured, 44.4, 33.3, 9000, 3).join('\r\n')}\r\n`);
      const track = await until('the aircraft, timed right', async () =>
        (await tracksSeenBy('blue.admin')).find((t) => t.id === 'blue/adsb-baghdad:icao:0B0001'),
      );
      assert.equal(Date.parse(track.time), measured);

      // Without a time zone the same receiver's lines are timed when they arrive, and the feed says so.
      await ok('blue.admin', 'feed.set', { feed: { name: 'adsb-baghdad', kind: 'sbs', address } });
      const again = await until('the hub to connect again', () => localSockets[1]);
      const sent = Date.now();
      // A position only, its velocity not yet heard.
      again.write(`${sbsLines('0B0002', sent - 2000, 44.5, 33.3, 9000, 3)[0]}\r\n`);
      const timed = await until('the second aircraft', async () =>
        (await tracksSeenBy('blue.admin')).find((t) => t.id === 'blue/adsb-baghdad:icao:0B0002'),
      );
      assert.ok(Math.abs(Date.parse(timed.time) - sent) < 5000, timed.time);
      assert.equal(timed.velocity_known, false, 'a position before its velocity: not standing still');
      const feeds = (await get(hub.url, '/v1/feeds', await login(hub.url, hub.origin, signers['blue.admin'])))
        .body as { feeds: { id: string; times?: string }[] };
      assert.match(
        feeds.feeds.find((f) => f.id === 'blue/adsb-baghdad')?.times ?? '',
        /time zone is not declared/,
      );
    } finally {
      for (const socket of localSockets) socket.destroy();
      local.close();
    }
  });
});

describe('TAK clients on the hub’s TLS CoT port, by client certificate', { timeout: 120_000 }, () => {
  let hub: TestHub;
  let certificates: TestCertificates;
  const admin = OperatorSigner.generate();

  before(async () => {
    certificates = makeCertificates();
    hub = await startTestHub({
      ports: { cot: { host: '127.0.0.1', port: 0, tls: { ...certificates.server, ca: certificates.ca } } },
    });
    await accept(hub.url, hub.origin, hub.admin, 'party.create', {
      party: { id: 'ocha', name: 'OCHA' },
      administrator: { id: 'ocha.admin', name: 'OCHA admin', public_key: admin.publicKey },
    });
  });
  after(async () => {
    await hub.stop();
    certificates.remove();
  });

  /** Connects with a client certificate; resolves with whether the hub kept the connection open. */
  async function reportOver(pair: { key: string; cert: string }, uid: string): Promise<boolean> {
    const socket = connectTls({
      host: '127.0.0.1',
      port: hub.running.cotPort as number,
      ca: certificates.ca,
      ...pair,
    });
    let closed = false;
    socket.on('close', () => {
      closed = true;
    });
    socket.on('error', () => {});
    await new Promise((resolve) => socket.once('secureConnect', resolve));
    socket.write(positionEvent(uid, Date.now(), 37.13, 36.2));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    socket.destroy();
    return !closed;
  }

  test('a registered certificate’s reports are its party’s; another from the same CA is turned away', async () => {
    const field = certificates.client('ocha-field-1');
    const fingerprint = new X509Certificate(field.cert).fingerprint256.replaceAll(':', '').toLowerCase();
    await accept(hub.url, hub.origin, admin, 'feed.set', {
      feed: { name: 'tak', kind: 'cot', certificate_sha256: fingerprint },
    });
    assert.equal(await reportOver(field, 'ANDROID-OCHA-1'), true);
    const token = await login(hub.url, hub.origin, admin);
    const tracks = ((await get(hub.url, '/v1/tracks', token)).body as { tracks: { id: string }[] }).tracks;
    assert.deepEqual(
      tracks.map((t) => t.id),
      ['ocha/tak:ANDROID-OCHA-1'],
    );
    assert.equal(await reportOver(certificates.client('stranger'), 'ANDROID-X'), false);
  });
});
