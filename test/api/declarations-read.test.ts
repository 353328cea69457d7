// Reading declarations, conflicts and agreements, and hearing of entries as they are committed,
// through the real HTTP API: each party sees exactly what it may, and nothing of the rest.
// alpha flies an operation shared with all; bravo protects a hospital it shares with no one, 444 m
// from alpha's operation (inside the hub's default 1 km); charlie sees only what is shared with all.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, assertProblem, get, login, problemFields, type Reply, submit } from '../support/api.js';
import { EventStream, type ServerSentEvent } from '../support/event-stream.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const HOSPITAL_TITLE = 'Al-Quds field hospital';

function square(west: number, south: number, size: number) {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [west + size, south],
        [west + size, south + size],
        [west, south + size],
        [west, south],
      ],
    ],
  };
}

function operation(id: string, west: number, south: number, size: number, from: number, until: number) {
  return {
    kind: 'operation',
    id,
    title: `Operation ${id}`,
    visibility: ['*'],
    activity: 'air',
    volumes: [
      {
        geometry: square(west, south, size),
        altitude_lower_m: 0,
        altitude_upper_m: 6000,
        time_start: iso(from),
        time_end: iso(until),
      },
    ],
  };
}

interface DeclarationView {
  id: string;
  version: number;
  kind: string;
  party: string;
  status: string;
  visibility: string[];
  ended?: string;
  declaration: { title: string };
}

interface ConflictView {
  declarations: {
    id: string;
    version: number;
    party: string;
    roster: string;
    kind?: string;
    title?: string;
  }[];
  area: number[][];
  hours: { from: string; until: string };
  horizontal_distance_m?: number;
  pairs?: unknown[];
  overlap?: unknown;
  minima?: { horizontal_m: number; vertical_m: number; time_s: number };
  current: boolean;
  entry: number;
}

