// The demo as a newcomer meets it: `serve --init-origin … --demo syria-2016` through the real CLI on
// an empty data directory, then the hub's API as each party, signed in with the keys the demo wrote.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dataDir, openHubFiles } from '../../src/cli/data-dir.js';
import { HubClient } from '../../src/client/hub-client.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { armLaterSteps, dueAt, laterSteps, loadedDemoOffset, stepsLeft } from '../../src/demo/later-steps.js';
import { stepFields } from '../../src/demo/load-scenario.js';
import { readScenario } from '../../src/demo/scenario.js';
import { Hub } from '../../src/hub/hub.js';
import { incidentLinksSeenBy, maySeeEntry } from '../../src/hub/who-may-see.js';
import { decodeEntry } from '../../src/record/index.js';
import { ServeProcess } from '../support/cli.js';
import { TEST_ORIGIN } from '../support/hub.js';
import { TakClient } from '../support/tak-client.js';
import { tempDir } from '../support/temp-dir.js';
import { until } from '../support/until.js';

// With a CoT port: loading the demo writes a convoy, which TAK clients are sent as it is declared.
const DEMO = ['--init-origin', TEST_ORIGIN, '--demo', 'syria-2016', '--cot-port', '0'];
const PARTIES = ['coalition', 'ocha', 'russia', 'sarc', 'syria'];
const OPERATION = 'coalition/strike-deir-ez-zor';
const CONVOY = 'ocha/convoy-urum-al-kubra';
const POSITIONS = ['syria/jabal-tharda-north', 'syria/jabal-tharda-south'];
const SYRIAN_NOTICE = 'syria/air-attack-jabal-tharda';
const STOP = 'russia/stop-jabal-tharda';
const ARRANGEMENT = 'coalition/arrangement-0909';
const DESIGNATED_AREAS = ['coalition/designated-area-west-aleppo', 'russia/castello-road'];
const HOUR_MS = 3_600_000;

