// A follower passes a signed command on to the hub that writes, as named by the writer's lease,
// and gives its client the writer's answer: the accepted entry, or the writer's problem as it is.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { Accepted } from '../hub/hub.js';
import { Problem } from '../hub/problem.js';
import type { SignedCommand } from '../hub/signed-command.js';
import { noWriter } from '../hub/writer-unavailable.js';
import type { WriterLeaseStore } from '../store/store.js';
import { PROBLEM_BASE } from './problem-response.js';

/** How long a follower waits for the writer's answer before telling its client to try again. */
export const RELAY_TIMEOUT_MS = 15_000;

export interface RelayOptions {
  timeoutMs?: number;
  /**
   * The CA (PEM) that issued the hubs' certificates, trusted beside the system's own for a writer
   * served over HTTPS. A writer whose certificate nobody trusted issued is not answered to.
   */
  hubsCa?: Buffer;
}

/** `self` is this hub's holder name: a lease it still holds while it follows names no writer. */
export function writerRelay(
  leases: Pick<WriterLeaseStore, 'writerLease'>,
  self: string,
  options: RelayOptions = {},
): (signed: SignedCommand) => Promise<Accepted> {
  const timeoutMs = options.timeoutMs ?? RELAY_TIMEOUT_MS;
  // Kept-alive connections: a follower under load passes many commands on to one writer.
  const plain = new HttpAgent({ keepAlive: true });
  const secure = new HttpsAgent({
    keepAlive: true,
    ...(options.hubsCa ? { ca: [...rootCertificates, options.hubsCa.toString('utf8')] } : {}),
  });
  return async (signed) => {
    const lease = await leases.writerLease();
    if (!lease?.address || lease.holder === self) throw noWriter();
    const url = new URL('/v1/commands', lease.address);
    let answer: { status: number; body: Record<string, unknown> | null };
    try {
      answer = await postJson(
        url,
        JSON.stringify(signed),
        url.protocol === 'https:' ? secure : plain,
        timeoutMs,
      );
    } catch (error) {
      throw noWriter(`the writer at ${lease.address} did not answer (${(error as Error).message})`);
    }
    const { status, body } = answer;
    if (status === 201 && body) return body as unknown as Accepted;
    if (!body || typeof body.title !== 'string')
      throw noWriter(`the writer at ${lease.address} answered ${status} without a problem`);
    return Promise.reject(relayedProblem(status, body));
  };
}

/** POSTs JSON and reads the answer as JSON (null if it is not). */
function postJson(
  url: URL,
  body: string,
  agent: HttpAgent,
  timeoutMs: number,
): Promise<{ status: number; body: Record<string, unknown> | null }> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          let parsed: Record<string, unknown> | null = null;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          } catch {}
          resolve({ status: response.statusCode ?? 0, body: parsed });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** The writer's refusal as a Problem the follower sends on unchanged. */
function relayedProblem(status: number, body: Record<string, unknown>): Problem {
  const { type, title, status: _status, detail, instance: _instance, errors, ...extensions } = body;
  return new Problem(
    status,
    String(type ?? '').replace(PROBLEM_BASE, ''),
    String(title),
    String(detail ?? ''),
    Array.isArray(errors) ? (errors as never) : [],
    extensions,
  );
}
