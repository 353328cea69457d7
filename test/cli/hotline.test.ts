// The hotline through the `deconflict` command, two parties against a running hub: a roster set,
// an urgent stop request to it read in Arabic by the member on duty and acknowledged, the sender
// seeing by whom; a coordination request answered with changes; withdrawal; and the errors a person
// meets; a flood refused with when to send again, the flooder listed for the recipient, repeats as
// one row. Parties, operators and the agreement on deadlines are set up over the client library;
// everything under test runs through the CLI as a child process.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HubClient } from '../../src/client/hub-client.js';
import type { MessageView } from '../../src/client/hub-views.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { type CliResult, describeRun, printed, runCli } from '../support/cli.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const REFUSED = 2;
const ROSTER = 'bravo/air-deconfliction';
/** Agreed between the two parties, so that no step escalates while the test runs. */
const URGENT_DEADLINE_S = 900;

type Signer = 'alpha' | 'bravo' | 'bravo.duty1';

/** A table's rows as cells, split where two spaces or more part them. */
const rowsOf = (table: string) =>
  table
    .trimEnd()
    .split('\n')
    .map((row) => row.split(/ {2,}/));

describe('the hotline through the deconflict CLI', () => {
  let hub: TestHub;
  const keyFile: Record<Signer, string> = { alpha: '', bravo: '', 'bravo.duty1': '' };
  let coordinationId = '';
  /** alpha's administrator over the client library, for what a test sets up rather than tests. */
  let alphaClient: HubClient;

  const as = (signer: Signer, ...args: string[]) =>
    runCli([...args, '--hub', hub.url, '--key', keyFile[signer]]);

  function assertAccepted<T = { message: string; index: number }>(result: CliResult): T {
    assert.equal(result.code, 0, describeRun(result));
    return printed<T>(result);
  }

  function assertRefused(result: CliResult, status: number, reason: RegExp): void {
    assert.equal(result.code, REFUSED, describeRun(result));
    assert.match(result.stderr, new RegExp(`^deconflict: the hub refused: ${status} `), describeRun(result));
    assert.match(result.stderr, reason, describeRun(result));
  }

  function assertError(result: CliResult, reason: RegExp): void {
    assert.equal(result.code, 1, describeRun(result));
    assert.match(result.stderr, reason, describeRun(result));
    assert.equal(result.stdout, '');
  }

  const signer = (name: Signer) => {
    const key = OperatorSigner.generate();
    keyFile[name] = join(hub.root, `${name}.pem`);
    key.save(keyFile[name]);
    return key;
  };

  before(async () => {
    hub = await startTestHub();
    const admin = new HubClient(hub.url, hub.admin);
    const admins: Partial<Record<Signer, HubClient>> = {};
    for (const party of ['alpha', 'bravo'] as const) {
      const key = signer(party);
      await admin.submit('party.create', {
        party: { id: party, name: `${party} forces` },
        administrator: { id: `${party}.admin`, name: `${party} administrator`, public_key: key.publicKey },
      });
      admins[party] = new HubClient(hub.url, key);
    }
    alphaClient = admins.alpha as HubClient;
    const bravo = admins.bravo as HubClient;
    await bravo.submit('operator.add', {
      operator: { id: 'bravo.duty1', name: 'Duty officer 1', public_key: signer('bravo.duty1').publicKey },
      role: 'duty-officer',
    });
    await bravo.submit('operator.add', {
      operator: {
        id: 'bravo.duty2',
        name: 'Duty officer 2',
        public_key: OperatorSigner.generate().publicKey,
      },
      role: 'duty-officer',
    });
    await admins.alpha?.submit('agreement.propose', {
      agreement: {
        id: 'alpha/hotline',
        title: 'Hotline',
        parties: ['alpha', 'bravo'],
        terms: 'Urgent requests are acknowledged within fifteen minutes.',
        ack_deadlines_s: { 'urgent-request': URGENT_DEADLINE_S },
      },
    });
    await bravo.submit('agreement.sign', { agreement: 'alpha/hotline' });
  });

  after(async () => {
    await hub.stop();
  });

  test('roster set: members in calling order with shifts in their time zones; bad ones refused', async () => {
    const [set, badShift, stranger] = await Promise.all([
      // Two shifts that cover the whole day in UTC, so that bravo.duty1 is on duty whenever this runs.
      as(
        'bravo',
        'roster',
        'set',
        'air-deconfliction',
        '--member',
        'bravo.duty1:00:00-12:00@UTC',
        '--member',
        'bravo.duty1:12:00-00:00@UTC',
        '--member',
        'bravo.duty2:08:00-20:00@Asia/Damascus,sun,mon,tue,wed,thu',
        '--chief',
        'bravo.admin',
      ),
      as('bravo', 'roster', 'set', 'air-deconfliction', '--member', 'bravo.duty1:8-20@UTC', '--chief', 'x'),
      as('bravo', 'roster', 'set', 'air-deconfliction', '--member', 'alpha.admin', '--chief', 'bravo.admin'),
    ]);
    assertAccepted(set);
    assertError(badShift, /argument 'bravo\.duty1:8-20@UTC' is invalid\. write it as OPERATOR or OPERATOR:/);
    assertRefused(stranger, 400, /no operator alpha.admin in bravo/);
  });

  test('a roster may name no chief: after its members, the whole party is asked', async () => {
    const set = await as('bravo', 'roster', 'set', 'ground-liaison', '--member', 'bravo.duty2');
    assertAccepted(set);
    const show = await as('bravo', 'roster', 'show', 'ground-liaison');
    assert.equal(show.code, 0, describeRun(show));
    assert.match(show.stdout, /^then +the whole party +no chief: when the members have not acknowledged$/m);
    assert.equal(
      printed<{ chief?: string }>(await as('bravo', 'roster', 'show', 'ground-liaison', '--json')).chief,
      undefined,
    );
  });

  test('roster list and roster show read the party’s rosters back; another party’s is not shown', async () => {
    const [list, show, json, missing] = await Promise.all([
      as('bravo', 'roster', 'list'),
      as('bravo', 'roster', 'show', 'air-deconfliction'),
      as('bravo', 'roster', 'show', 'air-deconfliction', '--json'),
      as('alpha', 'roster', 'show', 'air-deconfliction'),
    ]);
    assert.equal(list.code, 0, describeRun(list));
    const [header, row] = list.stdout.trimEnd().split('\n');
    assert.match(header ?? '', /^DUTY +MEMBERS \(IN CALLING ORDER\) +CHIEF +VERSION +SINCE$/);
    assert.match(row ?? '', /^air-deconfliction +bravo\.duty1, bravo\.duty2 +bravo\.admin +1 +\d{4}-/);
    assert.equal(show.code, 0, describeRun(show));
    assert.match(show.stdout, /^1 +bravo\.duty1 +00:00-12:00 UTC; 12:00-00:00 UTC$/m);
    assert.match(show.stdout, /^2 +bravo\.duty2 +08:00-20:00 Asia\/Damascus sun,mon,tue,wed,thu$/m);
    assert.match(show.stdout, /^chief +bravo\.admin +when the members have not acknowledged$/m);
    assert.equal(printed<{ chief: string }>(json).chief, 'bravo.admin');
    assert.equal(missing.code, 1, describeRun(missing));
    assert.match(missing.stderr, /your party has no roster air-deconfliction/);
  });

  test('templates lists what each template asks for, in the reader’s language, the hub’s own notices last', async () => {
    const [english, russian] = await Promise.all([
      as('alpha', 'templates'),
      as('alpha', 'templates', '--lang', 'ru'),
    ]);
    assert.equal(english.code, 0, describeRun(english));
    const [header, ...rows] = english.stdout.trimEnd().split('\n');
    assert.match(header ?? '', /^NAME +KINDS +TITLE +FIELDS \(\? MAY BE LEFT OUT\)$/);
    assert.match(
      english.stdout,
      /^stop-request +urgent-request +Request to stop +position=<position> activity=<text> declaration=<declaration>\? at_risk=<text>\?$/m,
    );
    const notices = rows.map((row) => row.includes('(the hub’s own)'));
    assert.ok(notices.indexOf(true) > 0, 'the hub’s own notices are listed');
    assert.equal(
      notices.slice(notices.indexOf(true)).includes(false),
      false,
      'the hub’s own notices come last',
    );
    assert.equal(russian.code, 0, describeRun(russian));
    assert.match(russian.stdout, /^stop-request +urgent-request +Требование прекратить /m);
  });

  test('an urgent stop request to the roster reaches its member on duty, listed in Arabic', async () => {
    const sent = assertAccepted(
      await as(
        'alpha',
        'send',
        '--to',
        ROSTER,
        '--kind',
        'urgent-request',
        '--action',
        'stop',
        '--template',
        'stop-request',
        '--field',
        'position=[36.2,37.1]',
        '--field',
        'activity=Air strike on the eastern district',
        '--field',
        'declaration=alpha/op-1',
        '--text',
        'Convoy on the road.',
        '--reference',
        'declaration:alpha/op-1@1',
        '--id',
        'stop-1',
      ),
    );
    assert.equal(sent.message, 'alpha/stop-1');
    assert.equal(typeof sent.index, 'number');

    const [inbox, json] = await Promise.all([
      as('bravo.duty1', 'messages', '--in', '--lang', 'ar'),
      as('bravo.duty1', 'message', 'alpha/stop-1', '--json'),
    ]);
    assert.equal(inbox.code, 0, describeRun(inbox));
    const [header, ...rows] = rowsOf(inbox.stdout);
    assert.deepEqual(header, ['ID', 'KIND', 'FROM', 'TO', 'STATE', 'ASKING', 'TIME LEFT', 'TITLE']);
    assert.equal(rows.length, 1, inbox.stdout);
    const [row = []] = rows;
    assert.deepEqual(row.slice(0, 6), [
      'alpha/stop-1',
      'urgent-request (stop)',
      'alpha',
      ROSTER,
      'sent',
      'bravo.duty1',
    ]);
    assert.match(row[6] ?? '', /^1[45]m \d\ds left$/);
    assert.equal(row[7], 'طلب إيقاف');

    // The position travelled as numbers, the reference as data.
    const view = assertAccepted<MessageView>(json);
    assert.deepEqual(view.message.template?.fields.position, [36.2, 37.1]);
    assert.deepEqual(view.message.references, [{ type: 'declaration', id: 'alpha/op-1', version: 1 }]);
  });

  test('ack acknowledges the delivery to the operator’s party; the sender sees by whom', async () => {
    const acked = assertAccepted<{ recipient: string; state: string }>(
      await as('bravo.duty1', 'ack', 'alpha/stop-1', '--note', 'Strike held'),
    );
    assert.equal(acked.recipient, ROSTER);
    assert.equal(acked.state, 'acknowledged');

    const shown = await as('alpha', 'message', 'alpha/stop-1');
    assert.equal(shown.code, 0, describeRun(shown));
    const text = shown.stdout;
    assert.match(text, /^alpha\/stop-1: urgent-request \(stop\)\nfrom alpha, signed by alpha.admin at /);
    assert.match(text, /\nreferences: declaration:alpha\/op-1@1\n/);
    assert.match(text, /\n\nRequest to stop\n {2}Position: 37\.10000, 36\.20000\n {2}Activity: Air strike/);
    assert.match(text, /\n\nText:\n {2}Convoy on the road\.\n/);
    assert.match(text, /\nDelivery to bravo\/air-deconfliction: acknowledged by bravo\.duty1\n/);
    assert.match(text, /\n {2}TIME +EVENT +WHO +ENTRY\n/);
    assert.match(text, /\n {2}\S+ +sent +\d+\n {2}\S+ +routed +asking bravo\.duty1 +\d+\n/);
    assert.match(text, /\n {2}\S+ +acknowledged +by bravo\.duty1 +\d+\n$/);
  });

  test('a coordination request answered with changes: the reply goes back to its sender', async () => {
    const sent = assertAccepted(
      await as(
        'alpha',
        'send',
        '--to',
        'bravo',
        '--kind',
        'coordination-request',
        '--template',
        'convoy-movement-notice',
        '--field',
        'movement=alpha/convoy-3',
        '--field',
        `departure=${new Date(Date.now() + 3_600_000).toISOString()}`,
        '--field',
        'origin=[36.98,36.2]',
        '--field',
        'destination=[36.77,36.16]',
        '--field',
        'vehicles=12',
        '--text',
        'Request passage.',
      ),
    );
    assert.match(sent.message, /^alpha\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    coordinationId = sent.message;

    const reply = assertAccepted(
      await as(
        'bravo',
        'reply',
        coordinationId,
        '--answer',
        'agreed-with-changes',
        '--reasons',
        'Depart after 14:00',
        '--text',
        'Agreed, later.',
      ),
    );
    assert.match(reply.message, /^bravo\//);

    const [inbox, shown] = await Promise.all([
      as('alpha', 'messages', '--in'),
      as('alpha', 'message', reply.message),
    ]);
    assert.equal(inbox.code, 0, describeRun(inbox));
    const [, ...rows] = rowsOf(inbox.stdout);
    assert.deepEqual(
      rows.map((row) => [row[0], row[1], row[2], row[3], row[4], row.at(-1)]),
      [[reply.message, 'reply (agreed-with-changes)', 'bravo', 'alpha', 'sent', 'Agreed, later.']],
    );
    assert.equal(shown.code, 0, describeRun(shown));
    assert.match(shown.stdout, new RegExp(`\nin reply to ${coordinationId}\nreasons: Depart after 14:00\n`));
  });

  test('errors are clear and non-zero: unknown party, bad field, another party’s delivery', async () => {
    const toNobody = join(hub.root, 'to-nobody.json');
    writeFileSync(
      toNobody,
      JSON.stringify({ kind: 'notification', recipients: [{ party: 'zulu' }], text: 'Hello' }),
    );
    const [unknownParty, badField, othersDelivery, noOwnDelivery] = await Promise.all([
      as('alpha', 'send', '--message', toNobody),
      as(
        'alpha',
        'send',
        '--to',
        'bravo',
        '--kind',
        'notification',
        '--template',
        'position-report',
        '--field',
        'position=[36.2,',
      ),
      as('alpha', 'ack', 'alpha/stop-1', '--recipient', ROSTER),
      as('alpha', 'ack', 'alpha/stop-1'),
    ]);
    assertRefused(unknownParty, 400, /\/command\/message\/recipients\/0\/party: no party zulu/);
    assertError(badField, /argument 'position=\[36\.2,' is invalid\. the value is not JSON/);
    assertRefused(
      othersDelivery,
      404,
      /no delivery of alpha\/stop-1 to bravo\/air-deconfliction for your party/,
    );
    assertError(noOwnDelivery, /^deconflict: alpha\/stop-1 has no delivery to your party, alpha\n$/);
  });

  test('withdraw-message ends the deliveries not yet acknowledged; acknowledging it then is refused', async () => {
    assertAccepted(await as('alpha', 'withdraw-message', coordinationId, '--reason', 'Convoy cancelled'));
    assertRefused(await as('bravo', 'ack', coordinationId), 409, /was withdrawn by its sender/);
  });

  test('a flood: the request over the limit is refused with when to send again; the recipient lists who floods it and sees repeats as one item', async () => {
    const stop = (name: string) => ({
      id: `alpha/${name}`,
      kind: 'urgent-request',
      action: 'stop',
      recipients: [{ party: 'bravo' }],
      template: { name: 'stop-request', fields: { position: [36.3, 37.2], activity: 'Shelling' } },
    });
    // Five of the same within the minute: the default limit to one recipient, the last four repeats.
    for (let i = 1; i <= 5; i++) await alphaClient.submit('message.send', { message: stop(`shelling-${i}`) });
    const file = join(hub.root, 'shelling-6.json');
    writeFileSync(file, JSON.stringify(stop('shelling-6')));
    assertRefused(
      await as('alpha', 'send', '--message', file),
      429,
      /\/command\/message\/recipients\/0: over the limit of 5 urgent-request messages in 60 s; room again in \d+ s/,
    );

    const [refused, inbox] = await Promise.all([
      as('bravo', 'refused'),
      as('bravo.duty1', 'messages', '--in', '--waiting'),
    ]);
    assert.equal(refused.code, 0, describeRun(refused));
    const [header, ...rows] = rowsOf(refused.stdout);
    assert.deepEqual(header, ['FROM', 'OPERATOR', 'TO', 'KIND', 'REFUSED', 'UNRECORDED', 'FIRST', 'LAST']);
    assert.deepEqual(
      rows.map((row) => row.slice(0, 6)),
      [['alpha', 'alpha.admin', 'bravo', 'urgent-request', '1', '0']],
    );
    assert.equal(inbox.code, 0, describeRun(inbox));
    const shelling = rowsOf(inbox.stdout).filter(([id]) => id?.startsWith('alpha/shelling-'));
    assert.deepEqual(
      shelling.map((row) => row[0]),
      ['alpha/shelling-1'],
    );
    assert.match(shelling[0]?.[4] ?? '', /^sent, repeated 4× \(last \S+\)$/);
  });
});
