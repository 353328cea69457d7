// One party flooding another's roster with urgent requests over the limit, as fast as the hub
// answers, 32 at a time: how much the record grows (entries, and the data directory's bytes with the
// hub stopped so the WAL is folded in) for a given number of refused attempts, and what the
// recipient is shown of them.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runHub } from '../src/cli/run-hub.js';
import { OperatorSigner } from '../src/client/operator-signer.js';
import { accept, get, login, submit } from '../test/support/api.js';
import { BENCH_ORIGIN, benchAdmin, foundBenchHub } from './lib/hub-fixture.js';
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

async function flood(attempts: number) {
  const admin = benchAdmin();
  const blue = OperatorSigner.generate();
  const red = OperatorSigner.generate();
  const founded = await foundBenchHub(admin);
  try {
    let running = await runHub(founded.dir, { host: '127.0.0.1', port: 0 }, false);
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
    running = await runHub(founded.dir, { host: '127.0.0.1', port: 0 }, false);
    const sizeBefore = ((await get(running.url, '/healthz')).body as { size: number }).size;
    const started = performance.now();
    const statuses = new Map<number, number>();
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
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
    const seconds = (performance.now() - started) / 1000;
    const token = await login(running.url, BENCH_ORIGIN, red);
    const shown = (await get(running.url, '/v1/hotline/refused', token)).body;
    await running.stop();
    // Reopened and stopped: whatever the hub still had to write is in the record.
    running = await runHub(founded.dir, { host: '127.0.0.1', port: 0 }, false);
    const sizeAfter = ((await get(running.url, '/healthz')).body as { size: number }).size;
    await running.stop();
    return {
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
  const outcome = await flood(attempts);
  log(
    table(
      ['attempts', 'seconds', 'answers', 'record entries written', 'data dir growth (bytes)'],
      [
        [
          String(outcome.attempts),
          outcome.seconds.toFixed(1),
          JSON.stringify(outcome.statuses),
          String(outcome.entries),
          String(outcome.bytes),
        ],
      ],
    ),
  );
  log(`the recipient is shown: ${JSON.stringify(outcome.shown)}`);
  const result: BenchResult = {
    name: 'refusal-flood',
    quick: options.quick,
    machine: info,
    summary: [
      {
        benchmark: 'refusal-flood',
        metric: `record growth for ${formatNumber(attempts)} refused attempts`,
        value: outcome.bytes,
        unit: 'bytes',
        against: `${formatNumber(outcome.entries)} entries written`,
      },
    ],
    outcomes: [outcome],
  };
  log(`saved ${saveResult(result)}`);
  return result;
}
