// How long the hotline is without a writer when the writer's machine dies: two hubs (copies of one
// data directory, each `deconflict serve` in its own process) on one PostgreSQL database, a client
// sending a signed command every 100 ms to the follower. The writer is killed with SIGKILL; the
// round measures the time until the follower says it writes (/healthz) and until a command sent
// after the kill is accepted. The killed hub is started again and follows, and the next round kills
// whichever hub writes. Bounded by the lease (10 s unless renewed every 3 s); aim: within 10 s.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OperatorSigner } from '../src/client/operator-signer.js';
import { WRITER_LEASE_RENEW_MS, WRITER_LEASE_TTL_MS } from '../src/hub/writer-lease-keeper.js';
import { get, postCommand } from '../test/support/api.js';
import { runCli, ServeProcess } from '../test/support/cli.js';
import { startPostgres } from '../test/support/postgis.js';
import { cpuTimes, machineCoresBusy } from './lib/machine-load.js';
import { type BenchResult, log, machine, machineLine, saveResult, table } from './lib/report.js';

const ORIGIN = 'takeover.bench.deconflict/hub';
const SEND_EVERY_MS = 100;
const AIM_MS = 10_000;

interface Round {
  /** SIGKILL to the follower's /healthz saying "writer". */
  writerMs: number;
  /** SIGKILL to the first acceptance of a command sent after it. */
  acceptedMs: number;
  /** Cores busy on the whole machine during the round. */
  machineCoresBusy: number | null;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
};

const role = async (hub: ServeProcess) =>
  ((await get(hub.url, '/healthz').catch(() => null))?.body as { role?: string } | undefined)?.role;

export async function run(options: { quick: boolean }): Promise<BenchResult> {
  const info = await machine();
  const repeats = options.quick ? 2 : 5;
  log(`# takeover: SIGKILL of the writer, ${repeats} rounds, two hubs on one PostgreSQL database`);
  log(machineLine(info));
  const server = await startPostgres();
  const temp = mkdtempSync(join(tmpdir(), 'deconflict-bench-takeover-'));
  const admin = OperatorSigner.generate();
  const hubs: ServeProcess[] = [];
  const rounds: Round[] = [];
  try {
    await server.query('CREATE DATABASE hub');
    const url = server.url({ database: 'hub' });
    const dirs = [join(temp, 'a'), join(temp, 'b')] as const;
    const founded = await runCli([
      ...['init', '--data', dirs[0], '--origin', ORIGIN, '--admin-public-key', admin.publicKey],
      ...['--store', url],
    ]);
    if (founded.code !== 0) throw new Error(`init failed: ${founded.stderr}`);
    cpSync(dirs[0], dirs[1], { recursive: true });
    const serve = (dir: string) => ServeProcess.start(dir, ['--store', url]);
    hubs.push(await serve(dirs[0]), await serve(dirs[1]));
    let sent = 0;
    for (let round = 0; round < repeats; round++) {
      const writerAt = (await role(hubs[0] as ServeProcess)) === 'writer' ? 0 : 1;
      const writer = hubs[writerAt] as ServeProcess;
      const follower = hubs[1 - writerAt] as ServeProcess;
      // A few renewals in, so that the kill falls anywhere in the renewal period.
      await new Promise((resolve) => setTimeout(resolve, WRITER_LEASE_RENEW_MS * (1 + Math.random())));
      const load = cpuTimes();
      writer.kill('SIGKILL');
      const killedAt = performance.now();
      let writerMs = 0;
      let acceptedMs = 0;
      while (writerMs === 0 || acceptedMs === 0) {
        const at = performance.now();
        const [answer, now] = await Promise.all([
          acceptedMs === 0
            ? postCommand(
                follower.url,
                admin.command(ORIGIN, 'operator.add', {
                  operator: {
                    id: `hub.bench-${sent++}`,
                    name: 'bench',
                    public_key: OperatorSigner.generate().publicKey,
                  },
                  role: 'viewer',
                }),
              ).catch(() => null)
            : null,
          writerMs === 0 ? role(follower) : null,
        ]);
        if (answer?.status === 201 && acceptedMs === 0) acceptedMs = performance.now() - killedAt;
        if (now === 'writer' && writerMs === 0) writerMs = performance.now() - killedAt;
        if (performance.now() - killedAt > 6 * WRITER_LEASE_TTL_MS)
          throw new Error('no takeover within 60 s');
        await new Promise((resolve) =>
          setTimeout(resolve, Math.max(0, SEND_EVERY_MS - (performance.now() - at))),
        );
      }
      const busy = machineCoresBusy(load);
      rounds.push({
        writerMs: Math.round(writerMs),
        acceptedMs: Math.round(acceptedMs),
        machineCoresBusy: busy === null ? null : Math.round(busy * 100) / 100,
      });
      log(
        `  round ${round + 1}: writer after ${rounds.at(-1)?.writerMs} ms, accepting after ${rounds.at(-1)?.acceptedMs} ms`,
      );
      // The killed hub comes back, and follows.
      hubs[writerAt] = await serve(dirs[writerAt]);
    }
  } finally {
    for (const hub of hubs) await hub.stop().catch(() => {});
    await server.stop();
    rmSync(temp, { recursive: true, force: true });
  }
  const medianWriterMs = median(rounds.map((r) => r.writerMs));
  const medianAcceptedMs = median(rounds.map((r) => r.acceptedMs));
  log(
    table(
      ['round', 'writer (ms)', 'accepting (ms)', 'machine cores busy'],
      rounds.map((r, i) => [
        String(i + 1),
        String(r.writerMs),
        String(r.acceptedMs),
        String(r.machineCoresBusy),
      ]),
    ),
  );
  const result: BenchResult = {
    name: 'takeover',
    quick: options.quick,
    machine: info,
    leaseTtlMs: WRITER_LEASE_TTL_MS,
    leaseRenewMs: WRITER_LEASE_RENEW_MS,
    rounds,
    medianWriterMs,
    medianAcceptedMs,
    summary: [
      {
        benchmark: 'takeover',
        metric: 'commands accepted again after a SIGKILL of the writer (median)',
        value: medianAcceptedMs,
        unit: 'ms',
        against: `aim ${AIM_MS} ms; lease ${WRITER_LEASE_TTL_MS} ms renewed every ${WRITER_LEASE_RENEW_MS} ms`,
      },
    ],
  };
  log(`saved ${saveResult(result)}`);
  return result;
}
