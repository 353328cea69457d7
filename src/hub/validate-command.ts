import type { TObject, TSchema } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import { commandSchema } from './commands/fields.js';
import type { CommandHandler } from './commands/handler.js';
import { OPERATOR_COMMANDS } from './commands/index.js';
import { type FieldProblem, problems } from './problem.js';

const compiled = new Map<string, { handler: CommandHandler; check: TypeCheck<TObject> }>(
  OPERATOR_COMMANDS.map((handler) => [
    handler.type,
    { handler, check: TypeCompiler.Compile(handler.schema) },
  ]),
);

/** A login is signed like a command, so that only a key's holder can open a session, but is not recorded. */
export const LOGIN_CHECK = TypeCompiler.Compile(
  commandSchema('login', {}, 'Opens a read session for the signing operator.'),
);

/** The handler for a command, once its fields match the schema of its type; every problem listed. */
export function validateCommand(command: { type: string }): CommandHandler {
  const entry = compiled.get(command.type);
  if (!entry) {
    throw problems.badRequest(`unknown command type ${JSON.stringify(command.type)}`, [
      { field: '/command/type', reason: `must be one of ${[...compiled.keys()].join(', ')}` },
    ]);
  }
  assertMatches(entry.check, command);
  return entry.handler;
}

export function assertMatches(check: TypeCheck<TObject>, command: unknown): void {
  if (check.Check(command)) return;
  const errors: FieldProblem[] = [];
  for (const error of check.Errors(command)) {
    errors.push({ field: `/command${error.path}`, reason: reasonFor(error.schema, error.message) });
    if (errors.length === 20) break;
  }
  throw problems.badRequest('the command does not match its schema', errors);
}

/** Names the allowed values where the schema is a choice of constants, instead of "Expected union value". */
function reasonFor(schema: TSchema, message: string): string {
  const choices = (schema.anyOf as { const?: unknown }[] | undefined)?.map((option) => option.const);
  if (choices && choices.length > 0 && choices.every((choice) => typeof choice === 'string')) {
    return `must be one of ${choices.join(', ')}`;
  }
  return message;
}
