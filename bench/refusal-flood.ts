// One party flooding another's roster with urgent requests over the limit, as fast as the hub
// answers, 32 at a time: how much the record grows (entries, and the data directory's bytes with the
// hub stopped so the WAL is folded in) for a given number of refused attempts, and what the
// recipient is shown of them; with the hub's default rate of commands, and with it lifted so that
// every attempt reaches the writer (as from a party with many operators).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type AccessLimits, DEFAULT_ACCESS_LIMITS } from '../src/api/access-limits.js';
import { runHub } from '../src/cli/run-hub.js';
import { OperatorSigner } from '../src/client/operator-signer.js';
import { accept, get, login, submit } from '../test/support/api.js';
import { BENCH_ORIGIN, benchAdmin, foundBenchHub, LIFTED_COMMAND_LIMITS } from './lib/hub-fixture.js';
import {
  type BenchResult,
  formatNumber,
  log,
  machine,
  machineLine,
  saveResult,
  table,
} from './lib/report.js';

const IN_FLIGHT = 32;

function directoryBytes(path: string): number {
  return readdirSync(path).reduce((sum, name) => sum + statSync(join(path, name)).size, 0);
}

async function flood(attempts: number, commandRate: 'default' | 'lifted') {
  const limits: AccessLimits = commandRate === 'default' ? DEFAULT_ACCESS_LIMITS : LIFTED_COMMAND_LIMITS;
  const admin = benchAdmin();
  const blue = OperatorSigner.generate();
  const red = OperatorSigner.generate();
  const founded = await foundBenchHub(admin);
  try {
    let running = await runHub(founded.dir, { host: '127.0.0.1', port: 0 }, false, {}, limits);
    for (const [party, signer] of [
      ['blue', blue],
      ['red', red],
    ] as const) {
      await accept(running.url, BENCH_ORIGIN, admin.signer, 'party.create', {
        party: { id: party, name: party },
        administrator: { id: `${party}.admin`, name: party, public_key: signer.publicKey },
      });
    }
    await accept(running.url, BENCH_ORIGIN, red, 'roster.set', {
      roster: { duty: 'air', members: [{ operator: 'red.admin', shifts: [] }], chief: 'red.admin' },
    });
    await running.stop();
    const bytesBefore = directoryBytes(founded.dir.path);
    running = await runHub(founded.dir, { host: '127.0.0.1', port: 0 }, false, {}, limits);
    const sizeBefore = ((await get(running.url, '/healthz')).body as { size: number }).size;
    const started = performance.now();
    const statuses = new Map<string, number>();
    let next = 0;
    const sender = async () => {
      while (next < attempts) {
        const i = next++;
        const reply = await submit(running.url, BENCH_ORIGIN, blue, 'message.send', {
          message: {
            id: `blue/flood-${i}`,
            kind: 'urgent-request',
            action: 'stop',
            recipients: [{ party: 'red', duty: 'air' }],
            text: `Stop ${i}.`,
          },
        });
        // By status and problem: refused at the door (too-many-requests) or by the writer.
        const problem = (reply.body as { type?: string }).type?.split('/').pop();
        const answer = problem ? `${reply.status} ${problem}` : String(reply.status);
        statuses.set(answer, (statuses.get(answer) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
    const seconds = (performance.now() - started) / 1000;
    const token = await login(running.url, BENCH_ORIGIN, red);
    const shown = (await get(running.url, '/v1/hotline/refused', token)).body;
    await running.stop();
    // Reopened and stopped: whatever the hub still had to write is in the record.
    running = await runHub(founded.dir, { host: '127.0.0.1', port: 0 }, false, {}, limits);
    const sizeAfter = ((await get(running.url, '/healthz')).body as { size: number }).size;
    await running.stop();
    return {
      commandRate,
      attempts,
      seconds,
      statuses: Object.fromEntries(statuses),
      entries: sizeAfter - sizeBefore,
      bytes: directoryBytes(founded.dir.path) - bytesBefore,
      shown,
    };
  } finally {
    founded.remove();
  }
}

export async function run(options: { quick: boolean }): Promise<BenchResult> {
  const info = await machine();
  const attempts = options.quick ? 2_000 : 20_000;
  log(`# refusal-flood: one party sends ${formatNumber(attempts)} urgent requests to one roster`);
  log(machineLine(info));
  const outcomes = [await flood(attempts, 'default'), await flood(attempts, 'lifted')];
  log(
    table(
      ['command rate', 'attempts', 'seconds', 'answers', 'record entries written', 'data dir growth (bytes)'],
      outcomes.map((outcome) => [
        outcome.commandRate,
        String(outcome.attempts),
        outcome.seconds.toFixed(1),
        JSON.stringify(outcome.statuses),
        String(outcome.entries),
        String(outcome.bytes),
      ]),
    ),
  );
  for (const outcome of outcomes)
    log(`the recipient is shown (${outcome.commandRate} command rate): ${JSON.stringify(outcome.shown)}`);
  const outcome = outcomes[1] as (typeof outcomes)[number];
  const result: BenchResult = {
    name: 'refusal-flood',
    quick: options.quick,
    machine: info,
    summary: [
      {
        benchmark: 'refusal-flood',
        metric: `record growth for ${formatNumber(attempts)} refused attempts reaching the writer`,
        value: outcome.bytes,
        unit: 'bytes',
        against: `${formatNumber(outcome.entries)} entries written`,
      },
    ],
    outcomes,
  };
  log(`saved ${saveResult(result)}`);
  return result;
}
