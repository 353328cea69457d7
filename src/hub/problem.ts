/** One thing wrong with a request: where (a JSON pointer into the body) and why. */
export interface FieldProblem {
  field: string;
  reason: string;
}

/**
 * A refusal the client can act on, shaped as RFC 9457 problem details.
 * `type` is a short slug; the API turns it into a URI.
 */
export class Problem extends Error {
  override name = 'Problem';
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldProblem[] = [],
    /** Further members of the problem details object, such as the conflicts behind a 409. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

export const problems = {
  badRequest: (detail: string, errors: FieldProblem[] = []) =>
    new Problem(400, 'invalid-request', 'The request is not valid', detail, errors),
  /** Well formed, but naming something the hub does not have for this party. */
  unprocessable: (detail: string, errors: FieldProblem[]) =>
    new Problem(422, 'unprocessable', 'The request names what does not exist', detail, errors),
  unauthenticated: (detail: string, field = '/signature') =>
    new Problem(401, 'unauthenticated', 'The request is not authenticated', detail, [
      { field, reason: detail },
    ]),
  forbidden: (detail: string) => new Problem(403, 'forbidden', 'Not allowed for this operator', detail),
  notFound: (detail: string, field?: string) =>
    new Problem(404, 'not-found', 'No such thing', detail, field ? [{ field, reason: detail }] : []),
  conflict: (detail: string, field?: string) =>
    new Problem(
      409,
      'conflict',
      'Conflicts with the current state',
      detail,
      field ? [{ field, reason: detail }] : [],
    ),
  replayed: () =>
    new Problem(
      409,
      'replayed',
      'This command was already received',
      'the nonce was already used by this key',
      [{ field: '/command/nonce', reason: 'already used by this key' }],
    ),
};
