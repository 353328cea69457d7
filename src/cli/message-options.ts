// A hotline message as a person writes it on the command line: recipients as PARTY or PARTY/DUTY,
// template fields as KEY=VALUE, references as TYPE:ID[@VERSION]. The hub checks what they mean;
// these parsers only refuse what cannot be read at all.
import { randomUUID } from 'node:crypto';
import { type Command, InvalidArgumentError } from 'commander';
import { type MessageBody, Reference as ReferenceSchema } from '../hotline/message-schema.js';
import { versionOption } from './version-options.js';

type Recipient = MessageBody['recipients'][number];
type Reference = NonNullable<MessageBody['references']>[number];

const REFERENCE_TYPES: readonly string[] = ReferenceSchema.properties.type.anyOf.map((type) => type.const);

/** Commander's parser for a message id argument: the hub's ids are always <party>/<name>. */
export function messageIdArgument(value: string): string {
  if (!/^[^/]+\/[^/]+$/.test(value))
    throw new InvalidArgumentError('write it as PARTY/NAME, e.g. alpha/stop-1');
  return value;
}

/** A new message's id: the name given (under the party's id unless it has one), or a fresh UUID. */
export function newMessageId(party: string, name: string | undefined): string {
  if (name === undefined) return `${party}/${randomUUID()}`;
  return name.includes('/') ? name : `${party}/${name}`;
}

/** Commander's parser for a repeatable --to: a party, or a party's roster for a duty. */
export function recipientOption(value: string, previous: Recipient[] = []): Recipient[] {
  const slash = value.indexOf('/');
  const party = slash < 0 ? value : value.slice(0, slash);
  const duty = slash < 0 ? undefined : value.slice(slash + 1);
  if (party === '' || duty === '') {
    throw new InvalidArgumentError('write it as PARTY or PARTY/DUTY, e.g. bravo/air-deconfliction');
  }
  return [...previous, duty === undefined ? { party } : { party, duty }];
}

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * A field's value: a number or a JSON array or object (a position, an area) as data, so that
 * coordinates travel as numbers; anything else, times and declaration ids included, as text.
 */
function fieldValue(text: string): unknown {
  if (JSON_NUMBER.test(text)) return Number(text);
  if (!/^[[{]/.test(text)) return text;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidArgumentError(`the value is not JSON: ${(error as Error).message}`);
  }
}

/** Commander's parser for a repeatable --field KEY=VALUE, each added to those before. */
export function fieldOption(value: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const equals = value.indexOf('=');
  if (equals <= 0) throw new InvalidArgumentError('write it as KEY=VALUE, e.g. position=[36.2,37.1]');
  const key = value.slice(0, equals);
  if (key in previous) throw new InvalidArgumentError(`${key} is given twice`);
  return { ...previous, [key]: fieldValue(value.slice(equals + 1)) };
}

/** Commander's parser for a repeatable --reference TYPE:ID[@VERSION]. */
export function referenceOption(value: string, previous: Reference[] = []): Reference[] {
  const colon = value.indexOf(':');
  const type = value.slice(0, colon) as Reference['type'];
  if (colon <= 0 || !REFERENCE_TYPES.includes(type) || colon === value.length - 1) {
    throw new InvalidArgumentError(
      `write it as TYPE:ID[@VERSION], TYPE one of ${REFERENCE_TYPES.join(', ')}, e.g. declaration:alpha/op-1@2`,
    );
  }
  const id = value.slice(colon + 1);
  const at = id.lastIndexOf('@');
  if (at <= 0) return [...previous, { type, id }];
  return [...previous, { type, id: id.slice(0, at), version: versionOption(id.slice(at + 1)) }];
}

export interface ContentOptions {
  template?: string;
  field?: Record<string, unknown>;
  text?: string;
  language?: string;
  reference?: Reference[];
}

/** Adds what any message may carry: a template and its fields, free text, references. */
export function withContentOptions(command: Command): Command {
  return command
    .option('--template <name>', 'a structured template, rendered in each reader’s language')
    .option(
      '--field <key=value...>',
      'a template field; numbers and JSON ([lon,lat]) as data, the rest as text; once for each',
      fieldOption,
    )
    .option('--text <text>', 'free text, sent as written')
    .option('--language <code>', 'the language of the free text, e.g. en, ru, ar')
    .option(
      '--reference <type:id[@version]...>',
      'a declaration, conflict, message or track this one is about; once for each',
      referenceOption,
    );
}

/** The parts of a message body that the content options give, leaving out those not given. */
export function messageContent(options: ContentOptions): Partial<MessageBody> {
  if (options.field && options.template === undefined) {
    throw new InvalidArgumentError('--field needs --template, the template the fields belong to');
  }
  return {
    ...(options.template === undefined
      ? {}
      : { template: { name: options.template, fields: options.field ?? {} } }),
    ...(options.text === undefined ? {} : { text: options.text }),
    ...(options.language === undefined ? {} : { language: options.language }),
    ...(options.reference === undefined ? {} : { references: options.reference }),
  };
}
