// The cost of witnessing on the command path: signed commands per second and their latency over
// HTTP, 16 in flight, on a hub with no witnesses, with one (quorum 1) and with three (quorum 2),
// each witness a real `deconflict witness` in its own process. The three hubs run side by side and
// take turns, round after round in alternating order (A B C, C B A, …), so that a change in the
// machine's load falls on all of them; each round records the cores busy on the whole machine, and
// how far the cosigned checkpoint trailed the newest when the round's last command was answered.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningHub, runHub } from '../src/cli/run-hub.js';
import { noteVerifier, openCheckpoint } from '../src/record/index.js';
import { accept, get, submit } from '../test/support/api.js';
import { startWitnessProcess } from '../test/support/witness.js';
import { BENCH_ORIGIN, benchAdmin, foundBenchHub, LIFTED_COMMAND_LIMITS } from './lib/hub-fixture.js';
import { cpuTimes, machineCoresBusy } from './lib/machine-load.js';
import {
  type BenchResult,
  formatNumber,
  latency,
  log,
  machine,
  machineLine,
  rounded,
  saveResult,
  table,
} from './lib/report.js';

const IN_FLIGHT = 16;

type ChildWitness = Awaited<ReturnType<typeof startWitnessProcess>> & { name: string; dir: string };

/** `deconflict witness` in its own process, for the hub's key, over a fresh directory. */
async function startWitness(name: string, logKey: string): Promise<ChildWitness> {
  const dir = mkdtempSync(join(tmpdir(), 'deconflict-bench-witness-'));
  try {
    const child = await startWitnessProcess(['--data', dir, '--name', name, '--log', logKey]);
    return { ...child, name, dir };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

interface Setup {
  label: string;
  running: RunningHub;
  vkey: string;
  remove(): void;
  witnesses: ChildWitness[];
}

async function tearDown(setup: Pick<Setup, 'running' | 'witnesses' | 'remove'>): Promise<void> {
  await setup.running.stop();
  for (const witness of setup.witnesses) {
    await witness.stop();
    rmSync(witness.dir, { recursive: true, force: true });
  }
  setup.remove();
}

async function setUp(label: string, witnessCount: number, quorum: number): Promise<Setup> {
  const admin = benchAdmin();
  const founded = await foundBenchHub(admin);
  const running = await runHub(founded.dir, { host: '127.0.0.1', port: 0 }, false, {}, LIFTED_COMMAND_LIMITS);
  const vkey = (await get(running.url, '/v1/record/key')).text.trim();
  const witnesses: ChildWitness[] = [];
  try {
    for (let i = 0; i < witnessCount; i++)
      witnesses.push(await startWitness(`bench-witness-${label}-${i}`, vkey));
  } catch (error) {
    await tearDown({ running, witnesses, remove: founded.remove });
    throw error;
  }
  if (witnessCount > 0) {
    // The hub's own party is the only one: its administrator's proposal is in force at once.
    await accept(running.url, BENCH_ORIGIN, admin.signer, 'witnesses.propose', {
      proposal: {
        id: 'hub/bench',
        witnesses: witnesses.map(({ name, verifierKey, url }) => ({ name, key: verifierKey, url })),
        quorum,
      },
    });
  }
  let n = 0;
  const setup: Setup & { send(): Promise<void> } = {
    label,
    running,
    vkey,
    witnesses,
    remove: founded.remove,
    async send() {
      const reply = await submit(running.url, BENCH_ORIGIN, admin.signer, 'operator.add', {
        operator: { id: `hub.op${n++}`, name: 'op', public_key: benchAdmin().signer.publicKey },
        role: 'viewer',
      });
      if (reply.status !== 201) throw new Error(`refused: ${reply.text}`);
    },
  };
  return setup;
}

async function round(setup: Setup & { send(): Promise<void> }, commands: number) {
  const samples: number[] = [];
  let next = 0;
  const load = cpuTimes();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next++ < commands) {
        const t = performance.now();
        await setup.send();
        samples.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const coresBusy = machineCoresBusy(load);
  const newest = openCheckpoint(setup.running.hub.checkpoint(), [noteVerifier(setup.vkey)]).size;
  const cosigned = (await setup.running.hub.store.latestCosignedCheckpoint())?.size ?? 0;
  await setup.running.witnessing?.settled();
  return {
    perSecond: commands / seconds,
    samples,
    coresBusy,
    trailingEntries: setup.witnesses.length ? newest - cosigned : null,
  };
}

export async function run(options: { quick: boolean }): Promise<BenchResult> {
  const info = await machine();
  const commands = options.quick ? 500 : 3_000;
  const repeats = options.quick ? 4 : 8;
  log(
    `# witnessing: ${formatNumber(commands)} signed commands a round over HTTP, ${IN_FLIGHT} in flight, ${repeats} rounds each`,
  );
  log(machineLine(info));
  const setups: (Setup & { send(): Promise<void> })[] = [];
  const rounds: {
    repeat: number;
    setup: string;
    perSecond: number;
    coresBusy: number | null;
    trailingEntries: number | null;
    p50: number;
    p99: number;
  }[] = [];
  const samples = new Map<string, number[]>(setups.map((s) => [s.label, []]));
  try {
    for (const [label, witnessCount, quorum] of [
      ['none', 0, 0],
      ['one', 1, 1],
      ['three', 3, 2],
    ] as const)
      setups.push((await setUp(label, witnessCount, quorum)) as Setup & { send(): Promise<void> });
    for (const setup of setups) await round(setup, Math.min(100, commands)); // warm-up, not counted
    for (let r = 0; r < repeats; r++) {
      const order = r % 2 === 0 ? setups : [...setups].reverse();
      for (const setup of order) {
        const outcome = await round(setup, commands);
        samples.get(setup.label)?.push(...outcome.samples);
        const l = latency(outcome.samples);
        rounds.push({
          repeat: r,
          setup: setup.label,
          perSecond: Math.round(outcome.perSecond),
          coresBusy: outcome.coresBusy === null ? null : Math.round(outcome.coresBusy * 100) / 100,
          trailingEntries: outcome.trailingEntries,
          p50: Math.round(l.p50 * 100) / 100,
          p99: Math.round(l.p99 * 100) / 100,
        });
      }
    }
  } finally {
    for (const setup of setups) await tearDown(setup);
  }
  const bySetup = setups.map((setup) => {
    const own = rounds.filter((r) => r.setup === setup.label);
    const rates = own.map((r) => r.perSecond).sort((a, b) => a - b);
    // Against the hub without witnesses in the same repeat, next to it in time: the machine's load
    // drifts between repeats far more than within one.
    const ratios = own
      .map(
        (r) =>
          r.perSecond / (rounds.find((o) => o.repeat === r.repeat && o.setup === 'none')?.perSecond ?? 1),
      )
      .sort((a, b) => a - b);
    return {
      setup: setup.label,
      witnesses: setup.witnesses.length,
      medianPerSecond: rates[Math.floor(rates.length / 2)] ?? 0,
      medianRatioToNone: Math.round((ratios[Math.floor(ratios.length / 2)] ?? 0) * 100) / 100,
      latencyMs: rounded(latency(samples.get(setup.label) ?? [])),
    };
  });
  log(
    table(
      ['witnesses', 'median cmd/s', 'median ratio to none in the same repeat', 'p50 ms', 'p99 ms'],
      bySetup.map((s) => [
        s.setup,
        formatNumber(s.medianPerSecond),
        formatNumber(s.medianRatioToNone),
        formatNumber(s.latencyMs.p50),
        formatNumber(s.latencyMs.p99),
      ]),
    ),
  );
  const none = bySetup[0] as (typeof bySetup)[number];
  const result: BenchResult = {
    name: 'witnessing',
    quick: options.quick,
    machine: info,
    summary: bySetup.slice(1).map((s) => ({
      benchmark: 'witnessing',
      metric: `signed commands/s over HTTP with ${s.witnesses} witness${s.witnesses === 1 ? '' : 'es'}`,
      value: s.medianPerSecond,
      unit: 'cmd/s',
      against: `${formatNumber(none.medianPerSecond)}/s with none (×${formatNumber(s.medianRatioToNone)} of it in the same repeat, median); p99 ${formatNumber(s.latencyMs.p99)} ms vs ${formatNumber(none.latencyMs.p99)} ms`,
    })),
    setups: bySetup,
    rounds,
  };
  log(`saved ${saveResult(result)}`);
  return result;
}
