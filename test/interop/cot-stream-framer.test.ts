// TAK's XML stream over TCP: events back to back, declarations and whitespace between them, read
// the same however the network cuts the bytes, with a bad event costing only itself.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type CotFrame, CotStreamFramer } from '../../src/interop/cot-stream-framer.js';
import { fuzzSeed, Prng } from '../support/prng.js';
import { ATAK_CHAT, ATAK_PING, atakPli, WINTAK_PLI } from './samples.js';

const ARABIC_CALLSIGN = atakPli('2026-03-02T10:15:25.000Z', 36.2, 37.1).replace('OCHA-ALEPPO-2', 'الهلال-٢');
const BROKEN = atakPli('2026-03-02T10:15:26.000Z', 36.2, 37.1).replace('</detail>', '');

/** A stream as a TAK server relays it: declarations, newlines, a broken event in the middle. */
const STREAM = [
  atakPli('2026-03-02T10:15:20.000Z', 36.2, 37.1),
  '\n',
  WINTAK_PLI,
  '\r\n  ',
  ARABIC_CALLSIGN,
  BROKEN,
  `<?xml version="1.0" encoding="UTF-8"?>\n${ATAK_CHAT}`,
  ATAK_PING,
].join('');

/** Each frame as what a reader sees first: the event's XML, a drop's reason, or a refusal. */
function summary(frames: CotFrame[]): string[] {
  return frames.map((frame) =>
    'xml' in frame ? frame.xml : 'drop' in frame ? frame.drop.reason : frame.refused,
  );
}

function frameAll(chunks: Buffer[]): CotFrame[] {
  const framer = new CotStreamFramer();
  return [...chunks.flatMap((chunk) => framer.push(chunk)), ...framer.end()];
}

describe('the XML stream', () => {
  test('yields each event whole, in order, the broken one as itself', () => {
    const frames = frameAll([Buffer.from(STREAM)]);
    assert.equal(frames.length, 6);
    assert.deepEqual(
      frames.map((frame) => ('xml' in frame ? frame.xml.slice(0, 6) : 'other')),
      Array(6).fill('<event'),
    );
    assert.ok(frames.some((frame) => 'xml' in frame && frame.xml.includes('الهلال-٢')));
    assert.ok(frames.every((frame) => 'xml' in frame && frame.xml.endsWith('</event>')));
  });

  test('any cutting of the bytes gives the same events (property, seeded)', () => {
    const seed = fuzzSeed();
    const random = new Prng(seed);
    const bytes = Buffer.from(STREAM);
    const whole = frameAll([bytes]);
    for (let round = 0; round < 300; round++) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length; ) {
        const size = random.chance(0.3) ? 1 + random.int(3) : 1 + random.int(400);
        chunks.push(bytes.subarray(at, at + size));
        at += size;
      }
      assert.deepEqual(frameAll(chunks), whole, `seed ${seed}, round ${round}`);
    }
  });

  test('stray text before an event is dropped and the event still read', () => {
    const frames = frameAll([Buffer.from(`garbage${WINTAK_PLI}`)]);
    assert.deepEqual(summary(frames), ['text outside an event', WINTAK_PLI]);
  });

  test('an event cut off by the end of the stream is reported', () => {
    const frames = frameAll([Buffer.from(WINTAK_PLI + WINTAK_PLI.slice(0, 50))]);
    assert.deepEqual(summary(frames), [WINTAK_PLI, 'stream ended inside a message']);
  });

  test('a message too large is dropped whole and the stream goes on', () => {
    const framer = new CotStreamFramer(10_000);
    const huge = `<event version="2.0"><detail><remarks>${'x'.repeat(30_000)}</remarks></detail></event>`;
    const frames = [huge.slice(0, 15_000), huge.slice(15_000), WINTAK_PLI].flatMap((part) =>
      framer.push(Buffer.from(part)),
    );
    assert.deepEqual(summary(frames), ['message too large', WINTAK_PLI]);
  });

  test('TAK protocol version 1 (protobuf) is refused with the reason, not misread', () => {
    const framer = new CotStreamFramer();
    // Stream framing: the magic byte, a varint length, then a TakMessage.
    const frames = framer.push(Buffer.from([0xbf, 0x05, 0x0a, 0x03, 0x12, 0x01, 0x41]));
    assert.equal(frames.length, 1);
    assert.match(summary(frames)[0] ?? '', /protocol version 1 .* CoT XML/);
    assert.deepEqual(framer.push(Buffer.from(WINTAK_PLI)), []);
  });
});