describe('reading declarations, conflicts and agreements; events', { timeout: 60_000 }, () => {
  let hub: TestHub;
  const now = Date.now();
  const signers = {
    alpha: OperatorSigner.generate(),
    bravo: OperatorSigner.generate(),
    charlie: OperatorSigner.generate(),
  };
  const tokens: Record<keyof typeof signers, string> = { alpha: '', bravo: '', charlie: '' };
  type Party = keyof typeof signers;
  /** Index of the conflicts.found entry for bravo's hospital against alpha's first strike. */
  let conflictEntry = -1;
  /** Index of a party.create visible to all, committed after that conflict. */
  let markerEntry = -1;

  const ok = (party: Party, type: string, fields: Record<string, unknown>) =>
    accept(hub.url, hub.origin, signers[party], type, fields);
  const read = (party: Party, path: string) => get(hub.url, path, tokens[party]);

  async function declarationIds(party: Party, query = ''): Promise<string[]> {
    const reply = await read(party, `/v1/declarations${query}`);
    assert.equal(reply.status, 200, reply.text);
    return (reply.body as { declarations: DeclarationView[] }).declarations.map((d) => d.id);
  }

  async function conflictsOf(party: Party, query = ''): Promise<ConflictView[]> {
    const reply = await read(party, `/v1/conflicts${query}`);
    assert.equal(reply.status, 200, reply.text);
    return (reply.body as { conflicts: ConflictView[] }).conflicts;
  }

  function assertBadParams(reply: Reply, fields: string[]): void {
    assertProblem(reply, 400, 'invalid-request');
    for (const field of fields)
      assert.ok(problemFields(reply).includes(field), `${field} not named: ${reply.text}`);
  }

  const hospital = (known: { declaration: string; version: number }[]) => ({
    declaration: {
      kind: 'site',
      id: 'bravo/hospital',
      title: HOSPITAL_TITLE,
      visibility: [],
      function: 'hospital',
      geometry: square(36.2, 37.1, 0.01),
      valid_from: iso(now - HOUR),
      valid_until: iso(now + 48 * HOUR),
    },
    known_conflicts: known,
  });

  before(async () => {
    hub = await startTestHub();
    for (const party of ['alpha', 'bravo', 'charlie'] as const) {
      await accept(hub.url, hub.origin, hub.admin, 'party.create', {
        party: { id: party, name: `Party ${party}` },
        administrator: { id: `${party}.admin`, name: `${party} admin`, public_key: signers[party].publicKey },
      });
      tokens[party] = await login(hub.url, hub.origin, signers[party]);
    }
    await ok('alpha', 'declaration.submit', {
      declaration: operation('alpha/strike-1', 36.15, 37.1, 0.045, now + HOUR, now + 3 * HOUR),
      known_conflicts: [],
    });
  });
  after(() => hub.stop());

  test('a conflict is refused until named, telling the submitter all of what it may see', async () => {
    const refused = await submit(hub.url, hub.origin, signers.bravo, 'declaration.submit', hospital([]));
    assertProblem(refused, 409, 'unacknowledged-conflicts');
    const [conflict] = (refused.body as { conflicts: ConflictView[] }).conflicts;
    assert.ok(conflict);
    // alpha's operation is shared with all: bravo is told everything about it, exact measures too.
    assert.deepEqual(conflict.declarations[1], {
      id: 'alpha/strike-1',
      version: 1,
      party: 'alpha',
      roster: 'deconfliction',
      kind: 'operation',
      title: 'Operation alpha/strike-1',
    });
    assert.ok(conflict.horizontal_distance_m !== undefined && conflict.horizontal_distance_m > 400);
    assert.ok(conflict.horizontal_distance_m < 500);
  });

  test('each owner hears of a recorded conflict as an event; a third party does not', async () => {
    const streams = {
      alpha: await EventStream.open(hub.url, '/v1/events', tokens.alpha),
      bravo: await EventStream.open(hub.url, '/v1/events', tokens.bravo),
      charlie: await EventStream.open(hub.url, '/v1/events', tokens.charlie),
    };
    try {
      const accepted = await ok(
        'bravo',
        'declaration.submit',
        hospital([{ declaration: 'alpha/strike-1', version: 1 }]),
      );
      conflictEntry = accepted.index + 1;
      const marker = await accept(hub.url, hub.origin, hub.admin, 'party.create', {
        party: { id: 'delta', name: 'Party delta' },
        administrator: {
          id: 'delta.admin',
          name: 'delta admin',
          public_key: OperatorSigner.generate().publicKey,
        },
      });
      markerEntry = marker.index;
      const isMarker = (event: ServerSentEvent) => event.id === String(markerEntry);

      // Each owner also gets a conflict notice on the hotline; those are counted apart.
      const isNotice = (e: ServerSentEvent) => e.event === 'message.notice' || e.event === 'delivery.step';
      const noticesTo = (events: ServerSentEvent[]) =>
        events
          .filter((e) => e.event === 'message.notice')
          .map((e) => JSON.parse(e.data).command.message.template.fields.conflicting);
      const bravoAll = await streams.bravo.until(isMarker);
      const bravo = bravoAll.filter((e) => !isNotice(e));
      assert.deepEqual(noticesTo(bravoAll), [['alpha/strike-1@1']]);
      assert.deepEqual(
        bravo.map((e) => [e.id, e.event]),
        [
          [String(accepted.index), 'declaration.submit'],
          [String(conflictEntry), 'conflicts.found'],
          [String(markerEntry), 'party.create'],
        ],
      );
      const found = JSON.parse((bravo[1] as ServerSentEvent).data);
      assert.equal(found.index, conflictEntry);
      assert.equal(found.kind, 'conflicts.found');
      assert.equal(found.command.found.id, 'bravo/hospital');
      assert.equal(found.command.conflicts[0].against.id, 'alpha/strike-1');

      // alpha hears of the conflict, not of the hospital's declaration, which it may not read.
      const alphaAll = await streams.alpha.until(isMarker);
      const alpha = alphaAll.filter((e) => !isNotice(e));
      assert.deepEqual(noticesTo(alphaAll), [['bravo/hospital@1']]);
      assert.deepEqual(
        alpha.map((e) => [e.id, e.event]),
        [
          [String(conflictEntry), 'conflicts.found'],
          [String(markerEntry), 'party.create'],
        ],
      );
      assert.equal(alpha[0]?.data, bravo[1]?.data);
      assert.ok(!(alpha[0]?.data ?? '').includes(HOSPITAL_TITLE));

      const charlie = await streams.charlie.until(isMarker);
      assert.deepEqual(
        charlie.map((e) => e.event),
        ['party.create'],
      );
    } finally {
      for (const stream of Object.values(streams)) stream.close();
    }
  });

  test('a stream resumes after Last-Event-ID or ?after, with only later entries', async () => {
    const resumed = await EventStream.open(hub.url, '/v1/events', tokens.alpha, {
      'last-event-id': String(conflictEntry - 1),
    });
    const events = await resumed.until((e) => e.id === String(markerEntry));
    resumed.close();
    assert.deepEqual(
      events.filter((e) => e.event !== 'message.notice' && e.event !== 'delivery.step').map((e) => e.id),
      [String(conflictEntry), String(markerEntry)],
    );

    // Last-Event-ID, which an EventSource sends on reconnecting, wins over the ?after of its URL.
    const both = await EventStream.open(hub.url, `/v1/events?after=0`, tokens.alpha, {
      'last-event-id': String(conflictEntry),
    });
    // (What follows the conflict for alpha is its conflict notice on the hotline.)
    const afterConflict = (await both.next())?.id;
    assert.ok(Number(afterConflict) > conflictEntry, `resumed at ${afterConflict}`);
    both.close();

    const fromQuery = await EventStream.open(hub.url, `/v1/events?after=${conflictEntry}`, tokens.bravo);
    const fromQueryFirst = (await fromQuery.next())?.id;
    assert.ok(Number(fromQueryFirst) > conflictEntry, `resumed at ${fromQueryFirst}`);
    fromQuery.close();

    const whole = await EventStream.open(hub.url, '/v1/events?after=-1', tokens.charlie);
    const all = await whole.until((e) => e.id === String(markerEntry));
    whole.close();
    assert.equal(all[0]?.id, '0');
    assert.equal(all[0]?.event, 'hub.genesis');
    assert.ok(all.every((e) => e.event !== 'conflicts.found' && !e.data.includes('bravo/hospital')));
  });

  test('each party lists exactly the declarations it may see', async () => {
    assert.deepEqual(await declarationIds('alpha'), ['alpha/strike-1']);
    assert.deepEqual(await declarationIds('bravo'), ['alpha/strike-1', 'bravo/hospital']);
    assert.deepEqual(await declarationIds('charlie'), ['alpha/strike-1']);

    assert.deepEqual(await declarationIds('bravo', '?kind=site'), ['bravo/hospital']);
    assert.deepEqual(await declarationIds('bravo', '?kind=operation'), ['alpha/strike-1']);
    assert.deepEqual(await declarationIds('bravo', '?kind=site,operation'), [
      'alpha/strike-1',
      'bravo/hospital',
    ]);
    assert.deepEqual(await declarationIds('charlie', '?kind=site'), []);
    assert.deepEqual(await declarationIds('bravo', '?party=alpha'), ['alpha/strike-1']);

    const limited = await read('bravo', '/v1/declarations?limit=1');
    const first = (limited.body as { declarations: DeclarationView[] }).declarations[0];
    assert.deepEqual(limited.body, {
      declarations: [first],
      truncated: true,
      next: `/v1/declarations?limit=1&after=${Buffer.from(JSON.stringify(first?.id)).toString('base64url')}`,
    });

    const [view] = (
      (await read('bravo', '/v1/declarations?kind=site')).body as { declarations: DeclarationView[] }
    ).declarations;
    assert.ok(view);
    assert.equal(view.status, 'live');
    assert.equal(view.party, 'bravo');
    assert.deepEqual(view.visibility, ['bravo']);
    assert.equal(view.declaration.title, HOSPITAL_TITLE);
  });

  test('an area is decided exactly: touching it counts, a metre off does not', async () => {
    // The hospital is the square 36.20–36.21 E, 37.10–37.11 N.
    const sharedEdge = '?bbox=36.21,37.1,36.22,37.11';
    const sharedCorner = '?bbox=36.21,37.11,36.22,37.12';
    const justOff = '?bbox=36.2101,37.1,36.22,37.11';
    assert.deepEqual(await declarationIds('bravo', sharedEdge), ['bravo/hospital']);
    assert.deepEqual(await declarationIds('bravo', sharedCorner), ['bravo/hospital']);
    assert.deepEqual(await declarationIds('bravo', justOff), []);
    // Others may not see the hospital: the same area shows them nothing.
    assert.deepEqual(await declarationIds('alpha', sharedEdge), []);
    assert.deepEqual(await declarationIds('charlie', sharedEdge), []);

    // alpha's strike is 36.15–36.195 E from 1 h to 3 h from now.
    const strikeArea = 'bbox=36.16,37.11,36.17,37.12';
    assert.deepEqual(await declarationIds('charlie', `?${strikeArea}`), ['alpha/strike-1']);
    assert.deepEqual(
      await declarationIds(
        'charlie',
        `?${strikeArea}&from=${iso(now + 2 * HOUR)}&until=${iso(now + 2.5 * HOUR)}`,
      ),
      ['alpha/strike-1'],
    );
    assert.deepEqual(await declarationIds('charlie', `?${strikeArea}&from=${iso(now + 4 * HOUR)}`), []);
    // Closed windows: ending exactly when the strike starts still meets it.
    assert.deepEqual(await declarationIds('charlie', `?${strikeArea}&until=${iso(now + HOUR)}`), [
      'alpha/strike-1',
    ]);
  });

  test('a time window alone selects by the declarations’ volumes', async () => {
    assert.deepEqual(
      await declarationIds('bravo', `?from=${iso(now + 5 * HOUR)}&until=${iso(now + 6 * HOUR)}`),
      ['bravo/hospital'],
    );
    assert.deepEqual(await declarationIds('bravo', `?from=${iso(now + 2 * HOUR)}`), [
      'alpha/strike-1',
      'bravo/hospital',
    ]);
    assert.deepEqual(await declarationIds('bravo', `?from=${iso(now + 49 * HOUR)}`), []);
  });

  test('withdrawn declarations are listed with status=all, by the same exact area test', async () => {
    const recce = operation('alpha/recce', 36.5, 37.5, 0.01, now + HOUR, now + 2 * HOUR);
    await ok('alpha', 'declaration.submit', { declaration: recce, known_conflicts: [] });
    await ok('alpha', 'declaration.withdraw', { declaration: 'alpha/recce', version: 1 });
    const touching = '?bbox=36.51,37.5,36.52,37.51';
    const off = '?bbox=36.5101,37.5,36.52,37.51';
    assert.deepEqual(await declarationIds('charlie', touching), []);
    assert.deepEqual(await declarationIds('charlie', `${touching}&status=all`), ['alpha/recce']);
    assert.deepEqual(await declarationIds('charlie', `${off}&status=all`), []);
    const reply = await read('charlie', '/v1/declarations/alpha/recce');
    assert.equal(reply.status, 200, reply.text);
    const view = reply.body as DeclarationView;
    assert.equal(view.status, 'withdrawn');
    assert.equal(typeof view.ended, 'string');
    assert.deepEqual(await declarationIds('charlie', '?status=all'), ['alpha/recce', 'alpha/strike-1']);
  });

  test('one declaration by id; one a party may not see is as absent as one never declared', async () => {
    const own = await read('bravo', '/v1/declarations/bravo/hospital');
    assert.equal(own.status, 200, own.text);
    assert.equal((own.body as DeclarationView).declaration.title, HOSPITAL_TITLE);
    const shared = await read('charlie', '/v1/declarations/alpha/strike-1');
    assert.equal(shared.status, 200, shared.text);
    assert.equal((shared.body as DeclarationView).version, 1);

    const hidden = await read('alpha', '/v1/declarations/bravo/hospital');
    const never = await read('alpha', '/v1/declarations/bravo/nothing');
    assertProblem(hidden, 404, 'not-found');
    assertProblem(never, 404, 'not-found');
    assert.ok(!hidden.text.includes(HOSPITAL_TITLE));
    const shape = (reply: Reply) => {
      const { type, title, status } = reply.body as Record<string, unknown>;
      return { type, title, status };
    };
    assert.deepEqual(shape(hidden), shape(never));
    assertProblem(await read('charlie', '/v1/declarations/bravo/hospital'), 404, 'not-found');
  });

  test('conflicts: measures only for a party that may see both declarations', async () => {
    const [forAlpha, ...moreForAlpha] = await conflictsOf('alpha');
    assert.ok(forAlpha);
    assert.deepEqual(moreForAlpha, []);
    assert.equal(forAlpha.entry, conflictEntry);
    assert.equal(forAlpha.current, true);
    // alpha may not see the hospital: whose it is, whom to call, where and when roughly; no more.
    assert.deepEqual(forAlpha.declarations[0], {
      id: 'bravo/hospital',
      version: 1,
      party: 'bravo',
      roster: 'deconfliction',
    });
    assert.equal(forAlpha.horizontal_distance_m, undefined);
    assert.equal(forAlpha.pairs, undefined);
    assert.equal(forAlpha.overlap, undefined);
    assert.ok(forAlpha.area.length > 0);

    const [forBravo] = await conflictsOf('bravo');
    assert.ok(forBravo);
    assert.equal(forBravo.declarations[1]?.kind, 'operation');
    assert.ok(forBravo.horizontal_distance_m !== undefined && forBravo.horizontal_distance_m > 400);
    assert.equal(forBravo.pairs?.length, 1);
    // How close is read against the minima the two are held to: the hub's, having agreed none.
    const defaults = { horizontal_m: 1000, vertical_m: 300, time_s: 600 };
    assert.deepEqual(forAlpha.minima, defaults);
    assert.deepEqual(forBravo.minima, defaults);

    assert.deepEqual(await conflictsOf('charlie'), []);

    assert.equal((await conflictsOf('alpha', '?declaration=bravo/hospital')).length, 1);
    assert.equal((await conflictsOf('alpha', '?declaration=alpha/strike-1')).length, 1);
    assert.equal((await conflictsOf('alpha', '?party=bravo')).length, 1);
    assert.equal((await conflictsOf('alpha', '?party=charlie')).length, 0);
    assert.equal((await conflictsOf('alpha', `?from=${iso(now + 2 * HOUR)}`)).length, 1);
    assert.equal((await conflictsOf('alpha', `?from=${iso(now + 5 * HOUR)}`)).length, 0);
  });

  test('a refusal tells nothing of a declaration the submitter may not see', async () => {
    // alpha's second strike is over bravo's hospital, which alpha may not see.
    const strike = operation('alpha/strike-2', 36.205, 37.105, 0.01, now + 4 * HOUR, now + 5 * HOUR);
    const refused = await submit(hub.url, hub.origin, signers.alpha, 'declaration.submit', {
      declaration: strike,
      known_conflicts: [],
    });
    assertProblem(refused, 409, 'unacknowledged-conflicts');
    const [conflict, ...more] = (refused.body as { conflicts: ConflictView[] }).conflicts;
    assert.ok(conflict);
    assert.deepEqual(more, []);
    assert.deepEqual(conflict.declarations[1], {
      id: 'bravo/hospital',
      version: 1,
      party: 'bravo',
      roster: 'deconfliction',
    });
    for (const secret of [
      HOSPITAL_TITLE,
      '"site"',
      'horizontal_distance_m',
      'pairs',
      'overlap',
      '36.2,',
      '36.21',
    ]) {
      assert.ok(!refused.text.includes(secret), `the refusal tells ${secret}: ${refused.text}`);
    }

    await ok('alpha', 'declaration.submit', {
      declaration: strike,
      known_conflicts: [{ declaration: 'bravo/hospital', version: 1 }],
    });
    assert.equal((await conflictsOf('alpha')).length, 2);
    assert.equal((await conflictsOf('bravo', '?declaration=alpha/strike-2')).length, 1);
    assert.deepEqual(await conflictsOf('charlie'), []);

    await ok('alpha', 'declaration.withdraw', { declaration: 'alpha/strike-2', version: 1 });
    assert.equal((await conflictsOf('alpha')).length, 1);
    const all = await conflictsOf('alpha', '?status=all');
    assert.deepEqual(
      all.map((c) => [c.declarations[0]?.id, c.current]),
      [
        ['bravo/hospital', true],
        ['alpha/strike-2', false],
      ],
    );
  });

  test('agreements are seen by their parties only', async () => {
    await ok('alpha', 'agreement.propose', {
      agreement: {
        id: 'alpha/airspace',
        title: 'Airspace',
        parties: ['alpha', 'bravo'],
        terms: 'Call first.',
      },
    });
    const list = await read('bravo', '/v1/agreements');
    assert.equal(list.status, 200, list.text);
    const [agreement] = (list.body as { agreements: { id: string; status: string; unsigned: string[] }[] })
      .agreements;
    assert.equal(agreement?.id, 'alpha/airspace');
    assert.equal(agreement?.status, 'proposed');
    assert.deepEqual(agreement?.unsigned, ['bravo']);

    await ok('bravo', 'agreement.sign', { agreement: 'alpha/airspace' });
    const one = await read('alpha', '/v1/agreements/alpha/airspace');
    assert.equal(one.status, 200, one.text);
    assert.equal((one.body as { status: string }).status, 'in-force');
    assert.equal((one.body as { separation: unknown }).separation, null);

    assert.deepEqual((await read('charlie', '/v1/agreements')).body, { agreements: [] });
    assertProblem(await read('charlie', '/v1/agreements/alpha/airspace'), 404, 'not-found');
  });

  test('an agreement shows what it changes for the hotline: deadlines, the off-line grace, limits, whom to tell', async () => {
    const hotline = {
      ack_deadlines_s: { 'urgent-request': 120 },
      offline_grace_s: 45,
      send_limits: { 'urgent-request': { count: 5, window_s: 60 } },
      next_contact: { party: 'alpha' },
    };
    await ok('alpha', 'agreement.propose', {
      agreement: {
        id: 'alpha/hotline',
        title: 'Hotline',
        parties: ['alpha', 'bravo'],
        terms: 'Answer.',
        ...hotline,
      },
    });
    const shown = (await read('bravo', '/v1/agreements/alpha/hotline')).body as Record<string, unknown>;
    assert.deepEqual(Object.fromEntries(Object.keys(hotline).map((key) => [key, shown[key]])), hotline);
    const plain = (await read('bravo', '/v1/agreements/alpha/airspace')).body as Record<string, unknown>;
    for (const key of Object.keys(hotline)) assert.equal(key in plain, false, `${key} shown unset`);
  });

  test('bad query parameters are refused, each named', async () => {
    const declarations = (query: string) => read('bravo', `/v1/declarations?${query}`);
    assertBadParams(await declarations('bbox=200,0,10,10'), ['querystring:bbox']);
    assertBadParams(await declarations('bbox=10,0,10,5'), ['querystring:bbox']);
    assertBadParams(await declarations('bbox=10,5,20,5'), ['querystring:bbox']);
    assertBadParams(await declarations('bbox=-170,0,170,5'), ['querystring:bbox']);
    assertBadParams(await declarations('bbox=1,2,3'), ['querystring:bbox']);
    assertBadParams(await declarations('bbox=1,2,,4'), ['querystring:bbox']);
    assertBadParams(await declarations('from=2030-01-02T00:00:00Z&until=2030-01-01T00:00:00Z'), [
      'querystring:until',
    ]);
    assertBadParams(await declarations('from=2030-01-01T00:00:00Z&until=2030-01-01T00:00:00Z'), [
      'querystring:until',
    ]);
    assertBadParams(await declarations('kind=site,tank'), ['querystring:kind']);
    assertBadParams(await declarations('kind=tank&bbox=x&from=yesterday'), [
      'querystring:kind',
      'querystring:bbox',
      'querystring:from',
    ]);
    assertBadParams(await declarations('status=bogus'), ['querystring:status']);
    assertBadParams(await declarations('limit=0'), ['querystring:limit']);
    assertBadParams(await declarations('colour=red'), ['querystring:colour']);

    const conflicts = (query: string) => read('bravo', `/v1/conflicts?${query}`);
    assertBadParams(await conflicts('from=soon'), ['querystring:from']);
    assertBadParams(await conflicts('declaration=not-an-id'), ['querystring:declaration']);
    assertBadParams(await conflicts('status=live'), ['querystring:status']);

    assertBadParams(await read('bravo', '/v1/events?after=99999'), ['querystring:after']);
    assertBadParams(await read('bravo', '/v1/events?after=-2'), ['querystring:after']);
    assertProblem(await get(hub.url, '/v1/events'), 401, 'unauthenticated');
    const response = await fetch(`${hub.url}/v1/events`, {
      headers: { authorization: `Bearer ${tokens.bravo}`, 'last-event-id': 'latest' },
    });
    assertBadParams(
      {
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        text: '',
        body: await response.json(),
      },
      ['header:last-event-id'],
    );
  });

  test('the new routes are described in the OpenAPI document', async () => {
    const reply = await get(hub.url, '/openapi.json');
    const paths = Object.keys((reply.body as { paths: Record<string, unknown> }).paths);
    for (const path of [
      '/v1/declarations',
      '/v1/declarations/{party}/{name}',
      '/v1/conflicts',
      '/v1/agreements',
      '/v1/agreements/{party}/{name}',
      '/v1/events',
    ]) {
      assert.ok(paths.includes(path), `${path} is not in /openapi.json`);
    }
  });

  test('stopping the hub ends the open event streams', async () => {
    const stream = await EventStream.open(hub.url, '/v1/events', tokens.charlie);
    await hub.stop();
    assert.equal(await stream.next(), null);
  });
});
