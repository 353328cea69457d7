// Declaring through the `deconflict` command, two parties against a running hub: an agreement put
// in force, an operation, a protected site refused until its command names the conflict it has
// (by --known, or --acknowledge-all after seeing the list), amend, withdraw, and the lists each
// party may see. Parties and their administrators are set up over the client library; everything
// under test runs through the CLI as a child process.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HubClient } from '../../src/client/hub-client.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { type CliResult, describeRun, printed, runCli } from '../support/cli.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const REFUSED = 2;
const HOUR_MS = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

// About 3 km east and west of the operation's centre at latitude 37.1 (0.0337° of longitude):
// 2.4 km from its 500 m circle, beyond the hub's default 1 km minimum and within the agreed 5 km,
// so the conflicts below exist only because the agreement is in force.
const CENTRE: [number, number] = [36.2, 37.1];
const EAST: [number, number] = [36.2337, 37.1];
const WEST: [number, number] = [36.1663, 37.1];

const now = Date.now();

function operation(title: string) {
  return {
    kind: 'operation',
    id: 'alpha/op-1',
    title,
    visibility: [],
    roster: 'air-ops',
    activity: 'air',
    volumes: [
      {
        geometry: { type: 'Point', coordinates: CENTRE },
        radius_m: 500,
        altitude_lower_m: 0,
        altitude_upper_m: 3000,
        time_start: iso(now + HOUR_MS),
        time_end: iso(now + 3 * HOUR_MS),
      },
    ],
  };
}

function site(id: string, title: string, at: [number, number]) {
  return {
    kind: 'site',
    id,
    title,
    visibility: ['*'],
    function: 'hospital',
    geometry: { type: 'Point', coordinates: at },
    radius_m: 100,
    valid_from: iso(now),
    valid_until: iso(now + 24 * HOUR_MS),
  };
}

interface Key {
  declaration: string;
  version: number;
}

const byId = (a: Key, b: Key) => a.declaration.localeCompare(b.declaration);

