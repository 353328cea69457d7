// Evidence out of a running hub and checked with no hub at all, through the `deconflict` command.
// Green, a humanitarian office, declares a clinic (first to itself, then shown to Blue); Blue
// declares an air operation over it naming the conflict, and notifies Green, whose duty officer
// reads and acknowledges. Each party writes a bundle about the notice and the clinic; after the hub
// has stopped both verify offline; one changed byte in an entry, a proof, the checkpoint or the
// timeline is refused with the file and the reason, as is a bundle checked against another hub's
// key; the two bundles are compared (same facts at the same positions, each party's own notices
// only in its own) and joined into one an inquiry verifies.
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HubClient } from '../../src/client/hub-client.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { noteSigner, privateKeyFromSeed, verifierKeyString } from '../../src/record/index.js';
import { login, request } from '../support/api.js';
import { describeRun, printed, runCli } from '../support/cli.js';
import { HOUR_MS, iso, operation, site } from '../support/declarations.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { until } from '../support/until.js';

const REFUSED = 4;
// Kept positions are written every second, so that the test need not wait.
process.env.DECONFLICT_TRACK_ARCHIVE_EVERY_S = '1';
type Who = 'blue.admin' | 'blue.duty' | 'green.admin' | 'green.duty';

describe('evidence bundles through the deconflict CLI', () => {
  let hub: TestHub;
  let hubKey = '';
  const keyFile = {} as Record<Who, string>;
  const clients = {} as Record<Who, HubClient>;
  const signers = {} as Record<Who, OperatorSigner>;
  let bundleA = '';
  let bundleB = '';
  let serving = true;
  const indices = { notice: 0, acknowledged: 0, clinicV1: 0, archived: 0, incident: 0 };

  const operator = (who: Who) => {
    const key = OperatorSigner.generate();
    keyFile[who] = join(hub.root, `${who}.pem`);
    key.save(keyFile[who]);
    clients[who] = new HubClient(hub.url, key);
    signers[who] = key;
    return key;
  };
  const verify = (dir: string, ...args: string[]) => runCli(['verify-evidence', dir, ...args]);

  before(async () => {
    hub = await startTestHub();
    const admin = new HubClient(hub.url, hub.admin);
    for (const party of ['blue', 'green'] as const) {
      await admin.submit('party.create', {
        party: { id: party, name: `${party} office` },
        administrator: {
          id: `${party}.admin`,
          name: `${party} administrator`,
          public_key: operator(`${party}.admin`).publicKey,
        },
      });
      await clients[`${party}.admin`].submit('operator.add', {
        operator: {
          id: `${party}.duty`,
          name: `${party} duty officer`,
          public_key: operator(`${party}.duty`).publicKey,
        },
        role: 'duty-officer',
      });
    }
    hubKey = await clients['blue.duty'].verifierKey();
    const now = Date.now();
    const clinic = site('green/clinic-7', [37.2, 36.2], 300, now, 48);
    indices.clinicV1 = (
      await clients['green.duty'].submit('declaration.submit', { declaration: clinic, known_conflicts: [] })
    ).index;
    await clients['green.duty'].submit('declaration.amend', {
      declaration: { ...clinic, visibility: ['blue'], title: 'Clinic 7 (shown to Blue)' },
      replaces_version: 1,
      known_conflicts: [],
    });
    await clients['blue.duty'].submit('declaration.submit', {
      declaration: {
        ...operation('blue/sweep-3', [37.19, 36.19], 0.03, now + HOUR_MS),
        visibility: ['green'],
      },
      known_conflicts: [{ declaration: 'green/clinic-7', version: 2 }],
    });
    indices.notice = (
      await clients['blue.duty'].submit('message.send', {
        message: {
          id: 'blue/notice-1',
          kind: 'notification',
          recipients: [{ party: 'green' }],
          text: `Air activity near Clinic 7 from ${iso(now + HOUR_MS)}`,
          references: [{ type: 'declaration', id: 'green/clinic-7', version: 2 }],
        },
      })
    ).index;
    await clients['green.duty'].submit('delivery.receipt', {
      message: 'blue/notice-1',
      recipient: 'green',
      state: 'read',
    });
    indices.acknowledged = (
      await clients['green.duty'].submit('delivery.receipt', {
        message: 'blue/notice-1',
        recipient: 'green',
        state: 'acknowledged',
      })
    ).index;

    // Green reports what happened at the clinic; the hub links what each party may see to it.
    indices.incident = (
      await clients['green.duty'].submit('incident.report', {
        incident: {
          id: 'green/clinic-7-overflown',
          title: 'Clinic 7 overflown',
          geometry: { type: 'Point', coordinates: [37.2, 36.2] },
          from: iso(now - 60_000),
          until: iso(Date.now()),
          what: 'A drone passed low over the clinic.',
          visibility: ['blue'],
        },
      })
    ).index;
    // Blue's drone flies past the clinic; the hub commits its kept positions to the record.
    await clients['blue.admin'].submit('feed.set', { feed: { name: 'c2', kind: 'api' } });
    const token = await login(hub.url, hub.origin, signers['blue.admin']);
    const reports = [0, 1, 2, 3].map((i) => ({
      id: 'drone-1',
      time: iso(now - 200_000 + i * 30_000),
      lon: 37.17 + i * 0.01,
      lat: 36.19 + i * 0.004,
      alt_m: 300,
    }));
    const posted = await request(hub.url, 'POST', '/v1/feeds/blue/c2/reports', { token, json: { reports } });
    assert.equal((posted.body as { accepted: number }).accepted, 4, posted.text);
    indices.archived = await until(
      'a tracks.archived entry',
      async () => {
        const { size } = await clients['blue.duty'].get<{ size: number }>('/v1/record/entries?start=0&end=0');
        const { entries } = await clients['blue.duty'].get<{
          entries: { index: number; entry?: { kind: string } }[];
        }>(`/v1/record/entries?start=0&end=${size}`);
        return entries.find((e) => e.entry?.kind === 'tracks.archived')?.index;
        // Kept positions are committed every 30 s: on a loaded machine, give it two rounds.
      },
      60_000,
    );

    bundleA = join(hub.root, 'blue-bundle');
    const a = await runCli([
      'evidence',
      'blue/notice-1',
      'green/clinic-7',
      'blue/sweep-3',
      String(indices.archived),
      '--out',
      bundleA,
      '--hub',
      hub.url,
      '--key',
      keyFile['blue.duty'],
    ]);
    assert.equal(a.code, 0, describeRun(a));
    // The record grows between the two bundles: Green's is proven to extend Blue's checkpoint.
    await clients['green.duty'].submit('message.send', {
      message: {
        id: 'green/reply-1',
        kind: 'reply',
        recipients: [{ party: 'blue' }],
        reply_to: 'blue/notice-1',
        text: 'Noted.',
      },
    });
    bundleB = join(hub.root, 'green-bundle');
    const b = await runCli([
      'evidence',
      'blue/notice-1',
      'green/clinic-7',
      'blue/sweep-3',
      'green/clinic-7-overflown',
      '--out',
      bundleB,
      '--consistent-with',
      join(bundleA, 'checkpoint'),
      '--hub',
      hub.url,
      '--key',
      keyFile['green.duty'],
    ]);
    assert.equal(b.code, 0, describeRun(b));
    await hub.running.stop();
    serving = false;
  });

  // The hub is stopped once the bundles are written (the checks below are offline). If writing them
  // failed it is still serving, and is stopped here: left running, it would keep this file from ending.
  after(async () => {
    if (serving) await hub?.running.stop();
    hub?.remove();
  });

  test('each bundle verifies offline against the hub’s key, with what its party may read', async () => {
    const [a, b] = await Promise.all([
      verify(bundleA, '--hub-key', hubKey),
      verify(bundleB, '--hub-key', hubKey),
    ]);
    assert.equal(a.code, 0, describeRun(a));
    assert.equal(b.code, 0, describeRun(b));
    const [ra, rb] = [
      printed<{ hidden: number; entries: number; subjects: string[] }>(a),
      printed<{ hidden: number; extends_checkpoint_of_size: number }>(b),
    ];
    assert.deepEqual(ra.subjects, [
      'message blue/notice-1',
      'declaration green/clinic-7',
      'declaration blue/sweep-3',
      `entry ${indices.archived}`,
    ]);
    // Blue may not read the clinic's first version, shown to Green alone: proven by its leaf hash only.
    assert.equal(ra.hidden, 1);
    assert.equal(rb.hidden, 0);
    assert.ok(rb.extends_checkpoint_of_size > 0);
    const greenTimeline = readFileSync(join(bundleB, 'timeline.md'), 'utf8');
    assert.match(
      greenTimeline,
      new RegExp(
        `entry #${indices.incident} — green\\.duty \\(green\\) reported incident green/clinic-7-overflown “Clinic 7 overflown”`,
      ),
    );
    assert.match(greenTimeline, /the hub linked \d+ entries to incident green\/clinic-7-overflown for green/);
    const files = readdirSync(join(bundleA, 'entries'));
    assert.ok(files.includes(`${indices.notice}.json`) && files.includes(`${indices.notice}.tlog-proof`));
    assert.ok(!files.includes(`${indices.clinicV1}.json`));
    const timeline = readFileSync(join(bundleA, 'timeline.md'), 'utf8');
    assert.match(
      timeline,
      new RegExp(`entry #${indices.acknowledged} — green\\.duty \\(green\\) acknowledged blue/notice-1`),
    );
    assert.match(
      timeline,
      new RegExp(`entry #${indices.notice} — blue\\.duty \\(blue\\) sent notification blue/notice-1`),
    );
    assert.match(timeline, new RegExp(`entry #${indices.clinicV1} — an entry blue may not read`));
    assert.match(
      timeline,
      new RegExp(`entry #${indices.archived} — the hub committed .*; its \\d+ positions are in this bundle`),
    );
    const kept = JSON.parse(readFileSync(join(bundleA, 'tracks', `${indices.archived}.json`), 'utf8'));
    assert.deepEqual(kept[0].slice(0, 2), ['blue/c2', 'blue/c2:drone-1']);
    const html = readFileSync(join(bundleA, 'timeline.html'), 'utf8');
    assert.match(html, /<polyline [^>]*\/><text [^>]*>track blue\/c2:drone-1<\/text>/);
    assert.match(html, /<svg [^>]*>.*<circle .*green\/clinic-7.*<polygon .*blue\/sweep-3/s);
    assert.doesNotMatch(html, /https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  test('one changed byte in an entry, a proof, the checkpoint or the timeline is refused with its file and reason', async () => {
    const cases: [file: string, change: (bytes: Buffer) => void, reason: RegExp][] = [
      [
        `entries/${indices.notice}.json`,
        (b) => flip(b, b.indexOf('Air activity')),
        /its bytes do not hash to the leaf listed in bundle\.json/,
      ],
      [
        `entries/${indices.notice}.tlog-proof`,
        (b) => flip(b, b.indexOf('\n', b.indexOf('index ')) + 3),
        /does not lead from the leaf|malformed tlog-proof/,
      ],
      ['checkpoint', (b) => flip(b, b.indexOf('\n') + 1), /checkpoint: .*(signature|malformed)/],
      [
        'timeline.md',
        (b) => flip(b, b.indexOf('acknowledged')),
        /timeline\.md: differs from the timeline its entries tell/,
      ],
      [
        `tracks/${indices.archived}.json`,
        (b) => flip(b, b.indexOf('37.1')),
        /does not hash to the batch entry #\d+ committed to/,
      ],
    ];
    for (const [file, change, reason] of cases) {
      const copy = join(hub.root, `tampered-${file.replace(/\W/g, '-')}`);
      cpSync(bundleA, copy, { recursive: true });
      const bytes = readFileSync(join(copy, file));
      change(bytes);
      writeFileSync(join(copy, file), bytes);
      const result = await verify(copy, '--hub-key', hubKey);
      assert.equal(result.code, REFUSED, describeRun(result));
      assert.match(
        result.stderr,
        new RegExp(`^deconflict: REFUSED: ${file.replace(/\./g, '\\.')}: `),
        describeRun(result),
      );
      assert.match(result.stderr, reason, describeRun(result));
    }
  });

  test('a bundle checked against another hub’s key is refused', async () => {
    const otherKey = verifierKeyString(hub.origin, privateKeyFromSeed(new Uint8Array(32).fill(9)));
    assert.ok(noteSigner(hub.origin, privateKeyFromSeed(new Uint8Array(32).fill(9))));
    const result = await verify(bundleA, '--hub-key', otherKey);
    assert.equal(result.code, REFUSED, describeRun(result));
    assert.match(result.stderr, /REFUSED: checkpoint: .*signature/, describeRun(result));
  });

  test('the two bundles compared: the same facts at the same positions, one history; joined, the whole verifies', async () => {
    const joint = join(hub.root, 'joint');
    const result = await runCli(['compare-evidence', bundleA, bundleB, '--hub-key', hubKey, '--out', joint]);
    assert.equal(result.code, 0, describeRun(result));
    const comparison = printed<{
      both: { index: number }[];
      only_a: { index: number }[];
      only_b: { index: number }[];
      consistency: string;
    }>(result);
    const both = comparison.both.map((e) => e.index);
    for (const index of [indices.notice, indices.acknowledged, indices.clinicV1])
      assert.ok(both.includes(index), `${index} in both`);
    // Each party's own conflict notice is its own; Green's reply came after Blue's bundle.
    assert.ok(comparison.only_a.length > 0 && comparison.only_b.length > 0);
    assert.match(comparison.consistency, /proven to extend/);
    const verified = await verify(joint, '--hub-key', hubKey);
    assert.equal(verified.code, 0, describeRun(verified));
    assert.equal(printed<{ joint: boolean }>(verified).joint, true);

    // A joint bundle whose comparison was edited is refused.
    const edited = join(hub.root, 'joint-edited');
    cpSync(joint, edited, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(edited, 'joint.json'), 'utf8'));
    manifest.only_a = [];
    writeFileSync(join(edited, 'joint.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const refused = await verify(edited, '--hub-key', hubKey);
    assert.equal(refused.code, REFUSED, describeRun(refused));
    assert.match(refused.stderr, /REFUSED: joint\.json: differs from the comparison/);
  });
});

function flip(bytes: Buffer, at: number): void {
  assert.ok(at >= 0 && at < bytes.length, 'the byte to change is in the file');
  bytes[at] = (bytes[at] as number) ^ 0x01;
}
