import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type FieldProblem, Problem } from '../hub/problem.js';

export const PROBLEM_BASE = 'https://deconflict.dev/problems/';

/** RFC 9457 body for a Problem. */
export function problemBody(problem: Problem, instance: string) {
  return {
    type: `${PROBLEM_BASE}${problem.type}`,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    instance,
    ...(problem.errors.length > 0 ? { errors: problem.errors } : {}),
    ...problem.extensions,
  };
}

/**
 * A refusal of too much at once (429 for what one client asks, 503 for what the hub as a whole can
 * take), saying when to come back: in the body, and as Retry-After where clients and proxies look.
 */
export function retryLater(
  status: 429 | 503,
  title: string,
  reason: string,
  field: string,
  retryAfterSeconds: number,
): Problem {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new Problem(
    status,
    status === 429 ? 'too-many-requests' : 'unavailable',
    title,
    `${reason}: try again in ${seconds} s`,
    [{ field, reason }],
    { retry_after_s: seconds },
  );
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: Problem): FastifyReply {
  // A refusal that ends with time says when, in the header clients and proxies already read.
  const { retry_after_s: retryAfterS } = problem.extensions;
  if (typeof retryAfterS === 'number') reply.header('retry-after', String(retryAfterS));
  return reply.code(problem.status).type('application/problem+json').send(problemBody(problem, request.url));
}

interface AjvIssue {
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Turns a framework error (schema, JSON syntax, size) into a Problem naming the field. */
export function problemFromFrameworkError(error: FastifyError): Problem {
  if (error.validation) {
    const where = error.validationContext ?? 'body';
    const errors: FieldProblem[] = (error.validation as AjvIssue[]).slice(0, 20).map((issue) => {
      const extra = issue.params.additionalProperty ?? issue.params.missingProperty;
      const pointer = extra === undefined ? issue.instancePath : `${issue.instancePath}/${String(extra)}`;
      const field = where === 'body' ? pointer || '/' : `${where}:${pointer.replace(/^\//, '') || '(all)'}`;
      const reason =
        issue.params.additionalProperty !== undefined
          ? 'is not an allowed field'
          : (issue.message ?? 'is invalid');
      return { field, reason };
    });
    return new Problem(
      400,
      'invalid-request',
      'The request is not valid',
      `the ${where} does not match its schema`,
      errors,
    );
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new Problem(413, 'too-large', 'The request body is too large', error.message);
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new Problem(415, 'unsupported-media-type', 'Send application/json', error.message);
  }
  if (
    error instanceof SyntaxError ||
    error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
  ) {
    return new Problem(400, 'malformed-json', 'The body is not valid JSON', error.message, [
      { field: '/', reason: error.message },
    ]);
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return new Problem(error.statusCode, 'invalid-request', 'The request is not valid', error.message);
  }
  return new Problem(500, 'internal', 'Internal error', 'the hub could not complete this request');
}