describe('the demo “Syria, September 2016”, loaded by the start that creates the hub', {
  timeout: 240_000,
}, () => {
  const temp = tempDir();
  const dataPath = join(temp.path, 'data');
  const keysDir = join(dataPath, 'demo-keys');
  let serve: ServeProcess;
  let loadedAt: number;
  const as = (operator: string) =>
    new HubClient(serve.url, OperatorSigner.fromFile(join(keysDir, `${operator}.key`)));

  before(async () => {
    loadedAt = Date.now();
    serve = await ServeProcess.start(dataPath, DEMO);
  });
  after(async () => {
    await serve?.stop();
    temp.remove();
  });

  test('says it is an illustrative reconstruction, and how to sign in', () => {
    assert.match(serve.output, /loaded the demo “Syria, September 2016”/);
    assert.match(serve.output, /an illustrative reconstruction from public reporting/);
    assert.match(serve.output, /demo-keys\/<id>\.key/);
  });

  test('every key in data/demo-keys signs in (POST /v1/sessions) as its operator, of its party; the five parties exist', async () => {
    const files = readdirSync(keysDir).sort();
    assert.equal(files.length, 18, files.join(' '));
    const parties = new Set<string>();
    for (const file of files) {
      assert.match(readFileSync(join(keysDir, file), 'utf8'), /^-----BEGIN PRIVATE KEY-----\n/);
      const operator = file.replace(/\.key$/, '');
      const session = await as(operator).login();
      assert.equal(session.operator, operator);
      assert.equal(session.party, operator.split('.')[0]);
      parties.add(session.party);
    }
    assert.deepEqual([...parties].sort(), PARTIES);
    const listed = await as('ocha.duty1').get<{ parties: { id: string; name: string }[] }>('/v1/parties');
    assert.deepEqual(listed.parties.map((p) => p.id).sort(), ['hub', ...PARTIES].sort());
  });

  test('the coalition’s air operation by Deir ez-Zor airport conflicts with both Syrian positions on Jabal Tharda, recorded for both owners; it begins now', async () => {
    const coalition = as('coalition.duty1');
    for (const operator of ['coalition.duty1', 'syria.duty1']) {
      const { conflicts } = await as(operator).conflicts({ declaration: OPERATION, status: 'current' });
      assert.deepEqual(conflicts.map((c) => c.declarations[1].id).sort(), POSITIONS, operator);
      for (const conflict of conflicts) assert.ok(Number.isInteger(conflict.entry), 'recorded in an entry');
    }
    const seenByCoalition = await coalition.conflicts({ declaration: OPERATION, status: 'current' });
    assert.ok(seenByCoalition.conflicts.every((c) => c.horizontal_distance_m === 0));
    const { declarations } = await coalition.declarations({ kind: 'operation', status: 'live' });
    const operation = declarations.find((d) => d.id === OPERATION);
    assert.ok(operation, 'the coalition sees its operation');
    assert.ok(Math.abs(Date.parse(operation.valid_from) - loadedAt) < 2 * 60_000, operation.valid_from);
    assert.match(String(operation.declaration.notes), /^Demo scenario “Syria, September 2016”/);
  });

  test('the convoy to Urum al-Kubra, declared by OCHA for SARC, is seen by every party it names, leaving two days after the key moment', async () => {
    for (const operator of ['coalition.duty1', 'russia.duty1', 'syria.duty1', 'sarc.duty1', 'ocha.duty1']) {
      const { declarations } = await as(operator).declarations({ kind: 'movement', status: 'live' });
      const convoy = declarations.find((d) => d.id === CONVOY);
      assert.ok(convoy, `${operator} sees the convoy`);
      const { departure } = convoy.declaration.schedule as { departure: string };
      // 19 September, 10:00 is 42 hours after 17 September, 16:00.
      assert.ok(Math.abs(Date.parse(departure) - loadedAt - 42 * HOUR_MS) < 2 * 60_000, departure);
    }
  });

  test('Syria told Russia first: its notice of the attack on Jabal Tharda was acknowledged by Russia’s hotline officer before Russia sent its stop request', async () => {
    const russia = as('russia.duty1');
    const notice = await russia.message(SYRIAN_NOTICE);
    assert.equal(notice.from, 'syria');
    assert.equal(notice.kind, 'notification');
    const [delivery] = notice.deliveries;
    assert.equal(delivery?.recipient, 'russia/air-deconfliction');
    assert.equal(delivery?.state, 'acknowledged');
    assert.equal(delivery?.acknowledged_by, 'russia.duty1');
    const acknowledgedAt = delivery?.history.find((e) => e.state === 'acknowledged')?.entry;
    assert.ok(acknowledgedAt !== undefined && acknowledgedAt < (await russia.message(STOP)).entry);
  });

  test('Russia’s urgent stop request to the coalition has moved past the coalition’s first officer, off line, and waits on the second with a deadline pending; the second acknowledges it and the Russian sender sees it', async () => {
    const russia = as('russia.duty1');
    const sent = await russia.message(STOP);
    assert.equal(sent.kind, 'urgent-request');
    assert.equal(sent.operator, 'russia.duty1');
    assert.equal(sent.message.action, 'stop');
    assert.equal(sent.message.template?.name, 'stop-request');
    assert.deepEqual(sent.message.template?.fields.position, [40.166, 35.252], 'the position as data');
    assert.equal(sent.message.template?.fields.declaration, `${OPERATION}@1`);
    assert.deepEqual(
      sent.message.references?.map((r) => r.id),
      [OPERATION, ...POSITIONS],
    );
    const [delivery] = sent.deliveries;
    assert.ok(delivery);
    assert.equal(delivery.recipient, 'coalition/air-deconfliction');
    assert.equal(delivery.state, 'sent');
    assert.deepEqual(delivery.step, { kind: 'member', operator: 'coalition.duty2', position: 1 });
    assert.ok(delivery.deadline && Date.parse(delivery.deadline) > Date.now(), String(delivery.deadline));
    assert.equal(delivery.deadline_s, 300, 'the 9 September arrangement’s deadline for urgent requests');
    assert.deepEqual(
      delivery.history
        .filter((e) => e.step)
        .map((e) => [e.state, e.step?.kind === 'member' && e.step.operator]),
      [
        ['routed', 'coalition.duty1'],
        ['escalated', 'coalition.duty2'],
      ],
    );

    const coalition = as('coalition.duty2');
    const received = await coalition.message(STOP, 'en');
    assert.equal(received.rendered?.title, 'Request to stop');
    await coalition.submit('delivery.receipt', {
      message: STOP,
      recipient: 'coalition/air-deconfliction',
      state: 'acknowledged',
    });
    const acknowledged = (await russia.message(STOP)).deliveries[0];
    assert.equal(acknowledged?.state, 'acknowledged');
    assert.equal(acknowledged?.acknowledged_by, 'coalition.duty2');
  });

  test('a TAK client of a party that may see the convoy signs in and is sent it', async () => {
    const secret = 'the coalition TAK server secret';
    await as('coalition.admin').submit('feed.set', {
      feed: { name: 'tak', kind: 'cot', secret_sha256: createHash('sha256').update(secret).digest('hex') },
    });
    const port = Number(/TAK clients connect on port (\d+)/.exec(serve.output)?.[1]);
    const client = await TakClient.signIn(port, 'coalition/tak', secret, 'ANDROID-CAOC');
    const deadline = Date.now() + 15_000;
    while (!client.latest(`deconflict.${CONVOY}`)) {
      assert.ok(!client.closed && Date.now() < deadline, 'the convoy never reached the TAK client');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(client.latest(`deconflict.${CONVOY}`)?.kind, 'shape');
    client.close();
    assert.ok((await as('coalition.duty1').login()).operator, 'the hub still serves');
  });

  test('on 3 October the coalition suspends the 9 September arrangement, signed by the serving demo when that day comes: its terms and designated areas stop applying, the hotline between the parties stays open', async () => {
    const scenario = readScenario('syria-2016');
    const step = laterSteps(scenario).find((later) => later.command === 'agreement.suspend');
    assert.ok(step, 'the scenario suspends the arrangement');
    assert.match(serve.output, /coalition\.admin signs agreement\.suspend/);
    const offsetMs = loadedDemoOffset(dataPath, scenario);
    assert.ok(offsetMs !== null, 'the load kept its offset');
    // 3 October is sixteen days after the key moment: the suspension is due then, not before.
    assert.ok(Math.abs(dueAt(step, offsetMs) - loadedAt - 16 * 24 * HOUR_MS - 3 * HOUR_MS) < 2 * 60_000);
    const russia = as('russia.admin');
    assert.equal((await russia.agreement(ARRANGEMENT)).status, 'in-force');

    // The hub's clock cannot be moved on by sixteen days: the demo's own scheduler is run here with
    // the step due a second from now, against the serving hub, and signs it with the demo's key.
    const said: string[] = [];
    const soon = Date.now() + 1000 - Date.parse(step.at);
    armLaterSteps(serve.url, { ...scenario, steps: [step] }, { dataPath, keysDir, offsetMs: soon }, (line) =>
      said.push(line),
    );
    await until('the arrangement is suspended', async () => {
      const { status } = await russia.agreement(ARRANGEMENT);
      return status === 'suspended';
    });
    await until('the demo says it signed', () =>
      said.some((line) => /coalition\.admin signed agreement\.suspend/.test(line)),
    );
    assert.deepEqual(
      stepsLeft(scenario, dataPath).map((later) => later.command),
      ['incident.report'],
      'taken once, for good',
    );

    for (const operator of ['russia.admin', 'syria.admin', 'coalition.duty1']) {
      const agreement = await as(operator).agreement(ARRANGEMENT);
      const [suspension] = agreement.suspensions ?? [];
      assert.equal(suspension?.party, 'coalition', operator);
      assert.equal(suspension?.operator, 'coalition.admin');
      assert.match(suspension?.reason ?? '', /^On 3 October 2016 the United States suspended/);
      assert.deepEqual(agreement.awaiting_resumption, ['coalition', 'russia', 'syria']);
    }
    await assert.rejects(as('ocha.duty1').agreement(ARRANGEMENT), { status: 404 });
    // The designated areas are shown suspended, to everyone who sees them.
    const { declarations } = await as('ocha.duty1').declarations({ status: 'live' });
    for (const id of DESIGNATED_AREAS)
      assert.equal(
        (declarations.find((d) => d.id === id) as { suspended?: boolean } | undefined)?.suspended,
        true,
        id,
      );
    // The hotline stays open, on the hub's terms: an urgent request from Russia reaches the coalition's
    // roster with the hub's 60 s to acknowledge, not the arrangement's 5 minutes.
    await as('russia.duty1').submit('message.send', {
      message: {
        id: 'russia/after-suspension',
        kind: 'urgent-request',
        action: 'hold',
        recipients: [{ party: 'coalition', duty: 'air-deconfliction' }],
        text: 'Hold air activity west of Aleppo while we confirm positions. (Scenario: illustrative.)',
        language: 'en',
      },
    });
    const [delivery] = (await as('russia.duty1').message('russia/after-suspension')).deliveries;
    assert.equal(delivery?.deadline_s, 60);
    assert.equal(delivery?.step?.kind, 'member', 'asked of an officer on the roster');
    const received = await as('coalition.duty2').messages({ box: 'in' });
    assert.ok(received.messages.some((m) => m.id === 'russia/after-suspension'));
  });

  test('a second start on the same data loads nothing again', async () => {
    const keysBefore = readdirSync(keysDir).map((file) => readFileSync(join(keysDir, file), 'utf8'));
    const count = async () => {
      const ocha = as('ocha.duty1');
      const [{ parties }, { declarations }] = await Promise.all([
        ocha.get<{ parties: unknown[] }>('/v1/parties'),
        as('coalition.duty1').declarations({ status: 'all' }),
      ]);
      return { parties: parties.length, declarations: declarations.length };
    };
    const before = await count();
    await serve.stop();
    serve = await ServeProcess.start(dataPath, DEMO);
    assert.doesNotMatch(serve.output, /loaded the demo/);
    assert.match(serve.output, /its operators’ keys are in/);
    assert.doesNotMatch(serve.output, /signs agreement\.suspend/, 'a step taken is not armed again');
    assert.deepEqual(await count(), before);
    assert.deepEqual(
      readdirSync(keysDir).map((file) => readFileSync(join(keysDir, file), 'utf8')),
      keysBefore,
    );
  });

  test('the attack on the convoy at Urum al-Kubra is reported by OCHA when its time comes, with what surrounds it for each party', async () => {
    const scenario = readScenario('syria-2016');
    const step = laterSteps(scenario).find((later) => later.command === 'incident.report');
    assert.ok(step, 'the scenario reports the attack later');
    assert.match(serve.output, /ocha\.duty1 signs incident\.report/);
    // The hub's clock cannot be moved on by two days for a test: its record is opened here, with a
    // clock a minute past the step's time, and the step signed as the serving demo would sign it.
    await serve.stop();
    const offsetMs = loadedDemoOffset(dataPath, scenario);
    assert.ok(offsetMs !== null, 'the load kept its offset');
    const ahead = dueAt(step, offsetMs) + 60_000 - Date.now();
    const { hubKey, origin, store } = openHubFiles(dataDir(dataPath));
    const hub = await Hub.open({ store, hubKey, origin, clock: () => Date.now() + ahead });
    try {
      const ocha = OperatorSigner.fromFile(join(keysDir, 'ocha.duty1.key'));
      const fields = stepFields(step, offsetMs, scenario.note);
      const accepted = await hub.submit(ocha.command(origin, step.command, fields, Date.now() + ahead));
      const seen = await hub.read((state) => {
        const incident = state.incidents.get('ocha/attack-convoy-urum-al-kubra');
        assert.ok(incident, 'the incident is recorded');
        assert.equal(incident.entry, accepted.index);
        const entryOf = (id: string) => state.deconfliction.declarations.get(id)?.entry;
        const notice = state.hotline.messages.get('ocha/convoy-notice-urum-al-kubra')?.entry;
        return {
          convoy: entryOf(CONVOY),
          warehouse: entryOf('ocha/urum-al-kubra-warehouse'),
          notice,
          links: Object.fromEntries(
            [...PARTIES, 'hub'].map((party) => [party, incidentLinksSeenBy(incident, party)?.links ?? []]),
          ),
        };
      });
      const linked = (party: string) => seen.links[party]?.map((link) => link.entry) ?? [];
      for (const party of ['ocha', 'coalition', 'russia', 'syria'])
        for (const entry of [seen.convoy, seen.warehouse, seen.notice])
          assert.ok(linked(party).includes(entry as number), `${party} is not shown entry ${entry}`);
      // SARC sees the warehouse and the convoy declared for it; the notice went to the others.
      assert.ok(linked('sarc').includes(seen.warehouse as number));
      assert.equal(linked('sarc').includes(seen.notice as number), false);
      assert.deepEqual(linked('hub'), []);
      // Each party is shown only entries it may read, and nothing of Deir ez-Zor, far away.
      const size = hub.record.size;
      const stored = await store.entries(0, size);
      for (const party of PARTIES)
        for (const entry of linked(party)) {
          const read = decodeEntry((stored[entry] as { bytes: Uint8Array }).bytes);
          assert.ok(maySeeEntry(read, party), `${party} is shown entry ${entry}, which it may not read`);
          assert.doesNotMatch(JSON.stringify(read.command), /jabal-tharda|deir-ez-zor/);
        }
    } finally {
      await hub.close();
      await store.close();
    }
  });
});
