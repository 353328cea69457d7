// What reporting an incident costs the writer: the links are decided in its turn (incident-links.ts),
// scanning every declaration version and every message the hub holds, so the time of one report over
// a large state is the time every other command waits. Declarations are random operations over one
// theatre (theatre.ts), a fifth of them amended once; messages are notifications naming one of them;
// every party may see everything, the costliest case (a link is judged for each party).

import type { Declaration } from '../src/deconfliction/declaration.js';
import type { DeclarationBody } from '../src/deconfliction/declaration-schema.js';
import type { DeconflictionState } from '../src/deconfliction/deconfliction-state.js';
import { incidentArea } from '../src/evidence/incident-place.js';
import type { IncidentReport } from '../src/evidence/incident-schema.js';
import { recordMessage } from '../src/hub/commands/message-record.js';
import { findIncidentLinks } from '../src/hub/incident-links.js';
import { HubState } from '../src/hub/state.js';
import type { Entry } from '../src/record/index.js';
import { Prng } from '../test/support/prng.js';
import {
  type BenchResult,
  latency,
  log,
  machine,
  machineLine,
  rounded,
  type SummaryRow,
  saveResult,
  summaryTable,
} from './lib/report.js';
import { LAT, LON, MINUTE, randomOperation, uniform, WEEK } from './lib/theatre.js';

interface Sizes {
  declarations: number;
  messages: number;
  parties: number;
  reports: number;
}
const FULL: Sizes = { declarations: 200_000, messages: 100_000, parties: 10, reports: 20 };
const QUICK: Sizes = { declarations: 10_000, messages: 5_000, parties: 10, reports: 5 };
const T0 = Date.parse('2026-03-02T00:00:00Z');
/** What a report may cost the writer before the hotline notices: a second, the urgent deadline's 1/60. */
const AIM_MS = 1000;

function declaration(id: string, party: string, version: number, rng: Prng, since: number): Declaration {
  return {
    id,
    version,
    kind: 'operation',
    party,
    visibility: ['*'],
    activity: 'air',
    volumes: randomOperation(rng, 1 + rng.int(3), 0, { t0: T0, corridors: false }),
    validFrom: T0,
    validUntil: T0 + WEEK,
    roster: 'deconfliction',
    body: { kind: 'operation', id } as DeclarationBody,
    entry: 0,
    since: new Date(since).toISOString(),
    reminded: false,
  };
}

function stateOf(sizes: Sizes, rng: Prng): HubState {
  const state = new HubState();
  const parties = Array.from({ length: sizes.parties }, (_, i) => `party-${i}`);
  for (const id of parties) state.parties.set(id, { id, name: id, since: new Date(T0).toISOString() });
  const deconfliction: DeconflictionState = state.deconfliction;
  for (let i = 0; i < sizes.declarations; i++) {
    const party = parties[i % parties.length] as string;
    const id = `${party}/op-${i}`;
    deconfliction.put({ ...declaration(id, party, 1, rng, T0 - WEEK), entry: state.size++ });
    if (rng.chance(0.2)) deconfliction.put({ ...declaration(id, party, 2, rng, T0), entry: state.size++ });
  }
  deconfliction.buildIndex();
  for (let i = 0; i < sizes.messages; i++) {
    const from = parties[i % parties.length] as string;
    const to = parties[(i + 1) % parties.length] as string;
    const named = `${parties[rng.int(parties.length)]}/op-${rng.int(sizes.declarations)}`;
    const time = new Date(T0 + rng.int(WEEK)).toISOString();
    recordMessage(
      state,
      {
        id: `${from}/m-${i}`,
        kind: 'notification',
        recipients: [{ party: to }],
        text: 'Notice.',
        references: [{ type: 'declaration', id: named, version: 1 }],
      },
      from,
      `${from}.duty`,
      { time } as Entry,
    );
    state.size++;
  }
  return state;
}

export async function run(options: { quick: boolean }): Promise<BenchResult> {
  const sizes = options.quick ? QUICK : FULL;
  const rng = new Prng(7);
  let started = performance.now();
  const state = stateOf(sizes, rng);
  log(
    `incident-links: ${sizes.declarations} declarations, ${sizes.messages} messages, ${sizes.parties} parties built in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const samples: number[] = [];
  let linked = 0;
  for (let i = 0; i < sizes.reports; i++) {
    const at = [uniform(rng, LON[0], LON[1]), uniform(rng, LAT[0], LAT[1])];
    const from = T0 + rng.int(WEEK - 240 * MINUTE);
    const report: IncidentReport = {
      id: `party-0/incident-${i}`,
      title: 'Bench',
      geometry: { type: 'Point', coordinates: at },
      radius_m: 5000,
      from: new Date(from).toISOString(),
      until: new Date(from + 240 * MINUTE).toISOString(),
      what: 'Bench.',
      visibility: ['*'],
    };
    const area = incidentArea(report, T0 + 2 * WEEK);
    if (!area.ok) throw new Error(`bench report invalid: ${JSON.stringify(area.problems)}`);
    started = performance.now();
    const found = findIncidentLinks(state, { reporter: 'party-0', area: area.area, visibility: ['*'] });
    samples.push(performance.now() - started);
    for (const told of found.values()) linked += told.links.length;
  }
  const ms = rounded(latency(samples), 1);
  const summary: SummaryRow[] = [
    {
      benchmark: 'incident-links',
      metric: `one report's links, ${sizes.declarations} declarations and ${sizes.messages} messages, p50`,
      value: ms.p50,
      unit: 'ms',
      against: `aim ≤ ${AIM_MS} ms`,
    },
    {
      benchmark: 'incident-links',
      metric: 'the same, max',
      value: ms.max,
      unit: 'ms',
      against: `aim ≤ ${AIM_MS} ms`,
    },
  ];
  const info = await machine();
  log(machineLine(info));
  log(summaryTable(summary));
  log(`links found per report (every party): ${(linked / sizes.reports).toFixed(1)}`);
  const result: BenchResult = {
    name: 'incident-links',
    quick: options.quick,
    machine: info,
    summary,
    sizes,
    milliseconds: ms,
    linksPerReport: linked / sizes.reports,
  };
  log(`saved ${saveResult(result)}`);
  return result;
}
