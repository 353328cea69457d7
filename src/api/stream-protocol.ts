// The messages of GET /v1/stream, both ways, as JSON text frames. Kept apart from the connection
// that speaks them so that clients (and tests) can share the one description.
import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { FieldProblem } from '../hub/problem.js';
import { SignedCommandSchema } from '../hub/signed-command.js';

const After = Type.Integer({
  minimum: -1,
  description: 'The last index the client has: entries after it are sent; -1 for the whole record.',
});

/** The first message, for clients that cannot send an Authorization header (browsers). */
export const AuthMessage = Type.Object(
  {
    type: Type.Literal('auth'),
    token: Type.String({ pattern: '^[A-Za-z0-9_-]{20,100}$', description: 'A session token.' }),
    after: Type.Optional(After),
  },
  { additionalProperties: false },
);
export type AuthMessage = Static<typeof AuthMessage>;

/** A signed command, answered `accepted` or `refused` with the same id. */
export const CommandMessage = Type.Object(
  {
    type: Type.Literal('command'),
    id: Type.Union([Type.String({ maxLength: 200 }), Type.Integer()], {
      description: 'The client’s tag for the answer.',
    }),
    signed: SignedCommandSchema,
  },
  { additionalProperties: false },
);
export type CommandMessage = Static<typeof CommandMessage>;

export const StreamQuery = Type.Object({ after: Type.Optional(After) }, { additionalProperties: false });

/** What the hub sends. */
export type ServerMessage =
  | { type: 'ready'; operator: string; party: string; after: number }
  | {
      type: 'entry';
      index: number;
      kind: string;
      time: string;
      author: unknown;
      command: Record<string, unknown>;
      visibility: string[];
    }
  | { type: 'damaged'; index: number }
  | { type: 'accepted'; id: string | number; index: number; size: number; checkpoint: string }
  | { type: 'refused'; id: string | number | null; problem: Record<string, unknown> };

/** Close codes (RFC 6455 §7.4.1) and what a client should do on each. */
export const CLOSE = {
  /** The hub is shutting down: reconnect and resume. */
  goingAway: 1001,
  /** Not signed in, the session ended, or the messages broke the protocol: sign in again. */
  policyViolation: 1008,
  /** The stream failed on the hub's side: reconnect and resume. */
  internalError: 1011,
  /** The client fell too far behind: reconnect and resume from the last index it has. */
  tryAgainLater: 1013,
} as const;

const checkAuth = TypeCompiler.Compile(AuthMessage);
const checkCommand = TypeCompiler.Compile(CommandMessage);

export type ClientMessage =
  | { ok: true; message: AuthMessage | CommandMessage }
  | { ok: false; id: string | number | null; errors: FieldProblem[] };

/** Parses one text frame from a client, naming what is wrong with it if anything is. */
export function parseClientMessage(text: string): ClientMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, id: null, errors: [{ field: '/', reason: (error as Error).message }] };
  }
  const fields = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const id = typeof fields.id === 'string' || Number.isSafeInteger(fields.id) ? (fields.id as string) : null;
  const check = fields.type === 'auth' ? checkAuth : fields.type === 'command' ? checkCommand : null;
  if (check === null)
    return { ok: false, id, errors: [{ field: '/type', reason: 'must be "auth" or "command"' }] };
  if (check.Check(value)) return { ok: true, message: value };
  const errors = [...check.Errors(value)]
    .slice(0, 20)
    .map((error) => ({ field: error.path || '/', reason: error.message }));
  return { ok: false, id, errors };
}
