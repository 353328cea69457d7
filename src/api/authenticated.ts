import type { FastifyReply, FastifyRequest } from 'fastify';
import { Problem } from '../hub/problem.js';
import type { Operator } from '../hub/state.js';
import type { RecordReaders } from './record-readers.js';
import type { Sessions } from './sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    operator: Operator | null;
  }
}

export const BEARER_SECURITY = [{ bearer: [] }];
/** The record's public face: no token, or one (required when the hub names its readers). */
export const READER_SECURITY: Record<string, string[]>[] = [{}, { bearer: [] }];

/** A preHandler that admits only requests with a live session token. */
export function requireSession(sessions: Sessions) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearerToken(request);
    const operator = token ? await sessions.operator(token) : null;
    if (!operator) {
      throw new Problem(401, 'unauthenticated', 'Sign in first', 'a valid session token is required', [
        {
          field: 'header:authorization',
          reason: token ? 'unknown or expired session' : 'missing bearer token',
        },
      ]);
    }
    request.operator = operator;
  };
}

/** The session token a request carries in its Authorization header, if it is one. */
export function bearerToken(request: FastifyRequest): string | undefined {
  return /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(request.headers.authorization ?? '')?.[1];
}

export function sessionOperator(request: FastifyRequest): Operator {
  if (!request.operator) throw new Error('route is missing requireSession');
  return request.operator;
}

/**
 * A preHandler for the record's public face: anyone, unless the hub names the keys that may read
 * it; then a reader's token or a party's session. A token presented must be valid either way.
 */
export function recordReader(sessions: Sessions, readers: RecordReaders) {
  const signedIn = requireSession(sessions);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const token = bearerToken(request);
    if (token && readers.holds(token)) return;
    if (request.headers.authorization === undefined && !readers.restricted) return;
    try {
      await signedIn(request, reply);
    } catch (error) {
      if (!(error instanceof Problem) || !readers.restricted || token) throw error;
      throw new Problem(
        401,
        'unauthenticated',
        'Sign in first',
        'this hub lets only named keys read its record',
        [
          {
            field: 'header:authorization',
            reason:
              'missing bearer token: sign a challenge from POST /v1/record/readers/challenge at POST /v1/record/readers/sessions, or sign in as an operator',
          },
        ],
      );
    }
  };
}
