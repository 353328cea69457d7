import type { TObject, TSchema } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler, type ValueError } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import { canonicalBytes } from '../record/index.js';
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

/**
 * The handler for a command, once its fields match the schema of its type (every problem listed),
 * and the command's canonical JSON, which its signature must cover.
 */
export function validateCommand(command: { type: string }): { handler: CommandHandler; message: Uint8Array } {
  const entry = compiled.get(command.type);
  if (!entry) {
    throw problems.badRequest(`unknown command type ${JSON.stringify(command.type)}`, [
      { field: '/command/type', reason: `must be one of ${[...compiled.keys()].join(', ')}` },
    ]);
  }
  return { handler: entry.handler, message: checkedMessage(entry.check, command) };
}

/** The canonical JSON of a command that matches its schema; a 400 naming each field otherwise. */
export function checkedMessage(check: TypeCheck<TObject>, command: unknown): Uint8Array {
  if (!check.Check(command)) {
    const errors: FieldProblem[] = [];
    for (const error of check.Errors(command)) {
      errors.push(...problemsOf(error));
      if (errors.length >= 20) break;
    }
    throw problems.badRequest('the command does not match its schema', errors);
  }
  try {
    return canonicalBytes(command);
  } catch (error) {
    // JSON that has no RFC 8785 form, such as a string with a lone surrogate, cannot be signed.
    const [path = '$', reason = 'has no canonical JSON form'] = (error as Error).message.split(': ');
    const field = `/command${path.slice(1).replace(/\.([^.[]+)|\[(\d+)\]/g, (_m, key, index) => `/${key ?? index}`)}`;
    throw problems.badRequest('the command has no canonical JSON form', [{ field, reason }]);
  }
}

/**
 * A declaration is one of several kinds told apart by its `kind`: when it matches none, the errors
 * worth reporting are those against the kind it says it is, not "Expected union value".
 */
function problemsOf(error: ValueError): FieldProblem[] {
  const variants = error.schema.anyOf as TSchema[] | undefined;
  const kind = (error.value as { kind?: unknown } | null)?.kind;
  const variant = variants?.find(
    (v) => v.properties?.kind?.const !== undefined && v.properties.kind.const === kind,
  );
  if (variant) {
    return [...Value.Errors(variant, error.value)].map((inner) => ({
      field: `/command${error.path}${inner.path}`,
      reason: reasonFor(inner.schema, inner.message),
    }));
  }
  if (variants?.some((v) => v.properties?.kind?.const !== undefined)) {
    const kinds = variants.map((v) => v.properties?.kind?.const).join(', ');
    const isObject = typeof error.value === 'object' && error.value !== null && !Array.isArray(error.value);
    return isObject
      ? [{ field: `/command${error.path}/kind`, reason: `must be one of ${kinds}` }]
      : [{ field: `/command${error.path}`, reason: `must be an object whose kind is one of ${kinds}` }];
  }
  return [{ field: `/command${error.path}`, reason: reasonFor(error.schema, error.message) }];
}

/** Names the allowed values where the schema is a choice of constants, instead of "Expected union value". */
function reasonFor(schema: TSchema, message: string): string {
  const choices = (schema.anyOf as { const?: unknown }[] | undefined)?.map((option) => option.const);
  if (choices && choices.length > 0 && choices.every((choice) => typeof choice === 'string')) {
    return `must be one of ${choices.join(', ')}`;
  }
  return message;
}
