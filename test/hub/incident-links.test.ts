// What the hub links to an incident, against an oracle written here from the rule: for each party,
// exactly the declaration versions in force during the window whose site meets the place and its
// margin (a haversine distance, with cases kept clear of the boundary), and of those only the ones
// the party may see; the parties concerned are the reporter and those versions' owners; the report's
// entry names only those the reporter may know are concerned. Random sites of four parties with
// random visibility, some moved by an amendment after the window; a seed repeats a failing run.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Incident } from '../../src/evidence/incident.js';
import { incidentLinksSeenBy } from '../../src/hub/who-may-see.js';
import { InProcessHub } from '../support/in-process-hub.js';
import { fuzzSeed, Prng } from '../support/prng.js';

const PARTIES = ['north', 'south', 'east', 'west'];
const PLACE: [number, number] = [37, 36];
const MARGIN_M = 2000;
const MINUTE = 60_000;

function haversineM(
  [lon1, lat1]: readonly [number, number],
  [lon2, lat2]: readonly [number, number],
): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(a));
}

interface Version {
  id: string;
  party: string;
  entry: number;
  at: [number, number];
  radiusM: number;
  visibility: string[];
  /** In force during the incident's window. */
  inForce: boolean;
}

describe('the links of an incident, against an oracle', () => {
  const seed = fuzzSeed();
  const random = new Prng(seed);
  const start = Date.parse('2030-03-01T12:00:00Z');
  let test0: InProcessHub;
  const versions: Version[] = [];

  /** A site clearly inside (meets) or clearly outside the place and margin. */
  function placeSite(meets: boolean): { at: [number, number]; radiusM: number } {
    for (;;) {
      const at: [number, number] = [
        PLACE[0] + (random.next() / 2 ** 32 - 0.5) * 0.1,
        PLACE[1] + (random.next() / 2 ** 32 - 0.5) * 0.1,
      ];
      const radiusM = 50 + random.int(400);
      const ratio = haversineM(at, PLACE) / (MARGIN_M + radiusM);
      if (meets ? ratio < 0.85 : ratio > 1.15) return { at, radiusM };
    }
  }

  function visibilityFor(party: string): string[] {
    if (random.chance(0.15)) return ['*'];
    return PARTIES.filter((other) => other !== party && random.chance(0.35));
  }

  const siteBody = (id: string, at: [number, number], radiusM: number, visibility: string[]) => ({
    kind: 'site',
    id,
    title: id,
    visibility,
    function: 'own-position',
    geometry: { type: 'Point', coordinates: at },
    radius_m: radiusM,
    valid_from: new Date(start - 60 * MINUTE).toISOString(),
    valid_until: new Date(start + 48 * 60 * MINUTE).toISOString(),
  });

  before(async () => {
    test0 = await InProcessHub.start(start, PARTIES);
    let n = 0;
    for (const party of PARTIES) {
      for (let i = 0; i < 6; i++) {
        const id = `${party}/site-${n++}`;
        const { at, radiusM } = placeSite(random.chance(0.5));
        const visibility = visibilityFor(party);
        const accepted = await test0.submit(test0.admin(party), 'declaration.submit', {
          declaration: siteBody(id, at, radiusM, visibility),
          known_conflicts: [],
        });
        const fullVisibility = visibility.includes('*') ? ['*'] : [party, ...visibility];
        versions.push({
          id,
          party,
          entry: accepted.index,
          at,
          radiusM,
          visibility: fullVisibility,
          inForce: true,
        });
      }
    }
    // After the window, some sites move: their new versions were not in force then.
    test0.now = start + 30 * MINUTE;
    for (const version of [...versions]) {
      if (!random.chance(0.3)) continue;
      const { at, radiusM } = placeSite(true);
      const visibility = version.visibility.includes('*')
        ? ['*']
        : version.visibility.filter((p) => p !== version.party);
      const accepted = await test0.submit(test0.admin(version.party), 'declaration.amend', {
        declaration: siteBody(version.id, at, radiusM, visibility),
        replaces_version: 1,
        known_conflicts: [],
      });
      versions.push({ ...version, entry: accepted.index, at, radiusM, inForce: false });
    }
  });
  after(async () => {
    await test0?.stop();
  });

  test(`each party is linked exactly the versions it may see that met the place then (seed ${seed})`, async () => {
    const reporter = 'north';
    const stated = ['south'];
    test0.now = start + 31 * MINUTE;
    const report = await test0.submit(test0.admin(reporter), 'incident.report', {
      incident: {
        id: 'north/incident',
        title: 'Incident',
        geometry: { type: 'Point', coordinates: PLACE },
        radius_m: MARGIN_M,
        from: new Date(start - 5 * MINUTE).toISOString(),
        until: new Date(start + 10 * MINUTE).toISOString(),
        what: 'Something happened here.',
        visibility: stated,
      },
    });
    const meeting = versions.filter((v) => v.inForce && haversineM(v.at, PLACE) <= MARGIN_M + v.radiusM);
    const maySee = (v: Version, party: string) => v.visibility.includes('*') || v.visibility.includes(party);
    const concerned = new Set([reporter, ...meeting.map((v) => v.party)]);

    const incident = (await test0.hub.read((state) => state.incidents.get('north/incident'))) as Incident;
    for (const party of PARTIES) {
      const visible = meeting
        .filter((v) => maySee(v, party))
        .map((v) => v.entry)
        .sort((a, b) => a - b);
      // Every party concerned, and every other party shown the report with something linked, has its
      // links; a party neither concerned nor shown the report is linked nothing, whatever it may see.
      const hasEntry = concerned.has(party) || (stated.includes(party) && visible.length > 0);
      const expected = hasEntry ? visible : [];
      const told = incidentLinksSeenBy(incident, party);
      const linked = (told?.links ?? []).map((link) => link.entry);
      assert.deepEqual(linked, expected, `${party}'s links`);
      assert.ok((told?.links ?? []).every((link) => link.reason === 'declaration-meets-place'));
      assert.equal(incident.isConcerned(party), concerned.has(party), `${party} concerned`);
      assert.equal(told !== null, hasEntry, `${party}'s links entry`);
    }
    const entries = await test0.newEntries();
    const reportEntry = entries.find((entry) => entry.kind === 'incident.report');
    const disclosed = meeting.filter((v) => maySee(v, reporter)).map((v) => v.party);
    assert.deepEqual(reportEntry?.visibility, [...new Set([reporter, ...stated, ...disclosed])].sort());
    assert.equal(incident.entry, report.index);
    // Each links entry is readable by its party alone, and carries the report if the report's entry does not name it.
    for (const entry of entries.filter((e) => e.kind === 'incident.linked')) {
      const party = String(entry.command.party);
      assert.deepEqual(entry.visibility, [party]);
      assert.equal(entry.command.report !== undefined, !reportEntry?.visibility.includes(party));
    }
  });
});
