import { Type } from '@sinclair/typebox';

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.String(),
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), reason: Type.String() }), {
        description: 'Each field at fault (a JSON pointer into the body, or where:name) and why.',
      }),
    ),
    recorded_at: Type.Optional(
      Type.Integer({
        description:
          'With 409 unacknowledged-conflicts: the index of the entry recording what the submitter was told; ' +
          'with 429 too-many-messages, the entry recording the refusal.',
      }),
    ),
    retry_after_s: Type.Optional(
      Type.Integer({
        description: 'With 429: seconds until the request may be made again, as in the Retry-After header.',
      }),
    ),
    conflicts: Type.Optional(
      Type.Array(Type.Unknown(), {
        description:
          'With 409 unacknowledged-conflicts: every conflict, in full where the submitter may see the other ' +
          'declaration, else its owner, coarse area and hours, and the roster to call.',
      }),
    ),
  },
  { title: 'Problem', description: 'RFC 9457 problem details.' },
);
