// The 503s of a hub that cannot take a command now: its store failed (a restart is needed), it lost
// the writer's lease, or it follows and no hub holds the lease. Where another hub will be the writer
// within the lease's time, the answer says when to try again.
import { LeaseLost } from '../store/store.js';
import { Problem } from './problem.js';
import { WRITER_LEASE_TTL_MS } from './writer-lease-keeper.js';

const RETRY_AFTER_S = Math.ceil(WRITER_LEASE_TTL_MS / 1000);

/** Why a writer that failed writes nothing more. */
export function writerFailed(failure: Error | null): Problem {
  if (!(failure instanceof LeaseLost))
    return new Problem(503, 'unavailable', 'The hub cannot write its record', 'restart the hub');
  // By then the hub that took over, if any, is the writer.
  return new Problem(
    503,
    'unavailable',
    'This hub is no longer the writer',
    `${failure.message}: try again in ${RETRY_AFTER_S} s, at the hub that holds the writer's lease`,
    [],
    { retry_after_s: RETRY_AFTER_S },
  );
}

/** A follower with no writer to pass a command on to: one will be within the lease's time. */
export function noWriter(detail = 'no hub holds the writer\u2019s lease'): Problem {
  return new Problem(
    503,
    'unavailable',
    'No hub is the writer now',
    `${detail}: try again in ${RETRY_AFTER_S} s`,
    [],
    { retry_after_s: RETRY_AFTER_S },
  );
}
