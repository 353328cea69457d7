// Incidents end to end through the real HTTP API. An aid agency (aid) declares a convoy on a road and
// a warehouse at its end, notifies the army's air roster, whose first duty officer acknowledges; the
// army declares a drone operation over the road, refused at first without the known-conflicts key
// (what it was told is recorded), then naming both with it; an army vehicle enters the warehouse's
// buffer (an intrusion); aid's urgent "stop" goes unacknowledged and escalates along the roster. A
// third party (grey) has a post near the road that only it may see. Then aid reports the incident:
// each party is shown exactly what it may see linked to it, grey's post is disclosed to nobody, the
// parties concerned are told on their rosters, answers, a dispute and the close are signed, and an
// inquiry admitted by aid and the army reads exactly their entries.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import {
  accept,
  addParties,
  assertProblem,
  get,
  login,
  postCommand,
  problemFields,
  request,
  signCommand,
  submit,
} from '../support/api.js';
import { iso, site } from '../support/declarations.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { until } from '../support/until.js';

const signers = {
  'aid.admin': OperatorSigner.generate(),
  'aid.duty': OperatorSigner.generate(),
  'army.admin': OperatorSigner.generate(),
  'army.duty1': OperatorSigner.generate(),
  'army.duty2': OperatorSigner.generate(),
  'army.chief': OperatorSigner.generate(),
  'grey.admin': OperatorSigner.generate(),
};
type Operator = keyof typeof signers;

interface Link {
  entry: number;
  reason: string;
  about: string;
}
interface IncidentView {
  id: string;
  status: string;
  concerned: boolean;
  entry: number;
  report: { what: string };
  steps: { kind: string; party: string; entry: number }[];
  links_entry: number | null;
  links: Link[];
  inquiries: { key: string; entry: number }[];
}
interface MessageView {
  id: string;
  message: { template?: { name: string; fields: Record<string, unknown> } };
  deliveries: { recipient: string; history: { state: string }[] }[];
}

// Kept positions are committed every second, so that the army's are in the record before the report.
process.env.DECONFLICT_TRACK_ARCHIVE_EVERY_S = '1';

const ROAD_LAT = 36;
const PLACE: [number, number] = [37.05, ROAD_LAT];

