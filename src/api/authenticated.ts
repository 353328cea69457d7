import type { FastifyReply, FastifyRequest } from 'fastify';
import { Problem } from '../hub/problem.js';
import type { Operator } from '../hub/state.js';
import type { Sessions } from './sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    operator: Operator | null;
  }
}

export const BEARER_SECURITY = [{ bearer: [] }];

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
