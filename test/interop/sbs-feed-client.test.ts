// The hub connected out to a party's ADS-B receiver: lines become tracks, a bad line is counted and
// dropped, and when the receiver restarts the hub reconnects by itself.
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { test } from 'node:test';
import type { DroppedInput } from '../../src/interop/dropped-input.js';
import { SbsFeedClient } from '../../src/interop/sbs-feed-client.js';
import type { TrackReport } from '../../src/interop/track-report.js';
import { DUMP1090_LINES } from './samples.js';

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('tracks from a receiver’s port 30003, through a bad line and a receiver restart', async () => {
  const receivers: Socket[] = [];
  const receiver = createServer((socket) => receivers.push(socket));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as { port: number }).port;
  const tracks: TrackReport[] = [];
  const drops: DroppedInput[] = [];
  const feed = new SbsFeedClient({
    host: '127.0.0.1',
    port,
    source: 'adsb-aleppo',
    timeZone: 'UTC',
    onTrack: (track) => tracks.push(track),
    onDropped: (drop) => drops.push(drop),
    reconnect: { attempts: 0, baseMs: 20, capMs: 100, timeoutMs: 1_000 },
  }).start();
  try {
    await until(() => receivers.length === 1, 'the hub to connect');
    receivers[0]?.write(`${DUMP1090_LINES.slice(0, 2).join('\r\n')}\r\nMSG,3,garbage\r\n`);
    receivers[0]?.write(`${DUMP1090_LINES.slice(2).join('\r\n')}\r\n`);
    await until(() => tracks.length === 2 && drops.length === 1, 'two tracks and a drop');
    assert.equal(drops[0]?.reason, 'malformed SBS-1 line');
    receivers[0]?.destroy();
    await until(() => receivers.length === 2, 'the hub to reconnect');
    receivers[1]?.write(`${DUMP1090_LINES[3]?.replaceAll('10:20:02', '10:20:05')}\r\n`);
    await until(() => tracks.length === 3, 'a track after the reconnect');
    assert.deepEqual(
      tracks.map((track) => [track.id, track.source]),
      Array(3).fill(['icao:738065', 'adsb-aleppo']),
    );
    assert.deepEqual([feed.tally.accepted, feed.tally.dropped], [9, 1]);
  } finally {
    feed.stop();
    for (const socket of receivers) socket.destroy();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
