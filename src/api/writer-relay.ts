// A follower passes a signed command on to the hub that writes, as named by the writer's lease,
// and gives its client the writer's answer: the accepted entry, or the writer's problem as it is.
import type { Accepted } from '../hub/hub.js';
import { noWriter } from '../hub/hub.js';
import { Problem } from '../hub/problem.js';
import type { SignedCommand } from '../hub/signed-command.js';
import type { WriterLeaseStore } from '../store/store.js';
import { PROBLEM_BASE } from './problem-response.js';

/** How long a follower waits for the writer's answer before telling its client to try again. */
export const RELAY_TIMEOUT_MS = 15_000;

/** `self` is this hub's holder name: a lease it still holds while it follows names no writer. */
export function writerRelay(
  leases: Pick<WriterLeaseStore, 'writerLease'>,
  self: string,
  timeoutMs = RELAY_TIMEOUT_MS,
): (signed: SignedCommand) => Promise<Accepted> {
  return async (signed) => {
    const lease = await leases.writerLease();
    if (!lease?.address || lease.holder === self) throw noWriter();
    let response: Response;
    try {
      response = await fetch(new URL('/v1/commands', lease.address), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(signed),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw noWriter(`the writer at ${lease.address} did not answer (${(error as Error).message})`);
    }
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (response.status === 201 && body) return body as unknown as Accepted;
    if (!body || typeof body.title !== 'string')
      throw noWriter(`the writer at ${lease.address} answered ${response.status} without a problem`);
    return Promise.reject(relayedProblem(response.status, body));
  };
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
