// The clients of the admissions benchmark, run as a child process so that their CPU is not the hub's
// (on a small machine they still share the cores). Each operation is signed by the key of its own
// client party, with a fresh nonce. With the key known beforehand every command is signed before the
// timed phase; in the two-step mode a client first submits with no key, reads the conflicts from the
// 409, and signs again naming them, inside the timed phase, as a real client would.
import { createPrivateKey } from 'node:crypto';
import { Agent, request } from 'node:http';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import type { SignedCommand } from '../../src/hub/signed-command.js';
import { type Operation, operationBody } from './admission-workload.js';
import { type Latency, latency, rounded } from './report.js';

/** One new operation and the keys computed for it beforehand. */
export interface AdmissionSpec {
  /** Index of the client (party) whose key signs it. */
  client: number;
  operation: Operation;
  /** Every declaration it can conflict with: background ones, and new ones of other parties. */
  key: string[];
  /** The background declarations among them: what the live hub finds before any new one is admitted. */
  background: string[];
}

export type AdmissionMode = 'known-key' | 'two-step';

export type LoadRequest =
  | { type: 'start'; url: string; origin: string; pems: string[] }
  | { type: 'phase'; name: string; mode: AdmissionMode; concurrency: number; specs: AdmissionSpec[] }
  | { type: 'go' };

export interface LoadReport {
  name: string;
  mode: AdmissionMode;
  concurrency: number;
  operations: number;
  admitted: number;
  seconds: number;
  perSecond: number;
  /** First submit to the 201 that admitted it, per operation. */
  latencyMs: Latency;
  requests: number;
  /** 409 unacknowledged-conflicts answers, and the conflicts they listed on average. */
  answered409: number;
  meanConflictsIn409: number;
  /** Mean size of the key in the command that was admitted. */
  meanKeySize: number;
  signingMs: number;
  /** Cores the load process kept busy during the phase. */
  coresBusy: number;
  failures: { id: string; status: number; body: string }[];
}

export type LoadMessage = { type: 'ready'; name: string } | { type: 'done'; report: LoadReport };

interface Answer {
  status: number;
  body: string;
}

function post(agent: Agent, url: URL, body: string): Promise<Answer> {
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
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The declarations a 409 names: the other side of every conflict it lists. */
function conflictsIn(body: string): { declaration: string; version: number }[] {
  const problem = JSON.parse(body) as {
    type?: string;
    conflicts?: { declarations: { id: string; version: number }[] }[];
  };
  if (!problem.type?.endsWith('/unacknowledged-conflicts') || !problem.conflicts) return [];
  return problem.conflicts.map((c) => {
    const against = c.declarations[1] as { id: string; version: number };
    return { declaration: against.id, version: against.version };
  });
}

let url: URL;
let origin: string;
let signers: OperatorSigner[] = [];

function signed(spec: AdmissionSpec, key: { declaration: string; version: number }[]): SignedCommand {
  return (signers[spec.client] as OperatorSigner).command(origin, 'declaration.submit', {
    declaration: operationBody(spec.operation),
    known_conflicts: key,
  });
}

async function runPhase(
  phase: Extract<LoadRequest, { type: 'phase' }>,
  bodies: string[] | null,
  go: Promise<void>,
): Promise<LoadReport> {
  const agent = new Agent({ keepAlive: true, maxSockets: phase.concurrency });
  const latencies = new Float64Array(phase.specs.length);
  const failures: LoadReport['failures'] = [];
  let requests = 0;
  let answered409 = 0;
  let conflictsListed = 0;
  let keySizes = 0;
  let admitted = 0;
  let signingMs = 0;
  let next = 0;
  await go;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const client = async (): Promise<void> => {
    while (next < phase.specs.length) {
      const i = next++;
      const spec = phase.specs[i] as AdmissionSpec;
      const sent = performance.now();
      if (bodies) {
        requests++;
        const answer = await post(agent, url, bodies[i] as string);
        if (answer.status === 201) {
          admitted++;
          keySizes += spec.key.length;
        } else
          failures.push({ id: spec.operation.id, status: answer.status, body: answer.body.slice(0, 500) });
      } else {
        let key: { declaration: string; version: number }[] = [];
        for (let attempt = 0; ; attempt++) {
          const t = performance.now();
          const body = JSON.stringify(signed(spec, key));
          signingMs += performance.now() - t;
          requests++;
          const answer = await post(agent, url, body);
          if (answer.status === 201) {
            admitted++;
            keySizes += key.length;
            break;
          }
          const listed = answer.status === 409 ? conflictsIn(answer.body) : [];
          if (listed.length === 0 || attempt === 5) {
            failures.push({ id: spec.operation.id, status: answer.status, body: answer.body.slice(0, 500) });
            break;
          }
          answered409++;
          conflictsListed += listed.length;
          key = listed;
        }
      }
      latencies[i] = performance.now() - sent;
    }
  };
  await Promise.all(Array.from({ length: phase.concurrency }, client));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  agent.destroy();
  return {
    name: phase.name,
    mode: phase.mode,
    concurrency: phase.concurrency,
    operations: phase.specs.length,
    admitted,
    seconds,
    perSecond: admitted / seconds,
    latencyMs: rounded(latency(latencies)),
    requests,
    answered409,
    meanConflictsIn409: answered409 ? conflictsListed / answered409 : 0,
    meanKeySize: admitted ? keySizes / admitted : 0,
    signingMs,
    coresBusy: (used.user + used.system) / 1e6 / seconds,
    failures: failures.slice(0, 20),
  };
}

const send = (message: LoadMessage) => process.send?.(message);
let release: () => void = () => {};

async function handle(message: LoadRequest): Promise<void> {
  if (message.type === 'start') {
    url = new URL(message.url);
    origin = message.origin;
    signers = message.pems.map((pem) => new OperatorSigner(createPrivateKey(pem)));
    return;
  }
  if (message.type === 'go') {
    release();
    return;
  }
  // Known keys: every command signed now, before the phase is timed.
  const bodies =
    message.mode === 'known-key'
      ? message.specs.map((spec) =>
          JSON.stringify(
            signed(
              spec,
              spec.key.map((declaration) => ({ declaration, version: 1 })),
            ),
          ),
        )
      : null;
  const go = new Promise<void>((resolve) => {
    release = resolve;
  });
  const report = runPhase(message, bodies, go);
  send({ type: 'ready', name: message.name });
  send({ type: 'done', report: await report });
}

process.on('message', (message: LoadRequest) => {
  handle(message).catch((error: Error) => {
    console.error(`admission load: ${error.stack ?? error.message}`);
    process.exit(1);
  });
});
