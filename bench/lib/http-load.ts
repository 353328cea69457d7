// The load generator for the HTTP benchmark, run as a child process so that its CPU is not the
// hub's process (on a small machine it still shares the cores). Signs everything before timing,
// then keeps `concurrency` requests outstanding over keep-alive connections.
import { Agent, request } from 'node:http';
import { type Latency, latency, rounded } from './report.js';
import { SignPool } from './sign-pool.js';

export interface HttpLoadRequest {
  type: 'start';
  url: string;
  adminPem: string;
  origin: string;
  warmup: number;
  phases: { concurrency: number; count: number }[];
}

export interface HttpLoadReport {
  concurrency: number;
  done: number;
  seconds: number;
  perSecond: number;
  latencyMs: Latency;
}

export type HttpLoadMessage =
  | { type: 'phase-start'; concurrency: number }
  | { type: 'phase-done'; report: HttpLoadReport };

function post(agent: Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/v1/commands',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (res.statusCode !== 201) text += chunk;
        });
        res.on('end', () =>
          res.statusCode === 201
            ? resolve(res.statusCode)
            : reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 300)}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function load(url: URL, bodies: readonly string[], concurrency: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = new Float64Array(bodies.length);
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < bodies.length) {
      const i = next++;
      const sent = performance.now();
      await post(agent, url, bodies[i] as string);
      latencies[i] = performance.now() - sent;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    done: bodies.length,
    seconds,
    perSecond: bodies.length / seconds,
    latencyMs: rounded(latency(latencies)),
  };
}

function waitFor(type: string): Promise<void> {
  return new Promise((resolve) => {
    const listener = (message: { type: string }) => {
      if (message.type !== type) return;
      process.off('message', listener);
      resolve();
    };
    process.on('message', listener);
  });
}

async function main(job: HttpLoadRequest): Promise<void> {
  const url = new URL(job.url);
  const total = job.warmup + job.phases.reduce((sum, phase) => sum + phase.count, 0);
  const pool = new SignPool();
  // Ids far from the in-process runs' so the two can never be confused in a shared log.
  const signed = await pool.operatorAdds(
    { adminPem: job.adminPem, origin: job.origin, time: Date.now() },
    1_000_000,
    total,
  );
  await pool.close();
  const bodies = signed.map((command) => JSON.stringify(command));
  await load(url, bodies.slice(0, job.warmup), 64);
  let at = job.warmup;
  for (const phase of job.phases) {
    const send = (message: HttpLoadMessage) => process.send?.(message);
    const go = waitFor('go');
    send({ type: 'phase-start', concurrency: phase.concurrency });
    await go;
    const result = await load(url, bodies.slice(at, at + phase.count), phase.concurrency);
    at += phase.count;
    send({ type: 'phase-done', report: { concurrency: phase.concurrency, ...result } });
  }
}

process.once('message', (job: HttpLoadRequest) => {
  main(job).then(
    () => process.disconnect?.(),
    (error: Error) => {
      console.error(`load generator: ${error.stack ?? error.message}`);
      process.exit(1);
    },
  );
});