describe('declarations and agreements through the deconflict CLI', () => {
  let hub: TestHub;
  const keyFile = { alpha: '', bravo: '' };
  const file = (name: string, body: unknown) => {
    const path = join(hub.root, name);
    writeFileSync(path, JSON.stringify(body));
    return path;
  };

  /** Runs a command as the administrator of `party`. */
  const as = (party: 'alpha' | 'bravo', ...args: string[]) =>
    runCli([...args, '--hub', hub.url, '--key', keyFile[party]]);

  function assertAccepted(result: CliResult): { index: number; known_conflicts?: Key[] } {
    assert.equal(result.code, 0, describeRun(result));
    return printed(result);
  }

  function assertRefused(result: CliResult, status: number, reason: RegExp): void {
    assert.equal(result.code, REFUSED, describeRun(result));
    assert.match(result.stderr, new RegExp(`^deconflict: the hub refused: ${status} `), describeRun(result));
    assert.match(result.stderr, reason, describeRun(result));
    assert.equal(result.stdout, '');
  }

  before(async () => {
    hub = await startTestHub();
    const admin = new HubClient(hub.url, hub.admin);
    for (const party of ['alpha', 'bravo'] as const) {
      const signer = OperatorSigner.generate();
      keyFile[party] = join(hub.root, `${party}.pem`);
      signer.save(keyFile[party]);
      await admin.submit('party.create', {
        party: { id: party, name: `${party} forces` },
        administrator: { id: `${party}.admin`, name: `${party} administrator`, public_key: signer.publicKey },
      });
    }
  });

  after(async () => {
    await hub.stop();
  });

  test('agreement propose and sign put an agreement in force; signing twice is refused', async () => {
    const agreement = file('agreement.json', {
      id: 'alpha/minima',
      title: 'Air minima',
      parties: ['alpha', 'bravo'],
      terms: 'Five kilometres from any declared site.',
      separation: { horizontal_m: 5000, vertical_m: 300, time_s: 600 },
    });
    assertAccepted(await as('alpha', 'agreement', 'propose', agreement));
    assertAccepted(await as('bravo', 'agreement', 'sign', 'alpha/minima'));
    assertRefused(
      await as('bravo', 'agreement', 'sign', 'alpha/minima'),
      409,
      /bravo has already signed alpha\/minima/,
    );
  });

  test('declare an operation', async () => {
    const accepted = assertAccepted(
      await as('alpha', 'declare', file('op.json', operation('Strike package'))),
    );
    assert.deepEqual(accepted.known_conflicts, []);
  });

  test('a conflicting site is refused with the conflict told as far as the party may see it, then accepted with --known', async () => {
    const hospital = file('site-1.json', site('bravo/site-1', 'Al-Amal hospital', EAST));
    const [refused, stale] = await Promise.all([
      as('bravo', 'declare', hospital),
      as('bravo', 'declare', hospital, '--known', 'alpha/op-1@2'),
    ]);
    for (const result of [refused, stale]) {
      assertRefused(result, 409, /does not name alpha\/op-1 version 1/);
      // Bravo may not see the operation: its owner, roster, hours and area, never its content.
      assert.match(result.stderr, /alpha\/op-1 version 1, of alpha: not visible to you/);
      assert.match(result.stderr, /call: alpha, roster “air-ops”/);
      assert.match(
        result.stderr,
        /when \(whole hours\): \d{4}-\d\d-\d\dT\d\d:00Z to \d{4}-\d\d-\d\dT\d\d:00Z\n/,
      );
      assert.match(result.stderr, /where \(W,S,E,N in 0\.25° cells\): 36\.\d\d,37\.\d\d,36\.\d\d,37\.\d\d/);
      assert.doesNotMatch(result.stderr, /Strike package|closest/);
      assert.match(
        result.stderr,
        /run the command again with --known alpha\/op-1@1, or with --acknowledge-all/,
      );
      assert.match(
        result.stderr,
        /The hub recorded what you were told here in entry \d+, which each owner can read/,
      );
    }

    const accepted = assertAccepted(await as('bravo', 'declare', hospital, '--known', 'alpha/op-1@1'));
    assert.deepEqual(accepted.known_conflicts, [{ declaration: 'alpha/op-1', version: 1 }]);
  });

  test('--acknowledge-all shows the conflicts, names exactly those, and is accepted', async () => {
    const clinic = file('site-2.json', site('bravo/site-2', 'West clinic', WEST));
    const result = await as('bravo', 'declare', clinic, '--acknowledge-all');
    const accepted = assertAccepted(result);
    assert.deepEqual(accepted.known_conflicts, [{ declaration: 'alpha/op-1', version: 1 }]);
    assert.match(result.stderr, /It conflicts with 1 declaration:\n {2}1\. alpha\/op-1 version 1, of alpha/);
    assert.match(result.stderr, /deconflict: acknowledging alpha\/op-1@1 \(--acknowledge-all\)/);
  });

  test('amend with --acknowledge-all: conflicts with visible sites are told in full, with the measures', async () => {
    const result = await as(
      'alpha',
      'amend',
      file('op-2.json', operation('Strike package, revised')),
      '--version',
      '1',
      '--acknowledge-all',
    );
    const accepted = assertAccepted(result);
    assert.deepEqual(accepted.known_conflicts?.sort(byId), [
      { declaration: 'bravo/site-1', version: 1 },
      { declaration: 'bravo/site-2', version: 1 },
    ]);
    assert.match(result.stderr, /bravo\/site-1 version 1, of bravo: site “Al-Amal hospital”/);
    assert.match(result.stderr, /bravo\/site-2 version 1, of bravo: site “West clinic”/);
    assert.match(result.stderr, /closest: 2\d{3} m apart, 0 m vertical gap, 0 s time gap; overlapping /);
  });

  test('amend or withdraw against a version that is no longer current is a clear refusal', async () => {
    const [amend, withdraw, badVersion, badKnown] = await Promise.all([
      as('alpha', 'amend', file('op-3.json', operation('Strike package')), '--version', '1'),
      as('alpha', 'withdraw', 'alpha/op-1', '--version', '1'),
      as('alpha', 'withdraw', 'alpha/op-1', '--version', 'two'),
      as('bravo', 'declare', join(hub.root, 'site-1.json'), '--known', 'alpha/op-1'),
    ]);
    assertRefused(amend, 409, /alpha\/op-1 is at version 2, not 1/);
    assertRefused(withdraw, 409, /alpha\/op-1 is at version 2, not 1/);
    for (const result of [badVersion, badKnown]) {
      assert.equal(result.code, 1, describeRun(result));
      assert.match(result.stderr, /is invalid/);
    }
  });

  test('a file that cannot be read, or is not JSON, is a plain error naming it', async () => {
    const notJson = join(hub.root, 'not.json');
    writeFileSync(notJson, '{ kind: site');
    const [missing, broken] = await Promise.all([
      as('alpha', 'declare', join(hub.root, 'absent.json')),
      as('alpha', 'agreement', 'propose', notJson),
    ]);
    assert.equal(missing.code, 1, describeRun(missing));
    assert.match(missing.stderr, /^deconflict: cannot read \S+absent\.json/);
    assert.equal(broken.code, 1, describeRun(broken));
    assert.match(broken.stderr, /^deconflict: \S+not\.json is not JSON/);
  });

  test('declarations and conflicts list what each party may see', async () => {
    const [alphaJson, bravoJson, bravoTable, sitesOnly, bravoConflicts, alphaConflicts] = await Promise.all([
      as('alpha', 'declarations', '--json'),
      as('bravo', 'declarations', '--json'),
      as('bravo', 'declarations'),
      as('alpha', 'declarations', '--kind', 'site', '--json'),
      as('bravo', 'conflicts', '--json'),
      as('alpha', 'conflicts'),
    ]);
    const ids = (result: CliResult) => {
      assert.equal(result.code, 0, describeRun(result));
      return printed<{ declarations: { id: string }[] }>(result)
        .declarations.map((d) => d.id)
        .sort();
    };
    assert.deepEqual(ids(alphaJson), ['alpha/op-1', 'bravo/site-1', 'bravo/site-2']);
    assert.deepEqual(ids(bravoJson), ['bravo/site-1', 'bravo/site-2']);
    assert.deepEqual(ids(sitesOnly), ['bravo/site-1', 'bravo/site-2']);

    assert.equal(bravoTable.code, 0, describeRun(bravoTable));
    const [header, ...rows] = bravoTable.stdout.trimEnd().split('\n');
    assert.match(
      header ?? '',
      /^ID +VERSION +KIND +PARTY +STATUS +VALID FROM +VALID UNTIL +ROSTER +SEEN BY +TITLE$/,
    );
    assert.deepEqual(rows.map((row) => row.split(/ {2,}/).slice(0, 5)).sort(), [
      ['bravo/site-1', '1', 'site', 'bravo', 'live'],
      ['bravo/site-2', '1', 'site', 'bravo', 'live'],
    ]);

    // Bravo sees where and when its sites conflict with the operation and whom to call, not how close.
    assert.equal(bravoConflicts.code, 0, describeRun(bravoConflicts));
    const seenByBravo = printed<{ conflicts: { declarations: { id: string; title?: string }[] }[] }>(
      bravoConflicts,
    ).conflicts;
    assert.ok(seenByBravo.length > 0, describeRun(bravoConflicts));
    for (const conflict of seenByBravo) {
      const operationSide = conflict.declarations.find((d) => d.id === 'alpha/op-1');
      assert.ok(operationSide, JSON.stringify(conflict));
      assert.equal(operationSide.title, undefined);
      assert.equal('horizontal_distance_m' in conflict, false);
    }
    assert.equal(alphaConflicts.code, 0, describeRun(alphaConflicts));
    assert.match(alphaConflicts.stdout, /^DECLARATION +AGAINST +HOURS +AREA \(W,S,E,N\) +CLOSEST +STATE\n/);
    assert.match(
      alphaConflicts.stdout,
      /alpha\/op-1@2 \(alpha, call air-ops\) +bravo\/site-1@1 \(bravo, call deconfliction\)/,
    );
    assert.match(alphaConflicts.stdout, /2\d{3} m apart/);
  });

  test('declarations --geojson and --kml print what the party may see, for GIS and Google Earth', async () => {
    const [alphaGeoJson, bravoGeoJson, bravoKml, both] = await Promise.all([
      as('alpha', 'declarations', '--geojson'),
      as('bravo', 'declarations', '--geojson', '--kind', 'site'),
      as('bravo', 'declarations', '--kml'),
      as('bravo', 'declarations', '--geojson', '--json'),
    ]);
    const features = (result: CliResult) => {
      assert.equal(result.code, 0, describeRun(result));
      const collection = JSON.parse(result.stdout) as { type: string; features: { id: string }[] };
      assert.equal(collection.type, 'FeatureCollection');
      return collection.features.map((feature) => feature.id).sort();
    };
    // An operation is one feature per volume.
    assert.deepEqual(features(alphaGeoJson), ['alpha/op-1#0', 'bravo/site-1', 'bravo/site-2']);
    assert.deepEqual(features(bravoGeoJson), ['bravo/site-1', 'bravo/site-2']);
    assert.equal(bravoKml.code, 0, describeRun(bravoKml));
    assert.match(bravoKml.stdout, /^<kml xmlns="http:\/\/www.opengis.net\/kml\/2.2">/);
    assert.equal((bravoKml.stdout.match(/<Placemark[ >]/g) ?? []).length, 2);
    assert.notEqual(both.code, 0, describeRun(both));
    assert.match(
      both.stderr,
      /--geojson.*cannot be used with.*--json|--json.*cannot be used with.*--geojson/,
    );
  });

  test('withdraw ends a declaration; it is listed again only with --all, and cannot be withdrawn twice', async () => {
    const withdrawn = await as('alpha', 'withdraw', 'alpha/op-1', '--version', '2', '--reason', 'Cancelled');
    assertAccepted(withdrawn);
    const [again, live, all, current] = await Promise.all([
      as('alpha', 'withdraw', 'alpha/op-1', '--version', '2'),
      as('alpha', 'declarations', '--json'),
      as('alpha', 'declarations', '--all', '--json'),
      as('bravo', 'conflicts', '--json'),
    ]);
    assertRefused(again, 409, /alpha\/op-1 is withdrawn/);
    type Listing = { declarations: { id: string; status: string }[] };
    assert.equal(
      printed<Listing>(live).declarations.some((d) => d.id === 'alpha/op-1'),
      false,
    );
    assert.equal(printed<Listing>(all).declarations.find((d) => d.id === 'alpha/op-1')?.status, 'withdrawn');
    assert.deepEqual(printed<{ conflicts: unknown[] }>(current).conflicts, []);
  });

  test('agreement end needs a reason; an ended agreement cannot be ended again', async () => {
    const [noReason, ended] = await Promise.all([
      as('bravo', 'agreement', 'end', 'alpha/minima'),
      as('alpha', 'agreement', 'end', 'alpha/minima', '--reason', 'Operations over'),
    ]);
    assert.equal(noReason.code, 1, describeRun(noReason));
    assert.match(noReason.stderr, /required option '--reason <text>' not specified/);
    assertAccepted(ended);
    assertRefused(
      await as('bravo', 'agreement', 'end', 'alpha/minima', '--reason', 'Again'),
      409,
      /agreement alpha\/minima has ended/,
    );
  });
});
