// The `deconflict` command as an administrator uses it: create a hub, make keys, admit a party,
// manage its operators against a running hub; refusals exit 2 with the hub's reason.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { type CliResult, describeRun, printed, runCli, ServeProcess } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

const ORIGIN = 'cli.deconflict.dev/hub';
const REFUSED = 2;

interface Keygen {
  key_file: string;
  public_key: string;
  key_id: string;
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe('the deconflict CLI', () => {
  const temp = tempDir('deconflict-cli-');
  const data = join(temp.path, 'data');
  const keys: Record<'alpha' | 'duty' | 'dutyNext', Keygen> = {} as never;
  let adminKey = '';
  let serve: ServeProcess | null = null;

  /** Runs a command as the operator holding `key` against the running hub. */
  const as = (key: string, ...args: string[]) => runCli([...args, '--hub', serve?.url ?? '', '--key', key]);

  function assertRefused(result: CliResult, status: number, reason: RegExp): void {
    assert.equal(result.code, REFUSED, describeRun(result));
    assert.match(result.stderr, new RegExp(`^deconflict: the hub refused: ${status} `), describeRun(result));
    assert.match(result.stderr, reason, describeRun(result));
    assert.equal(result.stdout, '');
  }

  after(async () => {
    await serve?.stop();
    temp.remove();
  });

  test('init creates the hub’s key, its record and a first administrator’s key, readable by the owner only', async () => {
    const result = await runCli(['init', '--data', data, '--origin', ORIGIN]);
    assert.equal(result.code, 0, describeRun(result));
    const out = printed<{ data: string; origin: string; entries: number; admin_key: string }>(result);
    assert.deepEqual(out, { data, origin: ORIGIN, entries: 1, admin_key: join(data, 'admin.key') });
    adminKey = out.admin_key;
    assert.equal(mode(join(data, 'hub.key')), 0o600);
    assert.equal(mode(adminKey), 0o600);
    assert.equal(mode(data), 0o700);
    assert.match(
      readFileSync(join(data, 'hub.key'), 'utf8'),
      /^PRIVATE\+KEY\+cli\.deconflict\.dev\/hub\+[0-9a-f]{8}\+/,
    );
  });

  test('init refuses a first administrator outside the hub’s party, and creates nothing', async () => {
    const elsewhere = join(temp.path, 'elsewhere');
    const refused = await runCli(['init', '--data', elsewhere, '--origin', ORIGIN, '--admin-id', 'admin']);
    assert.equal(refused.code, 1, describeRun(refused));
    assert.match(refused.stderr, /operator ids of party hub are hub\.<name>/);
    assert.equal(existsSync(elsewhere), false);
  });

  test('init refuses a directory that already holds a hub, and changes nothing', async () => {
    const hubKey = readFileSync(join(data, 'hub.key'));
    const admin = readFileSync(adminKey);
    const again = await runCli(['init', '--data', data, '--origin', 'other.deconflict.dev/hub']);
    assert.equal(again.code, 1, describeRun(again));
    assert.match(again.stderr, /already holds a hub/);
    assert.deepEqual(readFileSync(join(data, 'hub.key')), hubKey);
    assert.deepEqual(readFileSync(adminKey), admin);
  });

  test('keygen writes a private key (mode 0600) and prints its public key; it never overwrites', async () => {
    const result = await runCli(['keygen', '--out', join(temp.path, 'alpha.pem')]);
    assert.equal(result.code, 0, describeRun(result));
    keys.alpha = printed<Keygen>(result);
    const { key_file, public_key, key_id } = keys.alpha;
    assert.equal(key_file, join(temp.path, 'alpha.pem'));
    assert.equal(mode(key_file), 0o600);
    assert.match(readFileSync(key_file, 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
    assert.equal(Buffer.from(public_key, 'base64').length, 32);
    assert.equal(
      key_id,
      createHash('sha256').update(Buffer.from(public_key, 'base64')).digest('hex').slice(0, 16),
    );

    const before = readFileSync(key_file);
    const again = await runCli(['keygen', '--out', key_file]);
    assert.notEqual(again.code, 0, describeRun(again));
    assert.match(again.stderr, /exists/);
    assert.deepEqual(readFileSync(key_file), before);

    // The other operators' keys, made the same way in this process.
    for (const name of ['duty', 'dutyNext'] as const) {
      const signer = OperatorSigner.generate();
      const file = join(temp.path, `${name}.pem`);
      signer.save(file);
      keys[name] = { key_file: file, public_key: signer.publicKey, key_id: signer.keyId };
    }
  });

  test('party create and party list against a running hub', async () => {
    serve = await ServeProcess.start(data);
    const created = await as(
      adminKey,
      'party',
      'create',
      'alpha',
      '--name',
      'Alpha forces',
      '--admin-id',
      'alpha.admin',
      '--admin-name',
      'Alpha admin',
      '--admin-public-key',
      keys.alpha.public_key,
    );
    assert.equal(created.code, 0, describeRun(created));
    const accepted = printed<{ index: number; size: number; checkpoint: string }>(created);
    assert.equal(accepted.index, 1);
    assert.equal(accepted.size, 2);
    assert.match(accepted.checkpoint, new RegExp(`^${ORIGIN.replace(/\./g, '\\.')}\\n2\\n`));

    const [list, again, byPartyAdmin] = await Promise.all([
      as(adminKey, 'party', 'list'),
      as(
        adminKey,
        'party',
        'create',
        'alpha',
        '--name',
        'A',
        '--admin-id',
        'a2',
        '--admin-name',
        'A',
        '--admin-public-key',
        keys.duty.public_key,
      ),
      as(
        keys.alpha.key_file,
        'party',
        'create',
        'bravo',
        '--name',
        'B',
        '--admin-id',
        'b1',
        '--admin-name',
        'B',
        '--admin-public-key',
        keys.duty.public_key,
      ),
    ]);
    assert.equal(list.code, 0, describeRun(list));
    const parties = printed<{ hub_party: string; parties: { id: string; name: string }[] }>(list);
    assert.equal(parties.hub_party, 'hub');
    assert.deepEqual(parties.parties.map((party) => [party.id, party.name]).sort(), [
      ['alpha', 'Alpha forces'],
      ['hub', 'Hub custodians'],
    ]);
    assertRefused(again, 409, /party alpha already exists/);
    assertRefused(byPartyAdmin, 403, /only a hub administrator may admit a party/);
  });

  test('operator add, list and set-role; refusals exit 2 with the reason', async () => {
    const added = await as(
      keys.alpha.key_file,
      'operator',
      'add',
      'alpha.duty',
      '--name',
      'Alpha duty officer',
      '--role',
      'duty-officer',
      '--public-key',
      keys.duty.public_key,
    );
    assert.equal(added.code, 0, describeRun(added));
    assert.equal(printed<{ index: number }>(added).index, 2);

    const [byDutyOfficer, demoteLast, badRole, unknownOperator] = await Promise.all([
      as(
        keys.duty.key_file,
        'operator',
        'add',
        'alpha.x',
        '--name',
        'X',
        '--role',
        'viewer',
        '--public-key',
        keys.dutyNext.public_key,
      ),
      as(keys.alpha.key_file, 'operator', 'set-role', 'alpha.admin', 'viewer'),
      as(keys.alpha.key_file, 'operator', 'set-role', 'alpha.duty', 'boss'),
      as(keys.alpha.key_file, 'operator', 'set-role', 'nobody-here', 'viewer'),
    ]);
    assertRefused(byDutyOfficer, 403, /only a party administrator may do this/);
    assertRefused(demoteLast, 409, /a party keeps at least one administrator/);
    assertRefused(badRole, 400, /\/command\/role: must be one of administrator, duty-officer, viewer/);
    assertRefused(unknownOperator, 404, /no operator nobody-here in party alpha/);

    const setRole = await as(keys.alpha.key_file, 'operator', 'set-role', 'alpha.duty', 'viewer');
    assert.equal(setRole.code, 0, describeRun(setRole));
  });

  test('operator rotate-key and revoke-key; the list shows each key’s status', async () => {
    const rotated = await as(
      keys.alpha.key_file,
      'operator',
      'rotate-key',
      'alpha.duty',
      '--public-key',
      keys.dutyNext.public_key,
    );
    assert.equal(rotated.code, 0, describeRun(rotated));
    // The old key can no longer sign, even for its own operator.
    const [oldKeySigns, revoked] = await Promise.all([
      as(keys.duty.key_file, 'operator', 'list'),
      as(keys.alpha.key_file, 'operator', 'revoke-key', 'alpha.duty', keys.duty.key_id),
    ]);
    assertRefused(oldKeySigns, 401, /was (rotated|revoked)/);
    assert.equal(revoked.code, 0, describeRun(revoked));

    const [list, revokedAgain] = await Promise.all([
      as(keys.dutyNext.key_file, 'operator', 'list', '--party', 'alpha'),
      as(keys.alpha.key_file, 'operator', 'revoke-key', 'alpha.duty', keys.duty.key_id),
    ]);
    assert.equal(list.code, 0, describeRun(list));
    const operators = printed<{
      operators: { id: string; role: string; keys: { id: string; status: string }[] }[];
    }>(list).operators;
    const duty = operators.find((operator) => operator.id === 'alpha.duty');
    assert.equal(duty?.role, 'viewer');
    assert.deepEqual(
      duty?.keys.map((key) => [key.id, key.status]),
      [
        [keys.duty.key_id, 'revoked'],
        [keys.dutyNext.key_id, 'active'],
      ],
    );
    assert.deepEqual(operators.map((operator) => operator.id).sort(), ['alpha.admin', 'alpha.duty']);
    assertRefused(revokedAgain, 409, /already revoked/);
  });

  test('a hub that does not answer, or a missing option, is a plain error (exit 1), not a refusal', async () => {
    const [unreachable, missing] = await Promise.all([
      runCli(['party', 'list', '--hub', 'http://127.0.0.1:9', '--key', adminKey]),
      runCli([
        'operator',
        'add',
        'someone',
        '--key',
        adminKey,
        '--role',
        'viewer',
        '--public-key',
        keys.alpha.public_key,
      ]),
    ]);
    assert.equal(unreachable.code, 1, describeRun(unreachable));
    assert.match(unreachable.stderr, /^deconflict: /);
    assert.notEqual(missing.code, 0, describeRun(missing));
    assert.notEqual(missing.code, REFUSED);
    assert.match(missing.stderr, /required option '--name <name>' not specified/);
  });
});