describe('incidents through the API', { timeout: 180_000 }, () => {
  let hub: TestHub;
  const tokens = new Map<Operator, string>();
  const started = Date.now();
  const ok = (operator: Operator, type: string, fields: Record<string, unknown>) =>
    accept(hub.url, hub.origin, signers[operator], type, fields);
  const send = (operator: Operator, type: string, fields: Record<string, unknown>) =>
    submit(hub.url, hub.origin, signers[operator], type, fields);
  const token = async (operator: Operator) => {
    let found = tokens.get(operator);
    if (!found) {
      found = await login(hub.url, hub.origin, signers[operator]);
      tokens.set(operator, found);
    }
    return found;
  };
  const read = async <T>(operator: Operator, path: string) => {
    const reply = await get(hub.url, path, await token(operator));
    assert.equal(reply.status, 200, reply.text);
    return reply.body as T;
  };
  const incidentOf = (operator: Operator, id = 'aid/strike-on-convoy') =>
    read<IncidentView>(operator, `/v1/incidents/${encodeURIComponent(id)}`);
  const inbox = async (operator: Operator) =>
    (await read<{ messages: MessageView[] }>(operator, '/v1/messages?box=in')).messages;
  const size = async () => ((await get(hub.url, '/healthz')).body as { size: number }).size;

  /** Every entry of the record the operator's party may read, by index. */
  const readable = async (operator: Operator) => {
    const total = await size();
    const found = new Map<number, { kind: string; visibility: string[]; command: Record<string, unknown> }>();
    for (let start = 0; start < total; start += 1000) {
      const page = await read<{ entries: { index: number; entry?: never }[] }>(
        operator,
        `/v1/record/entries?start=${start}&end=${Math.min(total, start + 1000)}`,
      );
      for (const item of page.entries) if (item.entry !== undefined) found.set(item.index, item.entry);
    }
    return found;
  };

  const entries: Record<string, number> = {};
  /** The inquiry's key, admitted by aid and the army below. */
  const inquiry = OperatorSigner.generate();

  before(async () => {
    hub = await startTestHub();
    await addParties(hub.url, hub.origin, hub.admin, ['aid', 'army', 'grey'], signers);
    const duty = (admin: Operator, id: Operator) =>
      ok(admin, 'operator.add', {
        operator: { id, name: `Officer ${id}`, public_key: signers[id].publicKey },
        role: 'duty-officer',
      });
    await duty('aid.admin', 'aid.duty');
    for (const id of ['army.duty1', 'army.duty2', 'army.chief'] as const) await duty('army.admin', id);
    await ok('aid.admin', 'agreement.propose', {
      agreement: {
        id: 'aid/notification',
        title: 'Humanitarian notification',
        parties: ['aid', 'army'],
        terms: 'Urgent requests are acknowledged within 1 s.',
        ack_deadlines_s: { 'urgent-request': 1 },
      },
    });
    await ok('army.admin', 'agreement.sign', { agreement: 'aid/notification' });
    await ok('army.admin', 'roster.set', {
      roster: {
        duty: 'air',
        members: [
          { operator: 'army.duty1', shifts: [] },
          { operator: 'army.duty2', shifts: [] },
        ],
        chief: 'army.chief',
      },
    });
    await ok('aid.admin', 'roster.set', {
      roster: { duty: 'humanitarian', members: [{ operator: 'aid.duty', shifts: [] }], chief: 'aid.admin' },
    });

    const now = Date.now();
    entries.convoy = (
      await ok('aid.duty', 'declaration.submit', {
        declaration: {
          kind: 'movement',
          id: 'aid/convoy-1',
          title: 'Convoy of 12 trucks with aid markings',
          visibility: ['army'],
          route: {
            type: 'LineString',
            coordinates: [
              [37, ROAD_LAT],
              [37.1, ROAD_LAT],
            ],
          },
          half_width_m: 50,
          schedule: { departure: iso(now - 120_000), speed_kmh: 20 },
          vehicles: { count: 12, markings: 'aid emblem' },
          armed_escort: false,
          personnel: 30,
          roster: 'humanitarian',
        },
        known_conflicts: [],
      })
    ).index;
    entries.warehouse = (
      await ok('aid.duty', 'declaration.submit', {
        declaration: site('aid/warehouse', [37.06, ROAD_LAT], 200, now - 60_000, 48, {
          visibility: ['*'],
          function: 'aid-warehouse',
          roster: 'humanitarian',
        }),
        known_conflicts: [],
      })
    ).index;
    entries.notice = (
      await ok('aid.duty', 'message.send', {
        message: {
          id: 'aid/convoy-1-notice',
          kind: 'notification',
          recipients: [{ party: 'army', duty: 'air' }],
          template: {
            name: 'convoy-movement-notice',
            fields: {
              movement: 'aid/convoy-1',
              departure: iso(now - 120_000),
              origin: [37, ROAD_LAT],
              destination: [37.1, ROAD_LAT],
              vehicles: 12,
            },
          },
        },
      })
    ).index;
    entries.noticeAcknowledged = (
      await ok('army.duty1', 'delivery.receipt', {
        message: 'aid/convoy-1-notice',
        recipient: 'army/air',
        state: 'acknowledged',
      })
    ).index;
    // Grey's post, 2.2 km north of the road: inside the incident's 3 km, outside every minimum.
    entries.post = (
      await ok('grey.admin', 'declaration.submit', {
        declaration: site('grey/post', [37.05, ROAD_LAT + 0.02], 100, now - 60_000, 48, {
          visibility: [],
          function: 'own-position',
        }),
        known_conflicts: [],
      })
    ).index;
    const droneSweep = {
      kind: 'operation',
      id: 'army/drone-sweep',
      title: 'Drone sweep over the road',
      visibility: ['aid'],
      activity: 'drone',
      roster: 'air',
      volumes: [
        {
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [37.04, ROAD_LAT - 0.005],
                [37.07, ROAD_LAT - 0.005],
                [37.07, ROAD_LAT + 0.005],
                [37.04, ROAD_LAT + 0.005],
                [37.04, ROAD_LAT - 0.005],
              ],
            ],
          },
          altitude_lower_m: 0,
          altitude_upper_m: 500,
          time_start: iso(now - 60_000),
          time_end: iso(now + 3_600_000),
        },
      ],
    };
    // Submitted first without the key: refused, and the record keeps what the army was told.
    const withoutKey = await send('army.duty1', 'declaration.submit', {
      declaration: droneSweep,
      known_conflicts: [],
    });
    assertProblem(withoutKey, 409);
    entries.disclosed = (withoutKey.body as { recorded_at: number }).recorded_at;
    entries.operation = (
      await ok('army.duty1', 'declaration.submit', {
        declaration: droneSweep,
        known_conflicts: [
          { declaration: 'aid/convoy-1', version: 1 },
          { declaration: 'aid/warehouse', version: 1 },
        ],
      })
    ).index;

    // An army vehicle inside the warehouse's buffer.
    await ok('army.admin', 'feed.set', { feed: { name: 'c2', kind: 'api', roster: 'air' } });
    const reported = await request(hub.url, 'POST', '/v1/feeds/army/c2/reports', {
      token: await token('army.duty1'),
      json: {
        reports: [
          { id: 'v1', time: iso(Date.now()), lon: 37.0605, lat: ROAD_LAT, alt_m: 300, activity: 'ground' },
        ],
      },
    });
    assert.equal((reported.body as { accepted: number }).accepted, 1, reported.text);
    await until('the intrusion', async () => {
      const { alerts } = await read<{ alerts: { kind: string }[] }>('aid.duty', '/v1/alerts');
      return alerts.some((a) => a.kind === 'intrusion') ? true : undefined;
    });

    entries.kept = await until('the army’s positions kept', async () => {
      for (const [index, entry] of await readable('army.duty1'))
        if (entry.kind === 'tracks.archived') return index;
      return undefined;
    });

    // Aid's urgent stop, acknowledged by nobody: it escalates along the army's roster.
    await ok('aid.duty', 'message.send', {
      message: {
        id: 'aid/stop-1',
        kind: 'urgent-request',
        action: 'stop',
        recipients: [{ party: 'army', duty: 'air' }],
        template: {
          name: 'stop-request',
          fields: { position: PLACE, activity: 'fire on the convoy', declaration: 'aid/convoy-1' },
        },
        text: 'Stop firing: our convoy is on the road.',
      },
    });
    await until('the stop request escalated', async () => {
      const message = await read<MessageView>('aid.duty', '/v1/messages/aid/stop-1');
      return message.deliveries[0]?.history.some((e) => e.state === 'escalated') ? true : undefined;
    });

    entries.report = (
      await ok('aid.duty', 'incident.report', {
        incident: {
          id: 'aid/strike-on-convoy',
          title: 'Convoy struck on the road',
          geometry: { type: 'Point', coordinates: PLACE },
          radius_m: 3000,
          from: iso(started - 60_000),
          until: iso(Date.now() + 30_000),
          what: 'Three trucks of the convoy hit from the air near the warehouse.',
          casualties: { killed: 2, injured: 5 },
          visibility: ['army'],
        },
      })
    ).index;
  });
  after(async () => {
    await hub?.stop();
  });

  test('aid is shown what surrounds the incident that it may see, each with why, and nothing of grey’s post', async () => {
    const view = await incidentOf('aid.duty');
    assert.equal(view.status, 'open');
    assert.equal(view.concerned, true);
    const reasonOf = (entry: number) => view.links.find((link) => link.entry === entry)?.reason;
    assert.equal(reasonOf(entries.convoy as number), 'declaration-meets-place');
    assert.equal(reasonOf(entries.warehouse as number), 'declaration-meets-place');
    assert.equal(reasonOf(entries.operation as number), 'declaration-meets-place');
    assert.equal(reasonOf(entries.notice as number), 'message-about-linked-declaration');
    assert.equal(reasonOf(entries.disclosed as number), 'conflicts-disclosed');
    assert.equal(reasonOf(entries.noticeAcknowledged as number), 'delivery-step');
    const reasons = new Set(view.links.map((link) => link.reason));
    for (const reason of ['conflict-of-linked-declaration', 'alert-in-area', 'delivery-step'])
      assert.ok(reasons.has(reason), `no ${reason} among ${[...reasons].join(', ')}`);
    // The stop request and each step of its escalation are linked.
    const stop = view.links.filter((link) => link.about.startsWith('aid/stop-1'));
    assert.ok(
      stop.some((link) => link.about.endsWith('escalated')),
      JSON.stringify(stop),
    );
    assert.equal(reasonOf(entries.post as number), undefined);
    assert.ok(!JSON.stringify(view).includes('grey'), 'aid’s view names grey');

    // Every link is an entry aid may read, and nothing aid may read names grey's post.
    const record = await readable('aid.duty');
    for (const link of view.links)
      assert.ok(record.has(link.entry), `aid may not read linked entry ${link.entry}`);
    assert.ok(![...record.values()].some((entry) => JSON.stringify(entry).includes('grey/post')));
    assert.deepEqual(record.get(entries.report as number)?.visibility, ['aid', 'army']);
  });

  test('the army is shown its own links; grey only its post, and the report through its own entry', async () => {
    const army = await incidentOf('army.duty1');
    assert.equal(army.concerned, true);
    const armyRecord = await readable('army.duty1');
    for (const link of army.links) assert.ok(armyRecord.has(link.entry));
    for (const entry of [entries.convoy, entries.operation, entries.noticeAcknowledged])
      assert.ok(
        army.links.some((link) => link.entry === entry),
        `army lacks ${entry}`,
      );
    assert.ok(!JSON.stringify(army).includes('grey'));

    const grey = await incidentOf('grey.admin');
    assert.equal(grey.concerned, true);
    // Its post, and the warehouse, shown to everyone; nothing of aid's or the army's that it may not see.
    assert.deepEqual(
      grey.links.map((link) => [link.entry, link.reason]),
      [
        [entries.warehouse, 'declaration-meets-place'],
        [entries.post, 'declaration-meets-place'],
      ],
    );
    assert.equal(grey.report.what, 'Three trucks of the convoy hit from the air near the warehouse.');
    const greyRecord = await readable('grey.admin');
    assert.equal(greyRecord.has(entries.report as number), false, 'the report entry does not name grey');
    const linked = greyRecord.get(grey.links_entry as number);
    assert.equal(linked?.kind, 'incident.linked');
    assert.deepEqual(linked?.visibility, ['grey']);
    assert.equal((linked?.command.report as { id: string } | undefined)?.id, 'aid/strike-on-convoy');
  });

  test('the parties concerned are told on their rosters, and acknowledge like any notice', async () => {
    const told = async (operator: Operator) =>
      (await inbox(operator)).filter((m) => m.message.template?.name === 'incident-notice');
    const [army] = await told('army.duty1');
    assert.ok(army, 'no incident notice for the army');
    assert.equal(army.message.template?.fields.incident, 'aid/strike-on-convoy');
    assert.equal(army.deliveries[0]?.recipient, 'army/air');
    assert.equal(army.message.template?.fields.links, (await incidentOf('army.duty1')).links.length);
    const [grey] = await told('grey.admin');
    assert.equal(grey?.deliveries[0]?.recipient, 'grey');
    assert.deepEqual(await told('aid.duty'), [], 'the reporter is not told of its own report');
    await ok('army.duty2', 'delivery.receipt', {
      message: army.id,
      recipient: 'army/air',
      state: 'acknowledged',
    });
  });

  test('bad reports are refused with each field named, and change nothing', async () => {
    const before = await size();
    const base = {
      id: 'aid/bad',
      title: 'Bad',
      geometry: { type: 'Point', coordinates: PLACE },
      from: iso(Date.now() - 3_600_000),
      until: iso(Date.now() - 60_000),
      what: 'x',
      visibility: [],
    };
    const refused = async (
      incident: Record<string, unknown>,
      fields: string[],
      operator: Operator = 'aid.duty',
    ) => {
      const reply = await send(operator, 'incident.report', { incident: { ...base, ...incident } });
      assertProblem(reply, 400);
      assert.deepEqual(problemFields(reply).sort(), fields.sort(), reply.text);
    };
    await refused({ from: base.until, until: base.from }, ['/command/incident/until']);
    await refused({ until: iso(Date.now() + 3_600_000) }, ['/command/incident/until']);
    await refused({ from: iso(Date.now() - 8 * 86_400_000) }, ['/command/incident/until']);
    await refused({ geometry: { type: 'LineString', coordinates: [PLACE, [37.1, ROAD_LAT]] } }, [
      '/command/incident/geometry/type',
    ]);
    await refused({ geometry: { type: 'Point', coordinates: [200, 95] } }, [
      '/command/incident/geometry/coordinates/0',
      '/command/incident/geometry/coordinates/1',
    ]);
    await refused({ what: 'x'.repeat(5001) }, ['/command/incident/what']);
    await refused({ visibility: ['nobody'] }, ['/command/incident/visibility/0']);
    await refused({ id: 'army/not-yours' }, ['/command/incident/id']);
    await refused({ casualties: { killed: -1 } }, ['/command/incident/casualties/killed']);
    const again = await send('aid.duty', 'incident.report', {
      incident: { ...base, id: 'aid/strike-on-convoy' },
    });
    assertProblem(again, 409);
    assertProblem(await send('army.duty1', 'incident.answer', { incident: 'aid/nothing', text: 'x' }), 404);
    // The hub may record what time makes due meanwhile (an escalation); nothing about incidents.
    for (const operator of ['aid.duty', 'army.duty1'] as const) {
      const added = [...(await readable(operator)).entries()].filter(
        ([index, entry]) => index >= before && entry.kind.startsWith('incident.'),
      );
      assert.deepEqual(added, [], `${operator} reads incident entries the refusals wrote`);
    }
  });

  test('answers, a dispute and the reporter’s close are signed steps, by the rules of the incident', async () => {
    const step = async (operator: Operator, kind: string, text: string, status = 201) => {
      const reply = await send(operator, `incident.${kind}`, { incident: 'aid/strike-on-convoy', text });
      if (status === 201) assert.equal(reply.status, 201, reply.text);
      else assertProblem(reply, status);
      return reply.body as { index: number };
    };
    await step('aid.duty', 'answer', 'The reporter does not answer itself.', 403);
    const answer = await step(
      'army.duty1',
      'answer',
      'Our sweep had ended; we were told of the convoy and hold no record of fire.',
    );
    await step('aid.duty', 'dispute', 'The stop request escalated unanswered while the trucks were hit.');
    await step('army.duty1', 'close', 'Only the reporter closes.', 403);
    await step('aid.duty', 'close', 'Referred to the inquiry.');
    await step('army.duty1', 'answer', 'Too late: closed.', 409);
    await step('army.duty1', 'dispute', 'We dispute the close.');

    const aid = await incidentOf('aid.duty');
    assert.equal(aid.status, 'closed');
    assert.deepEqual(
      aid.steps.map((step) => `${step.kind} ${step.party}`),
      ['answer army', 'dispute aid', 'close aid', 'dispute army'],
    );
    const record = await readable('army.duty1');
    assert.deepEqual(record.get(answer.index)?.visibility, ['aid', 'army']);
    // Grey, concerned only through its own post, was not named on the steps: it sees none of them.
    assert.deepEqual((await incidentOf('grey.admin')).steps, []);
    await step('grey.admin', 'answer', 'Closed for grey too.', 409);
  });

  test('an inquiry admitted by aid and the army reads exactly their entries of the incident, and nothing else', async () => {
    const signIn = () =>
      request(hub.url, 'POST', '/v1/inquiry-sessions', { json: signCommand(inquiry, hub.origin, 'login') });
    assertProblem(await signIn(), 401);
    const admit = (operator: Operator) =>
      send(operator, 'incident.admit', {
        incident: 'aid/strike-on-convoy',
        inquiry: { name: 'Board of inquiry', public_key: inquiry.publicKey },
      });
    const operatorKey = await send('aid.duty', 'incident.admit', {
      incident: 'aid/strike-on-convoy',
      inquiry: { name: 'Not an inquiry', public_key: signers['army.duty1'].publicKey },
    });
    assertProblem(operatorKey, 409);
    assertProblem(
      await send('grey.admin', 'incident.admit', {
        incident: 'aid/other',
        inquiry: { name: 'x', public_key: inquiry.publicKey },
      }),
      404,
    );

    /** What a party may read of the incident itself, from its own view: what the inquiry should get of it. */
    const shareOf = async (operator: Operator) => {
      const view = await incidentOf(operator);
      const admission = view.inquiries.find((found) => found.key === inquiry.keyId)?.entry;
      assert.ok(admission !== undefined, `${operator}'s admission is not in its view`);
      return [
        view.entry,
        view.links_entry as number,
        admission,
        ...view.steps.map((s) => s.entry),
        ...view.links.map((l) => l.entry),
      ];
    };
    const inquiryEntries = async (token: string) => {
      const found: number[] = [];
      for (let next: string | undefined = '/v1/inquiry/entries?limit=7'; next !== undefined; ) {
        const page = await get(hub.url, next, token);
        assert.equal(page.status, 200, page.text);
        const body = page.body as { entries: { index: number; entry: { kind: string } }[]; next?: string };
        found.push(...body.entries.map((e) => e.index));
        next = body.next;
      }
      return found;
    };
    const sorted = (items: number[]) => [...new Set(items)].sort((a, b) => a - b);

    await admit('aid.duty').then((reply) => assert.equal(reply.status, 201, reply.text));
    assertProblem(await admit('aid.duty'), 409);
    let session = await signIn();
    assert.equal(session.status, 201, session.text);
    let inquiryToken = (session.body as { token: string }).token;
    assert.deepEqual(await inquiryEntries(inquiryToken), sorted(await shareOf('aid.duty')));

    await admit('army.duty1').then((reply) => assert.equal(reply.status, 201, reply.text));
    session = await signIn();
    inquiryToken = (session.body as { token: string }).token;
    const both = sorted([...(await shareOf('aid.duty')), ...(await shareOf('army.duty1'))]);
    assert.deepEqual(await inquiryEntries(inquiryToken), both);

    // Grey did not admit it: neither its post nor what the hub linked for grey.
    const grey = await incidentOf('grey.admin');
    for (const index of [entries.post as number, grey.links_entry as number]) {
      assert.equal(both.includes(index), false);
      assertProblem(await get(hub.url, `/v1/inquiry/entries/${index}`, inquiryToken), 404);
    }
    const one = await get(hub.url, `/v1/inquiry/entries/${entries.report}`, inquiryToken);
    assert.equal(one.status, 200, one.text);
    assert.equal((one.body as { entry: { kind: string } }).entry.kind, 'incident.report');
    // An inquiry's token is no operator's: the record, the incidents, the hotline are closed to it.
    for (const path of ['/v1/record/entries?start=0&end=1', '/v1/incidents', '/v1/messages'])
      assertProblem(await get(hub.url, path, inquiryToken), 401);
    // And an operator's token reads no inquiry's entries.
    assertProblem(await get(hub.url, '/v1/inquiry/entries', await token('aid.duty')), 401);
  });

  test('after a restart: the same state for every party, and a captured step or inquiry login refused as replayed', async () => {
    const views = async () =>
      Promise.all(
        (['aid.duty', 'army.duty1', 'grey.admin'] as const).map((operator) => incidentOf(operator)),
      );
    const inquirySession = (signed: unknown) =>
      request(hub.url, 'POST', '/v1/inquiry-sessions', { json: signed });
    const inquiryReads = async (signed: unknown) => {
      const session = await inquirySession(signed);
      assert.equal(session.status, 201, session.text);
      const { token: inquiryToken } = session.body as { token: string };
      return (await get(hub.url, '/v1/inquiry/entries?limit=1000', inquiryToken)).body;
    };
    const capturedLogin = signCommand(inquiry, hub.origin, 'login');
    const capturedDispute = signCommand(signers['army.duty1'], hub.origin, 'incident.dispute', {
      incident: 'aid/strike-on-convoy',
      text: 'Said once.',
    });
    assert.equal((await postCommand(hub.url, capturedDispute)).status, 201);
    const inquiryRead = await inquiryReads(capturedLogin);
    const before = await views();

    await hub.restart();
    tokens.clear();
    assert.deepEqual(await views(), before);
    assertProblem(await postCommand(hub.url, capturedDispute), 409, 'replayed');
    assertProblem(await inquirySession(capturedLogin), 409, 'replayed');
    assert.deepEqual(await inquiryReads(signCommand(inquiry, hub.origin, 'login')), inquiryRead);
    const list = await read<{ incidents: { id: string }[] }>('grey.admin', '/v1/incidents');
    assert.deepEqual(
      list.incidents.map((incident) => incident.id),
      ['aid/strike-on-convoy'],
    );
  });

  test('a step without its words is refused by its schema', async () => {
    const reply = await postCommand(
      hub.url,
      signCommand(signers['aid.duty'], hub.origin, 'incident.answer', { incident: 'aid/strike-on-convoy' }),
    );
    assertProblem(reply, 400);
    assert.deepEqual([...new Set(problemFields(reply))], ['/command/text']);
  });
});
